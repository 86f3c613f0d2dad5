/*
 * The person's messages and the page's own notes in the log (the bot's replies: reply.js).
 * Labels inside the log ("You", "Sources", …) keep the language they were written in, with a matching
 * lang attribute: relabelling them on a language switch would make the live region re-announce old
 * messages.
 */
import { el, safeLangTag } from './dom.js';
import { t, uiLanguage } from './labels.js';
import { page } from './page.js';

/** "You: " / "Prykhystok: " for screen readers. */
export function speakerPrefix(key) {
  var prefix = el('span', 'visually-hidden');
  var name = el('span', '', t(key));
  name.lang = uiLanguage;
  prefix.appendChild(name);
  prefix.appendChild(document.createTextNode(': '));
  return prefix;
}

export function addUserMessage(text, lang) {
  var item = el('div', 'msg msg--user');
  var safeLang = safeLangTag(lang);
  var bubble = el('div', 'bubble');
  var body = el('span', 'user-text', text);
  if (safeLang) body.lang = safeLang;
  bubble.appendChild(speakerPrefix('you'));
  bubble.appendChild(body);
  item.appendChild(bubble);
  page.log.appendChild(item);
  return item;
}

/** A line of the page itself in the log (not the bot's), e.g. that the conversation was deleted. */
export function addPageNote(key) {
  var item = el('div', 'msg msg--note');
  var note = el('p', 'page-note', t(key));
  note.lang = uiLanguage;
  item.appendChild(note);
  page.log.appendChild(item);
  return item;
}
