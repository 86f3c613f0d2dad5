/**
 * A reply's buttons as a WhatsApp interactive message: up to three short choices as reply buttons, more
 * (or longer ones) as a list message with one section of at most ten rows.
 *
 * Reply buttons are one tap, but their titles are cut at 20 characters — a question label like "Як
 * записатися до сімейного лікаря?" would become a riddle. So reply buttons are used only when every label
 * fits; otherwise a list, whose rows show a 24-character title and the whole label as the description.
 */
import type { Logger } from 'pino';
import type { ReplyButton } from '../../messages';
import { prefixWithin } from '../truncate';

export const INTERACTIVE_LIMITS = Object.freeze({
  bodyLength: 1024,
  buttons: 3,
  buttonTitleLength: 20,
  buttonIdLength: 256,
  rows: 10,
  rowTitleLength: 24,
  rowDescriptionLength: 72,
  rowIdLength: 200,
  listButtonLength: 20,
});

export interface ReplyButtonsInteractive {
  type: 'button';
  body: { text: string };
  action: { buttons: Array<{ type: 'reply'; reply: { id: string; title: string } }> };
}

export interface ListInteractive {
  type: 'list';
  body: { text: string };
  action: { button: string; sections: Array<{ rows: Array<{ id: string; title: string; description?: string }> }> };
}

export type Interactive = ReplyButtonsInteractive | ListInteractive;

export type Choices =
  | { kind: 'buttons'; buttons: Array<{ id: string; title: string }> }
  | { kind: 'list'; rows: Array<{ id: string; title: string; description?: string }> };

/**
 * Which buttons matter most when there are more than fit, best first. The payload shapes are those of
 * `src/assistant/payloads.ts` (channels may not import the assistant; a test checks the two agree):
 * follow-up and suggested answers, then feedback, the counter card and the place, then menu topics, then languages; the menu button last,
 * because typing a question or "menu" reaches it anyway.
 */
const PRIORITY: ReadonlyArray<readonly [RegExp, number]> = [
  [/^a:/, 0], // an answer: follow-up, "did you mean", a topic's entry
  [/^f:/, 1], // 👍 / 👎
  [/^(c:|p$)/, 1], // "show at the counter", "my municipality"
  [/^t:/, 2], // a menu topic
  [/^l:/, 3], // a language
  [/^(forget|privacy)$/, 4],
  [/^l$/, 5], // "choose a language"
  [/^m$/, 6], // the menu
];
const UNKNOWN_PRIORITY = 4;

function priority(payload: string): number {
  return PRIORITY.find(([pattern]) => pattern.test(payload))?.[1] ?? UNKNOWN_PRIORITY;
}

/** The `max` most useful buttons, in their original order (the order the conversation chose). */
export function keepMostUseful(buttons: readonly ReplyButton[], max: number): ReplyButton[] {
  if (buttons.length <= max) return [...buttons];
  const kept = new Set(
    buttons
      .map((button, index) => ({ index, rank: priority(button.payload) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .slice(0, max)
      .map((entry) => entry.index),
  );
  return buttons.filter((_, index) => kept.has(index));
}

/** Reply buttons or list rows for `buttons`, or undefined when none is usable. */
export function choicesFor(buttons: readonly ReplyButton[], logger?: Pick<Logger, 'warn'>): Choices | undefined {
  const usable = usableButtons(buttons, logger);
  if (usable.length === 0) return undefined;
  const titles = new Set(usable.map((button) => button.label));
  const fitsButtons =
    usable.length <= INTERACTIVE_LIMITS.buttons &&
    titles.size === usable.length && // WhatsApp refuses two reply buttons with the same title
    usable.every((button) => button.label.length <= INTERACTIVE_LIMITS.buttonTitleLength && button.payload.length <= INTERACTIVE_LIMITS.buttonIdLength);
  if (fitsButtons) return { kind: 'buttons', buttons: usable.map((button) => ({ id: button.payload, title: button.label })) };

  if (usable.length > INTERACTIVE_LIMITS.rows) {
    logger?.warn({ buttons: usable.length, kept: INTERACTIVE_LIMITS.rows }, 'whatsapp: more buttons than a list holds; the least useful were left out');
  }
  const rows = keepMostUseful(usable, INTERACTIVE_LIMITS.rows)
    .filter((button) => button.payload.length <= INTERACTIVE_LIMITS.rowIdLength)
    .map((button) => {
      const title = truncate(button.label, INTERACTIVE_LIMITS.rowTitleLength);
      // The whole label goes below a shortened title, so the choice can still be read in full.
      return title === button.label ? { id: button.payload, title } : { id: button.payload, title, description: truncate(button.label, INTERACTIVE_LIMITS.rowDescriptionLength) };
    });
  return rows.length > 0 ? { kind: 'list', rows } : undefined;
}

/** The interactive message for `choices`, with `body` (1–1024 characters) above them. */
export function interactiveMessage(body: string, choices: Choices, listButton: string): Interactive {
  const text = truncate(body, INTERACTIVE_LIMITS.bodyLength);
  if (choices.kind === 'buttons') {
    return { type: 'button', body: { text }, action: { buttons: choices.buttons.map((reply) => ({ type: 'reply', reply })) } };
  }
  return {
    type: 'list',
    body: { text },
    action: { button: truncate(listButton, INTERACTIVE_LIMITS.listButtonLength), sections: [{ rows: choices.rows }] },
  };
}

/** Labels tidied, and buttons WhatsApp would refuse (empty label, empty or repeated id) left out. */
function usableButtons(buttons: readonly ReplyButton[], logger: Pick<Logger, 'warn'> | undefined): ReplyButton[] {
  const seen = new Set<string>();
  const usable: ReplyButton[] = [];
  for (const button of buttons) {
    const label = button.label.replace(/\s+/g, ' ').trim();
    if (label === '' || button.payload === '' || button.payload.length > INTERACTIVE_LIMITS.buttonIdLength || seen.has(button.payload)) {
      // WhatsApp would refuse the whole message; losing one button is better.
      logger?.warn(
        { payloadStart: button.payload.slice(0, 16), emptyLabel: label === '', repeated: seen.has(button.payload) },
        'whatsapp: dropped a button (empty label, empty, too long or repeated id)',
      );
      continue;
    }
    seen.add(button.payload);
    usable.push({ label, payload: button.payload });
  }
  return usable;
}

/**
 * At most `max` UTF-16 units, ending in "…" when shortened, never splitting a character, and at a word
 * boundary when one is near the end ("Куди звертатися до…" reads better than "…до ліка…").
 */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const out = prefixWithin(text, max - 1);
  const space = out.lastIndexOf(' ');
  const atWord = /\s/.test(text.charAt(out.length)) || space < out.length * 0.6 ? out : out.slice(0, space);
  return `${atWord.trimEnd()}…`;
}
