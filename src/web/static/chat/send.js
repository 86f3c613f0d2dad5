/*
 * Sending: a typed message, a reply's button or a picked language becomes one action sent to the
 * server; its replies are shown and kept, or the error is shown with the text back in the field.
 * One action at a time; a language picked meanwhile is sent after it.
 */
import { postChat } from './api.js';
import { clearConversation } from './conversation.js';
import { announceTooLong, autoGrow, busy, charCount, MAX_CHARS, putBack, setBusy, shouldFocusInput, updateCounter } from './composer.js';
import { clearError, showError } from './error-bar.js';
import { followLanguage } from './labels.js';
import { chooseLanguage, conversationLanguage } from './language-choice.js';
import { isLanguage, LANGUAGE_NAMES } from './languages.js';
import { addUserMessage } from './messages.js';
import { page } from './page.js';
import { renderReply } from './reply.js';
import { scrollToBottom, scrollToNewest } from './scrolling.js';
import { session, transcript } from './session.js';
import { hideThinking, showThinking } from './thinking.js';

let queuedLanguage = null;
let lastFailed = null;

/**
 * Sends one action. `action` = {body, echo?: {text, lang}, restoreText?: string}.
 * Returns a promise that always resolves.
 */
export function perform(action, options) {
  options = options || {};
  if (busy) return Promise.resolve(false);
  setBusy(true);
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
      var repliesLanguage = null;
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
        repliesLanguage = conversationLanguage(reply) || repliesLanguage;
      });
      lastFailed = null;
      if (first && (echo || first !== page.log.firstElementChild)) scrollToNewest(echo, first);
      // The page's own labels speak the language the bot answers in.
      followLanguage(repliesLanguage);
      return true;
    })
    .catch(function (err) {
      hideThinking();
      if (echo) echo.remove();
      var kept = putBack(action.restoreText);
      lastFailed = action;
      followLanguage(null);
      showError(err, kept);
      return false;
    })
    .finally(function () {
      setBusy(false);
      // Focus moved to the input when the message was sent; only rescue it if it got lost
      // (e.g. the focused element was removed), never pull it away from where the person went.
      if (options.focusInput && (!document.activeElement || document.activeElement === document.body)) {
        page.input.focus({ preventScroll: true });
      }
      sendQueuedLanguage();
    });
}

/** Sends what is typed in the message field, unless it is empty or too long. */
export function submitTyped(options) {
  var input = page.input;
  var raw = input.value;
  var text = raw.trim();
  if (!text) {
    input.focus();
    return;
  }
  if (charCount(text) > MAX_CHARS) {
    announceTooLong(text);
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

export function onReplyButton(button, language, event) {
  if (busy) return;
  var match = /^l:([a-z]{2})$/.exec(button.payload);
  if (match && isLanguage(match[1])) chooseLanguage(match[1]);
  var focus = shouldFocusInput(event);
  if (focus) page.input.focus({ preventScroll: true });
  perform({ body: { payload: button.payload }, echo: { text: button.label, lang: language } }, { focusInput: focus });
}

export function sendLanguage(language, focusInput) {
  if (busy) {
    queuedLanguage = language;
    return;
  }
  perform({ body: { payload: 'l:' + language }, echo: { text: LANGUAGE_NAMES[language], lang: language } }, { focusInput: focusInput });
}

/** Sends the language picked while the page was busy, if any. */
export function sendQueuedLanguage() {
  if (!queuedLanguage) return;
  var language = queuedLanguage;
  queuedLanguage = null;
  sendLanguage(language, false);
}

/** "Try again": sends the failed action again (a typed one from the field, where its text went back). */
export function retryLast() {
  var action = lastFailed;
  if (!action) return clearError();
  if (typeof action.restoreText === 'string') submitTyped({ focusInput: true });
  else {
    page.input.focus({ preventScroll: true });
    perform(action, { focusInput: true });
  }
}
