/*
 * An answer's text as DOM. The server reads the Markdown with the parser every channel uses and sends
 * the result as `blocks` (src/channels/markdown-document.ts, whose documentHtml() is this module's
 * twin for the volunteers' preview); this page parses no Markdown, so it shows what the preview shows.
 * Only text nodes and known elements are made.
 *   block:  {paragraph: [line]} | {list: 'bullet'|'numbered', items: [{number?, lines: [line]}]}
 *   line:   [inline];  inline: "text" | {strong: [inline]} | {em: [inline]} | {link: url, label: [inline]}
 */
import { el, safeHttpUrl } from './dom.js';
import { t, uiLanguage } from './labels.js';

const MAX_DEPTH = 8;

export function renderBlocks(blocks, text) {
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

/** A link that opens in a new tab and tells the page it came from nothing. */
export function makeExternalLink(href, className) {
  var a = el('a', className);
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

/** "(opens in a new tab)" for screen readers, in the language of the labels it was written with. */
export function appendNewTabHint(a) {
  var hint = el('span', 'visually-hidden', ' ' + t('opensInNewTab'));
  hint.lang = uiLanguage;
  a.appendChild(hint);
}
