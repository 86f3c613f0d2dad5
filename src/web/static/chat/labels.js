/*
 * The language of the page's own controls: its labels, placeholder, title and the language switcher's
 * current language. English fallback labels show until (or if never) the server's labels arrive from
 * /api/chat/ui. Labels written into the log keep the language they were written in (see messages.js).
 */
import { LANGUAGE_NAMES, isLanguage } from './languages.js';
import { page } from './page.js';

const API_UI = '/api/chat/ui';
const PRIVACY_URL = '/privacy';

/** English labels, used until (or if never) the server's labels arrive. Keep in sync with web-strings.json. */
const FALLBACK_STRINGS = {
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

let strings = Object.assign({}, FALLBACK_STRINGS);
/** The language `strings` are in. */
export let uiLanguage = 'en';
let stringsRequest = 0;
let labelsTimer = null; // pending fallback label load while waiting for the greeting's language
let guessedLanguage = 'uk'; // from the browser, used when nothing was picked and the server did not say
const appliedListeners = [];

export function t(key) {
  var value = strings[key];
  return typeof value === 'string' && value ? value : FALLBACK_STRINGS[key] || key;
}

export function format(template, values) {
  return String(template).replace(/\{(\w+)\}/g, function (match, key) {
    return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
  });
}

/** Runs `listener` after every relabelling, for parts that hold labels of their own (error bar, counter). */
export function onLabelsApplied(listener) {
  appliedListeners.push(listener);
}

export function applyStrings() {
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
  page.privacyLink.href = PRIVACY_URL + '?language=' + encodeURIComponent(uiLanguage);
  appliedListeners.forEach(function (listener) {
    listener();
  });
}

function markCurrentLanguage(language) {
  page.langCurrent.textContent = LANGUAGE_NAMES[language] || LANGUAGE_NAMES.en;
  page.langCurrent.lang = language;
  var options = document.querySelectorAll('.lang-option');
  for (var i = 0; i < options.length; i++) {
    if (options[i].getAttribute('data-lang') === language) options[i].setAttribute('aria-current', 'true');
    else options[i].removeAttribute('aria-current');
  }
}

/** Loads the page's labels in `language`; English fallback labels stay if the endpoint fails. */
export function loadStrings(language) {
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
 * Nothing picked: the greeting tells which language the server speaks to this person, so the labels
 * wait for it (one fetch, no flip-flop), or load in the browser's guess if it is slow.
 */
export function awaitGreetingLanguage(guess) {
  guessedLanguage = guess;
  markCurrentLanguage(guess);
  labelsTimer = window.setTimeout(function () {
    labelsTimer = null;
    loadStrings(guessedLanguage);
  }, 1500);
}

/**
 * After an exchange: the labels speak the language the bot answered in (`language`, null when the
 * replies showed none, or failed); if they were still waiting for the greeting's language, the guess.
 */
export function followLanguage(language) {
  if (language && (language !== uiLanguage || labelsTimer)) loadStrings(language);
  else if (labelsTimer) loadStrings(guessedLanguage);
}
