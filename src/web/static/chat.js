/*
 * Prykhystok web chat page.
 *
 * Plain script, no build step, no dependencies. Works under a strict CSP (no inline code, no inline
 * styles, no eval): every server-provided string reaches the page through textContent / DOM nodes,
 * never through innerHTML.
 *
 * Storage:
 *  - the conversation `session` lives in sessionStorage: it belongs to this tab only and disappears
 *    when the tab is closed, so on a shared phone or a library computer the next person does not
 *    continue someone else's conversation; a reload in the same tab keeps it.
 *  - the conversation shown on the page lives in sessionStorage too (transcript.js), for the same
 *    reason: a reload shows the person their own conversation; it is never sent to the server, and
 *    /forget empties it together with the session.
 *  - the language the person explicitly picked lives in localStorage: it is a display preference,
 *    not tied to any conversation, and spares a stressed person choosing it again next time.
 *  Both are optional: if storage is blocked (sandboxed or third-party iframe) the page keeps them
 *  in memory.
 */
(function () {
  'use strict';

  var API_CHAT = '/api/chat';
  var API_UI = '/api/chat/ui';
  var PRIVACY_URL = '/privacy';
  var LANGUAGES = ['uk', 'ru', 'nl', 'en'];
  var LANGUAGE_NAMES = { uk: 'Українська', ru: 'Русский', nl: 'Nederlands', en: 'English' };
  var MAX_CHARS = 1000;
  var COUNTER_FROM = 800; // show the counter from this many characters on
  var REQUEST_TIMEOUT_MS = 25000;
  var THINKING_DELAY_MS = 250; // do not flash the indicator for fast answers
  var SESSION_KEY = 'prykhystok.session';
  var LANGUAGE_KEY = 'prykhystok.language';
  // A button payload that picks a language: the reply carrying such buttons is the language chooser.
  var LANGUAGE_PAYLOAD = /^l:[a-z]{2}$/;

  /** English labels, used until (or if never) the server's labels arrive. Keep in sync with web-strings.json. */
  var FALLBACK_STRINGS = {
    appName: 'Prykhystok',
    tagline: 'Answers for people from Ukraine in the Netherlands',
    pageTitle: 'Prykhystok — answers for people from Ukraine in the Netherlands',
    skipToInput: 'Skip to the message field',
    languageLabel: 'Language',
    logLabel: 'Conversation',
    you: 'You',
    inputLabel: 'Your question',
    placeholder: 'Type your question…',
    inputHint: 'Press Enter to send, Shift+Enter for a new line.',
    send: 'Send',
    thinking: 'Looking for an answer…',
    charsLeft: '{count} characters left',
    tooLong: 'Too long: {count} of {max} characters. Please shorten your message.',
    errorRateLimited: 'You are sending messages very quickly. Please wait a minute and try again.',
    errorTooLong: 'This message is too long. Please shorten it and send it again.',
    errorBadRequest: 'The message could not be processed. Please try wording it differently.',
    errorServer: 'Something went wrong on our side. Please try again in a minute.',
    errorNetwork: 'No connection to the server. Check your internet connection and try again.',
    textKept: 'Your text is still in the message field.',
    retry: 'Try again',
    dismiss: 'Close',
    sources: 'Sources',
    checkedOn: 'Checked on {date}',
    opensInNewTab: '(opens in a new tab)',
    buttonsLabel: 'Options',
    privacyLink: 'Privacy',
    notGovernment: 'Prykhystok is not a government service.',
    conversationCleared: 'The conversation was deleted from this page.'
  };

  // ---------------------------------------------------------------------------------------------
  // Small helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function isLanguage(value) {
    return typeof value === 'string' && LANGUAGES.indexOf(value) !== -1;
  }

  /** A BCP 47-ish tag we are willing to put into a lang attribute. */
  function safeLangTag(value) {
    return typeof value === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(value) ? value : '';
  }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  /** The URL if it is an absolute http(s) URL, else null. */
  function safeHttpUrl(raw) {
    if (typeof raw !== 'string') return null;
    var value = raw.trim();
    if (!/^https?:\/\/[^\s<>"]+$/i.test(value)) return null;
    try {
      var url = new URL(value);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
      if (url.username || url.password) return null;
      return url;
    } catch {
      return null;
    }
  }

  function makeStorage(kind) {
    var memory = {};
    var store = null;
    try {
      store = window[kind];
      var probe = '__prykhystok_probe__';
      store.setItem(probe, '1');
      store.removeItem(probe);
    } catch {
      store = null;
    }
    return {
      get: function (key) {
        try {
          if (store) return store.getItem(key);
        } catch { /* fall through to memory */ }
        return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
      },
      /** False when the browser's storage refused the value (full); it is then kept in memory only. */
      set: function (key, value) {
        memory[key] = value;
        try {
          if (store) store.setItem(key, value);
          return true;
        } catch {
          return false;
        }
      },
      remove: function (key) {
        delete memory[key];
        try {
          if (store) store.removeItem(key);
        } catch { /* nothing stored to remove */ }
      }
    };
  }

  var sessionStore = makeStorage('sessionStorage');
  var prefStore = makeStorage('localStorage');
  var transcript = window.PrykhystokTranscript.create(sessionStore);

  // ---------------------------------------------------------------------------------------------
  // An answer's text as DOM. The server reads the Markdown with the parser every channel uses and
  // sends the result as `blocks` (src/channels/markdown-document.ts); this page parses no Markdown, so
  // it shows what the volunteers' preview shows. Only text nodes and known elements are made.
  //   block:  {paragraph: [line]} | {list: 'bullet'|'numbered', items: [{number?, lines: [line]}]}
  //   line:   [inline];  inline: "text" | {strong: [inline]} | {em: [inline]} | {link: url, label: [inline]}

  var MAX_DEPTH = 8;

  function renderBlocks(blocks, text) {
    var fragment = document.createDocumentFragment();
    if (!Array.isArray(blocks)) {
      // A reply kept in this tab from before the server sent blocks: its words, line by line.
      var lines = String(text).split('\n').map(function (line) { return [line]; });
      if (text) fragment.appendChild(appendLines(el('p', 'md-p'), lines));
      return fragment;
    }
    blocks.forEach(function (block) {
      if (!block || typeof block !== 'object') return;
      if (Array.isArray(block.paragraph)) {
        fragment.appendChild(appendLines(el('p', 'md-p'), block.paragraph));
      } else if ((block.list === 'bullet' || block.list === 'numbered') && Array.isArray(block.items)) {
        var list = el(block.list === 'bullet' ? 'ul' : 'ol', 'md-list');
        block.items.forEach(function (item) {
          if (!item || !Array.isArray(item.lines)) return;
          var li = el('li');
          if (block.list === 'numbered' && typeof item.number === 'number' && isFinite(item.number)) li.value = item.number;
          list.appendChild(appendLines(li, item.lines));
        });
        fragment.appendChild(list);
      }
    });
    return fragment;
  }

  /** Lines of a paragraph or list item, with a line break between them. */
  function appendLines(parent, lines) {
    lines.forEach(function (line, i) {
      if (i > 0) parent.appendChild(document.createElement('br'));
      if (Array.isArray(line)) appendInlines(parent, line, 0, false);
    });
    return parent;
  }

  function appendInlines(parent, nodes, depth, insideLink) {
    if (depth > MAX_DEPTH) return parent;
    nodes.forEach(function (node) {
      if (typeof node === 'string') {
        appendText(parent, node, insideLink);
      } else if (node && Array.isArray(node.strong)) {
        parent.appendChild(appendInlines(el('strong'), node.strong, depth + 1, insideLink));
      } else if (node && Array.isArray(node.em)) {
        parent.appendChild(appendInlines(el('em'), node.em, depth + 1, insideLink));
      } else if (node && Array.isArray(node.label)) {
        var url = insideLink ? null : safeHttpUrl(node.link);
        if (!url) {
          appendInlines(parent, node.label, depth + 1, insideLink);
          return;
        }
        var a = makeExternalLink(url.href, 'md-link');
        appendInlines(a, node.label, depth + 1, true);
        appendNewTabHint(a);
        parent.appendChild(a);
      }
    });
    return parent;
  }

  /** Text of an answer; its phone numbers become tel: links (not inside another link). */
  function appendText(parent, text, insideLink) {
    var parts = insideLink ? [{ text: text }] : window.PrykhystokPhones.split(text);
    parts.forEach(function (part) {
      if (!part.tel) {
        parent.appendChild(document.createTextNode(part.text));
        return;
      }
      var a = el('a', 'tel-link', part.text);
      a.href = 'tel:' + part.tel;
      parent.appendChild(a);
    });
  }

  function makeExternalLink(href, className) {
    var a = el('a', className);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  function appendNewTabHint(a) {
    var hint = el('span', 'visually-hidden', ' ' + t('opensInNewTab'));
    hint.lang = uiLanguage;
    a.appendChild(hint);
  }

  // ---------------------------------------------------------------------------------------------
  // State and elements

  var strings = Object.assign({}, FALLBACK_STRINGS);
  var uiLanguage = 'en'; // the language `strings` are in
  var explicitLanguage = null; // picked by the person (switcher, stored, or l:xx button)
  var session = sessionStore.get(SESSION_KEY) || null;
  var busy = false;
  var queuedLanguage = null;
  var stringsRequest = 0;
  var lastFailed = null;
  var shownError = null; // {err, textKept} of the error bar, to relabel it when the language changes
  var guessedLanguage = 'uk'; // from the browser, used when nothing was picked and the server did not say
  var labelsTimer = null; // pending fallback label load while waiting for the greeting's language

  var logEl, form, input, sendButton, counterEl, errorBar, errorText, errorRetry, errorDismiss;
  var alertLive, statusLive, langSwitch, langCurrent, privacyLink;
  var coarsePointer = window.matchMedia ? window.matchMedia('(pointer: coarse)') : { matches: false };

  function t(key) {
    var value = strings[key];
    return typeof value === 'string' && value ? value : FALLBACK_STRINGS[key] || key;
  }

  // ---------------------------------------------------------------------------------------------
  // Page labels

  function applyStrings() {
    var nodes = document.querySelectorAll('[data-i18n]');
    for (var i = 0; i < nodes.length; i++) {
      var key = nodes[i].getAttribute('data-i18n');
      nodes[i].textContent = t(key);
    }
    var labelled = document.querySelectorAll('[data-i18n-aria-label]');
    for (var j = 0; j < labelled.length; j++) {
      labelled[j].setAttribute('aria-label', t(labelled[j].getAttribute('data-i18n-aria-label')));
    }
    var placeholders = document.querySelectorAll('[data-i18n-placeholder]');
    for (var k = 0; k < placeholders.length; k++) {
      placeholders[k].setAttribute('placeholder', t(placeholders[k].getAttribute('data-i18n-placeholder')));
    }
    document.title = t('pageTitle');
    document.documentElement.lang = uiLanguage;
    privacyLink.href = PRIVACY_URL + '?language=' + encodeURIComponent(uiLanguage);
    if (shownError) errorText.textContent = errorLine(shownError.err, shownError.textKept);
    if (input) autoGrow(); // a longer placeholder may need a second line on narrow screens
    updateCounter();
  }

  function markCurrentLanguage(language) {
    langCurrent.textContent = LANGUAGE_NAMES[language] || LANGUAGE_NAMES.en;
    langCurrent.lang = language;
    var options = document.querySelectorAll('.lang-option');
    for (var i = 0; i < options.length; i++) {
      if (options[i].getAttribute('data-lang') === language) options[i].setAttribute('aria-current', 'true');
      else options[i].removeAttribute('aria-current');
    }
  }

  /** Loads the page's labels in `language`; English fallback labels stay if the endpoint fails. */
  function loadStrings(language) {
    if (labelsTimer) {
      window.clearTimeout(labelsTimer);
      labelsTimer = null;
    }
    var request = ++stringsRequest;
    markCurrentLanguage(language);
    return fetch(API_UI + '?language=' + encodeURIComponent(language), {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin'
    })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (data) {
        if (request !== stringsRequest) return;
        if (!data || typeof data.strings !== 'object' || data.strings === null) throw new Error('bad shape');
        var next = Object.assign({}, FALLBACK_STRINGS);
        Object.keys(data.strings).forEach(function (key) {
          if (typeof data.strings[key] === 'string' && data.strings[key]) next[key] = data.strings[key];
        });
        strings = next;
        uiLanguage = isLanguage(data.language) ? data.language : language;
        applyStrings();
      })
      .catch(function () {
        if (request !== stringsRequest) return;
        strings = Object.assign({}, FALLBACK_STRINGS);
        uiLanguage = 'en';
        applyStrings();
      });
  }

  /**
   * The language a reply shows the conversation is in, or null when it shows none: the language
   * chooser (/lang, or the first greeting when nothing is known) is written in all four languages, and
   * a reply with a notice is in a fallback language because the person's is missing.
   */
  function conversationLanguage(reply) {
    if (!reply || typeof reply !== 'object' || !isLanguage(reply.language) || reply.notice) return null;
    var buttons = Array.isArray(reply.buttons) ? reply.buttons : [];
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i] && typeof buttons[i].payload === 'string' && LANGUAGE_PAYLOAD.test(buttons[i].payload)) return null;
    }
    return reply.language;
  }

  /** The language the kept conversation was last in, if any of its replies shows one. */
  function keptLanguage(entries) {
    for (var i = entries.length - 1; i >= 0; i--) {
      var language = entries[i].who === 'bot' ? conversationLanguage(entries[i].reply) : null;
      if (language) return language;
    }
    return null;
  }

  function initialLanguage() {
    var stored = prefStore.get(LANGUAGE_KEY);
    if (isLanguage(stored)) {
      explicitLanguage = stored;
      return stored;
    }
    var fromUrl = null;
    try {
      fromUrl = new URLSearchParams(window.location.search).get('lang');
    } catch { /* ignore */ }
    if (isLanguage(fromUrl)) {
      explicitLanguage = fromUrl;
      return fromUrl;
    }
    var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
    for (var i = 0; i < preferred.length; i++) {
      var base = String(preferred[i] || '').toLowerCase().split('-')[0];
      if (isLanguage(base)) return base;
    }
    return 'uk';
  }

  // ---------------------------------------------------------------------------------------------
  // Messages in the log

  /**
   * "You: " / "Prykhystok: " for screen readers. Labels inside the log (this, "Sources", …) keep the
   * language they were written in, with a matching lang attribute: relabelling them on a language
   * switch would make the live region re-announce old messages.
   */
  function speakerPrefix(key) {
    var prefix = el('span', 'visually-hidden');
    var name = el('span', '', t(key));
    name.lang = uiLanguage;
    prefix.appendChild(name);
    prefix.appendChild(document.createTextNode(': '));
    return prefix;
  }

  function addUserMessage(text, lang) {
    var item = el('div', 'msg msg--user');
    var safeLang = safeLangTag(lang);
    var bubble = el('div', 'bubble');
    var body = el('span', 'user-text', text);
    if (safeLang) body.lang = safeLang;
    bubble.appendChild(speakerPrefix('you'));
    bubble.appendChild(body);
    item.appendChild(bubble);
    logEl.appendChild(item);
    return item;
  }

  /** A line of the page itself in the log (not the bot's), e.g. that the conversation was deleted. */
  function addPageNote(key) {
    var item = el('div', 'msg msg--note');
    var note = el('p', 'page-note', t(key));
    note.lang = uiLanguage;
    item.appendChild(note);
    logEl.appendChild(item);
    return item;
  }

  /** After /forget: empties the log and the kept conversation, and drops the session. */
  function clearConversation() {
    while (logEl.firstChild) logEl.removeChild(logEl.firstChild);
    transcript.clear();
    session = null;
    sessionStore.remove(SESSION_KEY);
    addPageNote('conversationCleared');
    transcript.add({ who: 'cleared' });
  }

  /** Shows the conversation kept from before the reload, as it was. */
  function restoreConversation(entries) {
    entries.forEach(function (entry) {
      if (entry.who === 'user') addUserMessage(entry.text, entry.lang);
      else if (entry.who === 'bot') renderReply(entry.reply);
      else addPageNote('conversationCleared');
    });
  }

  function sourceLabel(url) {
    return url.hostname.replace(/^www\./i, '');
  }

  function renderReply(reply) {
    var language = safeLangTag(reply.language);
    var kind = typeof reply.kind === 'string' ? reply.kind : 'answer';
    var item = el('div', 'msg msg--bot');
    if (/^[a-z-]{1,20}$/.test(kind)) item.classList.add('msg--' + kind);
    if (language) item.lang = language;

    var bubble = el('div', 'bubble');
    bubble.appendChild(speakerPrefix('appName'));

    if (typeof reply.notice === 'string' && reply.notice.trim()) {
      var notice = el('p', 'notice', reply.notice);
      notice.setAttribute('role', 'note');
      bubble.appendChild(notice);
    }

    var body = el('div', 'reply-text');
    body.appendChild(renderBlocks(reply.blocks, typeof reply.text === 'string' ? reply.text : ''));
    bubble.appendChild(body);

    var sources = Array.isArray(reply.sources) ? reply.sources : [];
    var links = [];
    for (var i = 0; i < sources.length; i++) {
      var url = safeHttpUrl(sources[i]);
      if (url) links.push(url);
    }
    if (links.length) {
      var box = el('div', 'sources');
      var heading = el('p', 'sources-label', t('sources'));
      heading.lang = uiLanguage;
      box.appendChild(heading);
      var list = el('ul', 'sources-list');
      var seen = {};
      links.forEach(function (url) {
        var label = sourceLabel(url);
        seen[label] = (seen[label] || 0) + 1;
        var li = el('li');
        var a = makeExternalLink(url.href, 'source-link');
        a.title = url.href;
        a.appendChild(el('span', '', seen[label] > 1 ? label + ' (' + seen[label] + ')' : label));
        appendNewTabHint(a);
        li.appendChild(a);
        list.appendChild(li);
      });
      box.appendChild(list);
      bubble.appendChild(box);
    }

    var reviewedText = null;
    if (typeof reply.reviewedLabel === 'string' && reply.reviewedLabel.trim()) {
      reviewedText = reply.reviewedLabel;
    } else if (typeof reply.reviewed === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(reply.reviewed)) {
      reviewedText = format(t('checkedOn'), { date: formatDate(reply.reviewed) });
    }
    if (reviewedText) {
      var reviewed = el('p', 'reviewed');
      reviewed.appendChild(el('span', 'reviewed-mark', '✓')).setAttribute('aria-hidden', 'true');
      reviewed.appendChild(document.createTextNode(' ' + reviewedText));
      if (!reply.reviewedLabel) reviewed.lang = uiLanguage;
      bubble.appendChild(reviewed);
    }

    // A caveat (e.g. "checked more than six months ago" on a safety answer) comes after the answer and
    // its numbers: a person in danger reads "Call 112" first.
    if (typeof reply.caveat === 'string' && reply.caveat.trim()) {
      var caveat = el('p', 'notice notice--after', reply.caveat);
      caveat.setAttribute('role', 'note');
      bubble.appendChild(caveat);
    }

    item.appendChild(bubble);

    var buttons = Array.isArray(reply.buttons) ? reply.buttons : [];
    var valid = buttons.filter(function (b) {
      return b && typeof b.label === 'string' && b.label.trim() && typeof b.payload === 'string' && b.payload;
    });
    if (valid.length) {
      var group = el('div', 'reply-buttons');
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', t('buttonsLabel'));
      valid.forEach(function (b) {
        var button = el('button', 'reply-button', b.label);
        button.type = 'button';
        button.addEventListener('click', function (event) {
          onReplyButton(b, language, event);
        });
        group.appendChild(button);
      });
      item.appendChild(group);
    }

    logEl.appendChild(item);
    return item;
  }

  function formatDate(iso) {
    try {
      var parts = iso.split('-');
      var date = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]));
      return new Intl.DateTimeFormat(uiLanguage, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
    } catch {
      return iso;
    }
  }

  var thinkingTimer = null;
  var thinkingEl = null;

  function showThinking() {
    hideThinking();
    thinkingTimer = window.setTimeout(function () {
      thinkingTimer = null;
      thinkingEl = el('div', 'msg msg--bot msg--thinking');
      var bubble = el('div', 'bubble');
      var dots = el('span', 'dots');
      dots.setAttribute('aria-hidden', 'true');
      dots.appendChild(el('span'));
      dots.appendChild(el('span'));
      dots.appendChild(el('span'));
      bubble.appendChild(dots);
      var label = el('span', 'thinking-text', t('thinking'));
      label.lang = uiLanguage;
      bubble.appendChild(label);
      thinkingEl.appendChild(bubble);
      logEl.appendChild(thinkingEl);
      scrollToBottom();
    }, THINKING_DELAY_MS);
  }

  function hideThinking() {
    if (thinkingTimer) {
      window.clearTimeout(thinkingTimer);
      thinkingTimer = null;
    }
    if (thinkingEl) {
      thinkingEl.remove();
      thinkingEl = null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Scrolling (the document scrolls, not an inner box, so zoom and small screens reflow naturally;
  // window.scrollTo never scrolls an embedding page, unlike scrollIntoView).

  function maxScroll() {
    var doc = document.scrollingElement || document.documentElement;
    return Math.max(0, doc.scrollHeight - window.innerHeight);
  }

  function scrollToBottom() {
    window.scrollTo({ top: maxScroll() });
  }

  function documentTop(node) {
    return node.getBoundingClientRect().top + window.pageYOffset;
  }

  /**
   * Shows the newest exchange: the echoed question and the start of the first reply, or the end of
   * the page when all of it fits. Long answers are shown from their beginning, not their end.
   */
  function scrollToNewest(echo, first) {
    var top = documentTop(echo || first);
    if (echo && documentTop(first) - top > window.innerHeight * 0.5) top = documentTop(first);
    window.scrollTo({ top: Math.max(0, Math.min(top - 12, maxScroll())) });
  }

  // ---------------------------------------------------------------------------------------------
  // Talking to the server

  function ChatError(type, status, message) {
    this.type = type;
    this.status = status || 0;
    this.message = message || '';
  }

  function adoptSession(value) {
    if (value && value.length <= 512 && value !== session) {
      session = value;
      sessionStore.set(SESSION_KEY, session);
    }
  }

  function postChat(body) {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
    // ?language= only chooses the language of the server's error lines (e.g. 429) to match the page.
    return fetch(API_CHAT + '?language=' + encodeURIComponent(uiLanguage), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller ? controller.signal : undefined
    })
      .then(
        function (res) {
          return res.text().then(function (raw) {
            var data = null;
            try {
              data = raw ? JSON.parse(raw) : null;
            } catch {
              /* not JSON: handled as an error below */
            }
            if (data && typeof data.session === 'string') adoptSession(data.session);
            if (!res.ok) {
              var message = data && typeof data.error === 'string' ? data.error.trim().slice(0, 500) : '';
              throw new ChatError('http', res.status, message);
            }
            if (!data || !Array.isArray(data.replies)) throw new ChatError('http', 502, '');
            return data;
          });
        },
        function () {
          throw new ChatError('network');
        }
      )
      .catch(function (err) {
        if (err instanceof ChatError) throw err;
        throw new ChatError('network');
      })
      .finally(function () {
        if (timer) window.clearTimeout(timer);
      });
  }

  /**
   * Sends one action. `action` = {body, echo?: {text, lang}, restoreText?: string}.
   * Returns a promise that always resolves.
   */
  function perform(action, options) {
    options = options || {};
    if (busy) return Promise.resolve(false);
    busy = true;
    updateSendState();
    clearError();

    var echo = action.echo ? addUserMessage(action.echo.text, action.echo.lang) : null;
    if (echo) scrollToBottom();
    showThinking();

    var body = Object.assign({}, action.body);
    if (session) body.session = session;

    return postChat(body)
      .then(function (data) {
        hideThinking();
        var first = null;
        var followLanguage = null;
        if (echo) transcript.add({ who: 'user', text: action.echo.text, lang: action.echo.lang });
        data.replies.forEach(function (reply) {
          if (!reply || typeof reply !== 'object') return;
          if (reply.kind === 'forget') {
            // The server forgot the person; the page forgets what it shows and keeps, too.
            clearConversation();
            echo = null;
            first = null;
          }
          var node = renderReply(reply);
          transcript.add({ who: 'bot', reply: reply });
          if (!first) first = node;
          followLanguage = conversationLanguage(reply) || followLanguage;
        });
        lastFailed = null;
        if (first && (echo || first !== logEl.firstElementChild)) scrollToNewest(echo, first);
        // The page's own labels speak the language the bot answers in.
        if (followLanguage && (followLanguage !== uiLanguage || labelsTimer)) loadStrings(followLanguage);
        else if (labelsTimer) loadStrings(guessedLanguage);
        return true;
      })
      .catch(function (err) {
        hideThinking();
        if (echo) echo.remove();
        var kept = false;
        if (typeof action.restoreText === 'string' && action.restoreText) {
          var current = input.value;
          if (!current.trim()) input.value = action.restoreText;
          else if (current.indexOf(action.restoreText) === -1) input.value = action.restoreText + '\n' + current;
          kept = true;
          autoGrow();
          updateCounter();
        }
        lastFailed = action;
        if (labelsTimer) loadStrings(guessedLanguage);
        showError(err, kept);
        return false;
      })
      .finally(function () {
        busy = false;
        updateSendState();
        // Focus moved to the input when the message was sent; only rescue it if it got lost
        // (e.g. the focused element was removed), never pull it away from where the person went.
        if (options.focusInput && (!document.activeElement || document.activeElement === document.body)) {
          input.focus({ preventScroll: true });
        }
        if (queuedLanguage) {
          var language = queuedLanguage;
          queuedLanguage = null;
          sendLanguage(language, false);
        }
      });
  }

  function errorMessage(err) {
    if (err.type === 'network') return t('errorNetwork');
    if (err.message) return err.message;
    if (err.status === 429) return t('errorRateLimited');
    if (err.status === 413) return t('errorTooLong');
    if (err.status === 400 || err.status === 422) return t('errorBadRequest');
    return t('errorServer');
  }

  function errorLine(err, textKept) {
    var message = errorMessage(err);
    return textKept ? message + ' ' + t('textKept') : message;
  }

  function showError(err, textKept) {
    var message = errorLine(err, textKept);
    shownError = { err: err, textKept: textKept };
    errorText.textContent = message;
    // Retrying cannot fix a message the server refused as too long or malformed.
    var canRetry = !(err.type === 'http' && (err.status === 413 || err.status === 400 || err.status === 422));
    errorRetry.hidden = !canRetry;
    errorBar.hidden = false;
    alertLive.textContent = '';
    window.setTimeout(function () {
      alertLive.textContent = message;
    }, 50);
  }

  function clearError() {
    shownError = null;
    errorBar.hidden = true;
    errorText.textContent = '';
    alertLive.textContent = '';
  }

  // ---------------------------------------------------------------------------------------------
  // Input

  function currentText() {
    return input.value.trim();
  }

  /** Characters as the server counts them (code points, so an emoji is one). */
  function charCount(text) {
    return Array.from(text).length;
  }

  function updateSendState() {
    var text = currentText();
    var blocked = busy || !text || charCount(text) > MAX_CHARS;
    sendButton.setAttribute('aria-disabled', blocked ? 'true' : 'false');
    document.body.classList.toggle('is-busy', busy);
  }

  var lastCounterState = '';

  function updateCounter() {
    if (!input) return;
    var count = charCount(currentText());
    var over = count > MAX_CHARS;
    if (count >= COUNTER_FROM) {
      counterEl.hidden = false;
      counterEl.textContent = over
        ? format(t('tooLong'), { count: count, max: MAX_CHARS })
        : count + ' / ' + MAX_CHARS + ' · ' + format(t('charsLeft'), { count: MAX_CHARS - count });
      counterEl.classList.toggle('counter--over', over);
    } else {
      counterEl.hidden = true;
      counterEl.textContent = '';
    }
    if (over) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    // Announce crossing the thresholds only, not every keystroke.
    var state = over ? 'over' : count >= 950 ? 'near' : 'ok';
    if (state !== lastCounterState) {
      if (state === 'over') statusLive.textContent = format(t('tooLong'), { count: count, max: MAX_CHARS });
      else if (state === 'near') statusLive.textContent = format(t('charsLeft'), { count: MAX_CHARS - count });
      else statusLive.textContent = '';
      lastCounterState = state;
    }
    updateSendState();
  }

  function autoGrow() {
    // Grow by changing the rows attribute (no inline styles, CSP-friendly).
    input.rows = 1;
    var cs = window.getComputedStyle(input);
    var lineHeight = parseFloat(cs.lineHeight) || 22;
    var padding = (parseFloat(cs.paddingTop) || 0) + (parseFloat(cs.paddingBottom) || 0);
    var lines = Math.round((input.scrollHeight - padding) / lineHeight);
    input.rows = Math.max(1, Math.min(6, lines || 1));
  }

  function submitTyped(options) {
    var raw = input.value;
    var text = raw.trim();
    if (!text) {
      input.focus();
      return;
    }
    if (charCount(text) > MAX_CHARS) {
      statusLive.textContent = '';
      window.setTimeout(function () {
        statusLive.textContent = format(t('tooLong'), { count: charCount(text), max: MAX_CHARS });
      }, 50);
      input.focus();
      return;
    }
    if (busy) return; // the text stays in the field
    input.value = '';
    autoGrow();
    updateCounter();
    if (options && options.focusInput) input.focus({ preventScroll: true });
    perform({ body: { text: text }, echo: { text: text }, restoreText: raw }, options);
  }

  function shouldFocusInput(event) {
    // Keyboard activation (detail 0) or a mouse: return focus to the input. A tap on a touch
    // screen: leave it, so the on-screen keyboard does not pop up over the answer.
    return !event || event.detail === 0 || !coarsePointer.matches;
  }

  function onReplyButton(button, language, event) {
    if (busy) return;
    var match = /^l:([a-z]{2})$/.exec(button.payload);
    if (match && isLanguage(match[1])) chooseLanguage(match[1]);
    var focus = shouldFocusInput(event);
    if (focus) input.focus({ preventScroll: true });
    perform({ body: { payload: button.payload }, echo: { text: button.label, lang: language } }, { focusInput: focus });
  }

  // ---------------------------------------------------------------------------------------------
  // Language

  function chooseLanguage(language) {
    explicitLanguage = language;
    prefStore.set(LANGUAGE_KEY, language);
    loadStrings(language);
  }

  function sendLanguage(language, focusInput) {
    if (busy) {
      queuedLanguage = language;
      return;
    }
    perform({ body: { payload: 'l:' + language }, echo: { text: LANGUAGE_NAMES[language], lang: language } }, { focusInput: focusInput });
  }

  function closeLanguageMenu(focusSummary) {
    if (!langSwitch.open) return;
    langSwitch.open = false;
    if (focusSummary) langSwitch.querySelector('summary').focus();
  }

  // ---------------------------------------------------------------------------------------------
  // Start

  function init() {
    logEl = document.getElementById('log');
    form = document.getElementById('composer-form');
    input = document.getElementById('message');
    sendButton = document.getElementById('send');
    counterEl = document.getElementById('message-counter');
    errorBar = document.getElementById('error-bar');
    errorText = document.getElementById('error-text');
    errorRetry = document.getElementById('error-retry');
    errorDismiss = document.getElementById('error-dismiss');
    alertLive = document.getElementById('alert-live');
    statusLive = document.getElementById('status-live');
    langSwitch = document.getElementById('lang-switch');
    langCurrent = document.getElementById('lang-current');
    privacyLink = document.getElementById('privacy-link');

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submitTyped({ focusInput: true });
    });

    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        submitTyped({ focusInput: true });
      }
    });
    input.addEventListener('input', function () {
      autoGrow();
      updateCounter();
    });

    // Keep the focus (and the on-screen keyboard) in the text field when the send button is tapped.
    function keepInputFocus(event) {
      if (document.activeElement === input) event.preventDefault();
    }
    sendButton.addEventListener('pointerdown', keepInputFocus);
    sendButton.addEventListener('mousedown', keepInputFocus);
    sendButton.addEventListener('click', function (event) {
      if (sendButton.getAttribute('aria-disabled') === 'true') {
        event.preventDefault();
        if (!busy) submitTyped({ focusInput: true }); // explains "too long" / refocuses when empty
      }
    });

    errorRetry.addEventListener('click', function () {
      var action = lastFailed;
      if (!action) return clearError();
      if (typeof action.restoreText === 'string') submitTyped({ focusInput: true });
      else {
        input.focus({ preventScroll: true });
        perform(action, { focusInput: true });
      }
    });
    errorDismiss.addEventListener('click', function () {
      clearError();
      input.focus();
    });

    var options = document.querySelectorAll('.lang-option');
    for (var i = 0; i < options.length; i++) {
      options[i].addEventListener('click', function (event) {
        var language = event.currentTarget.getAttribute('data-lang');
        if (!isLanguage(language)) return;
        var focus = shouldFocusInput(event);
        closeLanguageMenu(!focus);
        chooseLanguage(language);
        if (focus) input.focus({ preventScroll: true });
        sendLanguage(language, focus);
      });
    }
    langSwitch.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') closeLanguageMenu(true);
    });
    langSwitch.addEventListener('focusout', function (event) {
      if (event.relatedTarget && !langSwitch.contains(event.relatedTarget)) closeLanguageMenu(false);
    });
    document.addEventListener('click', function (event) {
      if (langSwitch.open && !langSwitch.contains(event.target)) closeLanguageMenu(false);
    });

    // When the on-screen keyboard opens, keep the newest message in view if we were at the end.
    if (window.visualViewport) {
      var wasAtEnd = true;
      window.addEventListener('scroll', function () {
        wasAtEnd = maxScroll() - window.pageYOffset < 48;
      }, { passive: true });
      window.visualViewport.addEventListener('resize', function () {
        if (wasAtEnd) scrollToBottom();
      });
    }

    var language = initialLanguage();
    var kept = transcript.load();
    uiLanguage = 'en';
    applyStrings();
    var start = { payload: 'start' };
    if (explicitLanguage) start.language = explicitLanguage;
    if (kept.length) {
      resumeConversation(kept, language, start);
      return;
    }
    if (explicitLanguage) {
      loadStrings(language);
    } else {
      // Nothing picked: the greeting tells which language the server speaks to this person; load
      // the labels in that language (one fetch, no flip-flop), or the browser's guess if it is slow.
      guessedLanguage = language;
      markCurrentLanguage(language);
      labelsTimer = window.setTimeout(function () {
        labelsTimer = null;
        loadStrings(guessedLanguage);
      }, 1500);
    }
    autoGrow();
    updateCounter();
    perform({ body: start }, { focusInput: false });
  }

  /** After a reload: the kept conversation again, in labels of its language, and no second greeting. */
  function resumeConversation(kept, language, start) {
    busy = true; // nothing is sent before the kept conversation is back in place
    updateSendState();
    autoGrow();
    // Labels first, so the kept messages' own labels ("Sources", "Checked on …") are in their language.
    loadStrings(keptLanguage(kept) || language).then(function () {
      restoreConversation(kept);
      busy = false;
      updateSendState();
      scrollToBottom();
      // After /forget the session is gone: the next conversation starts with a greeting.
      if (!session) perform({ body: start }, { focusInput: false });
      else if (queuedLanguage) {
        var queued = queuedLanguage;
        queuedLanguage = null;
        sendLanguage(queued, false);
      }
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
