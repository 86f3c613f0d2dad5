/*
 * Which language the conversation is in: the one the person picked (switcher, l:xx button, kept from
 * an earlier visit or ?lang=), else the browser's, and the language the bot's replies show.
 */
import { isLanguage } from './languages.js';
import { loadStrings } from './labels.js';
import { prefStore } from './storage.js';

const LANGUAGE_KEY = 'prykhystok.language';
// A button payload that picks a language: the reply carrying such buttons is the language chooser.
const LANGUAGE_PAYLOAD = /^l:[a-z]{2}$/;

/** Picked by the person (switcher, stored, or l:xx button), else null. */
export let explicitLanguage = null;

/**
 * The language a reply shows the conversation is in, or null when it shows none: the language
 * chooser (/lang, or the first greeting when nothing is known) is written in all four languages, and
 * a reply with a notice is in a fallback language because the person's is missing.
 */
export function conversationLanguage(reply) {
  if (!reply || typeof reply !== 'object' || !isLanguage(reply.language) || reply.notice) return null;
  var buttons = Array.isArray(reply.buttons) ? reply.buttons : [];
  for (var i = 0; i < buttons.length; i++) {
    if (buttons[i] && typeof buttons[i].payload === 'string' && LANGUAGE_PAYLOAD.test(buttons[i].payload)) return null;
  }
  return reply.language;
}

/** The language the kept conversation was last in, if any of its replies shows one. */
export function keptLanguage(entries) {
  for (var i = entries.length - 1; i >= 0; i--) {
    var language = entries[i].who === 'bot' ? conversationLanguage(entries[i].reply) : null;
    if (language) return language;
  }
  return null;
}

export function initialLanguage() {
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

export function chooseLanguage(language) {
  explicitLanguage = language;
  prefStore.set(LANGUAGE_KEY, language);
  loadStrings(language);
}
