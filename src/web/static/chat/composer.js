/*
 * The message field and the send button: the character counter, the field growing with its text,
 * whether sending is possible now (`busy` while a message is on its way), and where focus goes.
 */
import { format, t } from './labels.js';
import { page } from './page.js';

export const MAX_CHARS = 1000;
const COUNTER_FROM = 800; // show the counter from this many characters on

/** True while a message is on its way (or a kept conversation is being put back): nothing else is sent. */
export let busy = false;
let lastCounterState = '';
const coarsePointer = window.matchMedia ? window.matchMedia('(pointer: coarse)') : { matches: false };

export function setBusy(value) {
  busy = value;
  updateSendState();
}

/** Characters as the server counts them (code points, so an emoji is one). */
export function charCount(text) {
  return Array.from(text).length;
}

function currentText() {
  return page.input.value.trim();
}

export function updateSendState() {
  var text = currentText();
  var blocked = busy || !text || charCount(text) > MAX_CHARS;
  page.sendButton.setAttribute('aria-disabled', blocked ? 'true' : 'false');
  document.body.classList.toggle('is-busy', busy);
}

export function updateCounter() {
  if (!page.input) return;
  var count = charCount(currentText());
  var over = count > MAX_CHARS;
  if (count >= COUNTER_FROM) {
    page.counter.hidden = false;
    page.counter.textContent = over
      ? format(t('tooLong'), { count: count, max: MAX_CHARS })
      : count + ' / ' + MAX_CHARS + ' · ' + format(t('charsLeft'), { count: MAX_CHARS - count });
    page.counter.classList.toggle('counter--over', over);
  } else {
    page.counter.hidden = true;
    page.counter.textContent = '';
  }
  if (over) page.input.setAttribute('aria-invalid', 'true');
  else page.input.removeAttribute('aria-invalid');
  // Announce crossing the thresholds only, not every keystroke.
  var state = over ? 'over' : count >= 950 ? 'near' : 'ok';
  if (state !== lastCounterState) {
    if (state === 'over') page.statusLive.textContent = format(t('tooLong'), { count: count, max: MAX_CHARS });
    else if (state === 'near') page.statusLive.textContent = format(t('charsLeft'), { count: MAX_CHARS - count });
    else page.statusLive.textContent = '';
    lastCounterState = state;
  }
  updateSendState();
}

export function autoGrow() {
  var input = page.input;
  // Grow by changing the rows attribute (no inline styles, CSP-friendly).
  input.rows = 1;
  var cs = window.getComputedStyle(input);
  var lineHeight = parseFloat(cs.lineHeight) || 22;
  var padding = (parseFloat(cs.paddingTop) || 0) + (parseFloat(cs.paddingBottom) || 0);
  var lines = Math.round((input.scrollHeight - padding) / lineHeight);
  input.rows = Math.max(1, Math.min(6, lines || 1));
}

/** Says (to screen readers) that `text` is too long to send. */
export function announceTooLong(text) {
  page.statusLive.textContent = '';
  window.setTimeout(function () {
    page.statusLive.textContent = format(t('tooLong'), { count: charCount(text), max: MAX_CHARS });
  }, 50);
}

/** Puts the text of a message that could not be sent back into the field; true if there was one. */
export function putBack(text) {
  if (typeof text !== 'string' || !text) return false;
  var current = page.input.value;
  if (!current.trim()) page.input.value = text;
  else if (current.indexOf(text) === -1) page.input.value = text + '\n' + current;
  autoGrow();
  updateCounter();
  return true;
}

export function shouldFocusInput(event) {
  // Keyboard activation (detail 0) or a mouse: return focus to the input. A tap on a touch
  // screen: leave it, so the on-screen keyboard does not pop up over the answer.
  return !event || event.detail === 0 || !coarsePointer.matches;
}

/** Enter (not Shift+Enter, not while composing) and the send button call `submit`. */
export function wireComposer(submit) {
  var input = page.input;
  var sendButton = page.sendButton;
  page.form.addEventListener('submit', function (event) {
    event.preventDefault();
    submit();
  });

  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      submit();
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
      if (!busy) submit(); // explains "too long" / refocuses when empty
    }
  });
}
