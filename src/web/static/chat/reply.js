/*
 * One of the bot's replies in the log: its notice, the answer's text, the link to a counter card's page,
 * sources, the date it was checked, a caveat, and its buttons.
 */
import { el, safeHttpUrl, safeLangTag } from './dom.js';
import { format, t, uiLanguage } from './labels.js';
import { appendNewTabHint, makeExternalLink, renderBlocks } from './markdown-blocks.js';
import { counterCardLink } from './counter-card-link.js';
import { speakerPrefix } from './messages.js';
import { page } from './page.js';
import { replyButtons } from './reply-buttons.js';

export function renderReply(reply) {
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

  var cardLink = counterCardLink(reply);
  if (cardLink) bubble.appendChild(cardLink);

  var sources = renderSources(reply);
  if (sources) bubble.appendChild(sources);

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

  var buttons = replyButtons(reply, language);
  if (buttons) item.appendChild(buttons);

  page.log.appendChild(item);
  return item;
}

/** The reply's sources as links named by their site, or null when it has no usable one. */
function renderSources(reply) {
  var sources = Array.isArray(reply.sources) ? reply.sources : [];
  var links = [];
  for (var i = 0; i < sources.length; i++) {
    var url = safeHttpUrl(sources[i]);
    if (url) links.push(url);
  }
  if (!links.length) return null;
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
  return box;
}

function sourceLabel(url) {
  return url.hostname.replace(/^www\./i, '');
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
