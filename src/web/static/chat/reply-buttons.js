/*
 * A reply's buttons (follow-up questions, language choices): a labelled group under the reply. What a
 * press does is the sending code's business (send.js), handed in once at start.
 */
import { el } from './dom.js';
import { t } from './labels.js';

let onChosen = function () {};

/** `handler(button, language, event)` runs when a reply's button is pressed. */
export function onReplyButtonChosen(handler) {
  onChosen = handler;
}

/** The reply's buttons as a group, or null when it has none that could be sent. */
export function replyButtons(reply, language) {
  var buttons = Array.isArray(reply.buttons) ? reply.buttons : [];
  var valid = buttons.filter(function (b) {
    return b && typeof b.label === 'string' && b.label.trim() && typeof b.payload === 'string' && b.payload;
  });
  if (!valid.length) return null;
  var group = el('div', 'reply-buttons');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', t('buttonsLabel'));
  valid.forEach(function (b) {
    var button = el('button', 'reply-button', b.label);
    button.type = 'button';
    button.addEventListener('click', function (event) {
      onChosen(b, language, event);
    });
    group.appendChild(button);
  });
  return group;
}
