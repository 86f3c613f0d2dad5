/* The "Looking for an answer…" dots in the log while a reply is on its way. */
import { el } from './dom.js';
import { t, uiLanguage } from './labels.js';
import { page } from './page.js';
import { scrollToBottom } from './scrolling.js';

const THINKING_DELAY_MS = 250; // do not flash the indicator for fast answers

let thinkingTimer = null;
let thinkingEl = null;

export function showThinking() {
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
    page.log.appendChild(thinkingEl);
    scrollToBottom();
  }, THINKING_DELAY_MS);
}

export function hideThinking() {
  if (thinkingTimer) {
    window.clearTimeout(thinkingTimer);
    thinkingTimer = null;
  }
  if (thinkingEl) {
    thinkingEl.remove();
    thinkingEl = null;
  }
}
