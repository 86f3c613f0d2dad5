/*
 * Under a counter card reply: the link to the card's own page (GET /card/…, built by the server), which
 * a person can print, save as an image or share. It opens in a new tab so the conversation stays here.
 */
import { el } from './dom.js';
import { appendNewTabHint, makeExternalLink } from './markdown-blocks.js';

/** The link as a paragraph, or null when the reply has no card or its path is not one of our cards. */
export function counterCardLink(reply) {
  var card = reply.counterCard;
  if (!card || typeof card.path !== 'string' || typeof card.label !== 'string' || !card.label.trim()) return null;
  var url;
  try {
    url = new URL(card.path, window.location.origin);
  } catch {
    return null;
  }
  // Only a card page of this site: the path comes from the server, but a kept transcript is storage.
  if (url.origin !== window.location.origin || !/^\/card\/[a-z0-9.-]+$/.test(url.pathname)) return null;
  var row = el('p', 'card-link-row');
  var link = makeExternalLink(url.pathname + url.search, 'card-link');
  link.appendChild(el('span', '', card.label));
  appendNewTabHint(link);
  row.appendChild(link);
  return row;
}
