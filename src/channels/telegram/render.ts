/**
 * Renders a channel-neutral `Reply` as Telegram messages in HTML parse mode.
 *
 * The Markdown subset of knowledge answers is parsed into runs of plain text, each with a stack of marks
 * (bold, italic, link). Splitting happens on those runs, and every message re-opens and closes its own
 * tags, so a cut can never land inside a tag or an entity, and a cut inside a bold phrase stays bold on
 * both sides. Only b, i and a[href] are emitted; every other character that HTML gives meaning to is
 * escaped, so a `<script>` in an answer is shown as text.
 */
import type { Logger } from 'pino';
import type { Reply, ReplyButton } from '../../messages';
import { readMarkdown } from '../markdown-subset';
import { safeHttpUrl } from '../safe-url';
import { plainText, splitRuns } from '../split-text';
import { truncate } from '../truncate';

const TELEGRAM_LIMITS = Object.freeze({
  /** Characters of a message after entity parsing; we also keep the HTML source within it. */
  messageLength: 4096,
  /** callback_data is 1–64 bytes. */
  callbackDataBytes: 64,
  buttonTextLength: 64,
});

export interface InlineKeyboardButton {
  text: string;
  callback_data: string;
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][];
}

export interface TelegramOutgoing {
  /** HTML parse mode text. */
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

export interface RenderOptions {
  /** Split limit, for tests; Telegram's is 4096. */
  maxLength?: number;
  /** Told about buttons that had to be dropped. */
  logger?: Pick<Logger, 'warn'>;
}

/** Shown when a reply has buttons but no text: Telegram refuses an empty message. Language-neutral. */
const BUTTONS_ONLY_TEXT = '👇';

export function renderReply(reply: Reply, options: RenderOptions = {}): TelegramOutgoing[] {
  const limit = options.maxLength ?? TELEGRAM_LIMITS.messageLength;
  const keyboard = inlineKeyboard(reply.buttons, options.logger);
  let runs = documentRuns(reply);
  if (plainText(runs).trim() === '') {
    if (!keyboard) return [];
    runs = [{ text: BUTTONS_ONLY_TEXT, marks: [] }];
  }
  // Both the visible text and the HTML source must fit: HTML is never the shorter, so it decides.
  const messages: TelegramOutgoing[] = splitRuns(runs, (part) => toHtml(part).length <= limit, limit).map((part) => ({ text: toHtml(part) }));
  const last = messages[messages.length - 1];
  if (last && keyboard) last.reply_markup = keyboard;
  return messages;
}

// ---- document model ------------------------------------------------------------------------------------

interface Mark {
  readonly tag: 'b' | 'i' | 'a';
  readonly href?: string;
}

interface Run {
  readonly text: string;
  /** Outermost first. Marks are compared by identity: two adjacent bold phrases stay two <b> elements. */
  readonly marks: readonly Mark[];
}

function push(out: Run[], text: string, marks: readonly Mark[]): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last && sameMarks(last.marks, marks)) out[out.length - 1] = { text: last.text + text, marks: last.marks };
  else out.push({ text, marks });
}

function sameMarks(a: readonly Mark[], b: readonly Mark[]): boolean {
  return a.length === b.length && a.every((mark, k) => mark === b[k]);
}

/** Notice (italic), the answer, one line of sources and the review date, then the caveat (italic). */
function documentRuns(reply: Reply): Run[] {
  const out: Run[] = [];
  const notice = reply.notice?.trim();
  if (notice) {
    push(out, notice, [{ tag: 'i' }]);
    push(out, '\n\n', []);
  }
  appendMarkdown(reply.text, out);

  const links = [...new Set(reply.sources)].flatMap((url) => {
    const href = safeHttpUrl(url);
    return href ? [{ href, label: new URL(href).hostname.replace(/^www\./, '') }] : [];
  });
  const reviewed = reply.reviewedLabel?.trim();
  if (links.length > 0 || reviewed) {
    push(out, '\n\n', []);
    if (links.length > 0) push(out, '🔗 ', []);
    links.forEach((link, k) => {
      if (k > 0) push(out, ' · ', []);
      push(out, link.label, [{ tag: 'a', href: link.href }]);
    });
    if (reviewed) push(out, `${links.length > 0 ? ' · ' : ''}✅ ${reviewed}`, []);
  }
  const caveat = reply.caveat?.trim();
  if (caveat) push(out, `\n\n${caveat}`, [{ tag: 'i' }]);
  return out;
}

// ---- Markdown subset -----------------------------------------------------------------------------------

const NO_MARKS: readonly Mark[] = Object.freeze([]);

/** Re-marking what is already bold (or italic) adds nothing; keep the markup flat. */
function withMark(marks: readonly Mark[], tag: 'b' | 'i'): readonly Mark[] {
  return marks.some((m) => m.tag === tag) ? marks : [...marks, { tag }];
}

/** "- " items become "• " (Telegram has no list markup); http(s) links become <a>, others stay text. */
function appendMarkdown(source: string, out: Run[]): void {
  readMarkdown(source, NO_MARKS, {
    text: (text, marks) => push(out, text, marks),
    bold: (marks) => withMark(marks, 'b'),
    italic: (marks) => withMark(marks, 'i'),
    link: (label, target, marks, inline) => {
      const href = safeHttpUrl(target);
      if (href) {
        inline(label, [...marks, { tag: 'a', href }]);
        return;
      }
      // tel:, mailto: and anything else stay visible as text; Telegram links numbers and e-mails itself.
      inline(label, marks);
      const shown = target.replace(/^(tel|mailto):/i, '');
      if (shown !== label) push(out, ` (${shown})`, marks);
    },
  });
}

// ---- HTML -------------------------------------------------------------------------------------------------

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function openTag(mark: Mark): string {
  return mark.tag === 'a' ? `<a href="${escapeHtml(mark.href ?? '').replace(/"/g, '&quot;')}">` : `<${mark.tag}>`;
}

function toHtml(runs: readonly Run[]): string {
  let html = '';
  let open: readonly Mark[] = [];
  const closeDownTo = (depth: number): void => {
    for (let k = open.length - 1; k >= depth; k--) html += `</${open[k]?.tag ?? ''}>`;
  };
  for (const run of runs) {
    let common = 0;
    while (common < open.length && common < run.marks.length && open[common] === run.marks[common]) common++;
    closeDownTo(common);
    for (const mark of run.marks.slice(common)) html += openTag(mark);
    open = run.marks;
    html += escapeHtml(run.text);
  }
  closeDownTo(0);
  return html;
}

// ---- buttons ----------------------------------------------------------------------------------------------

/** One button per row: labels in Cyrillic are long, and a column reads better on a phone. */
function inlineKeyboard(buttons: readonly ReplyButton[], logger: Pick<Logger, 'warn'> | undefined): InlineKeyboardMarkup | undefined {
  const rows: InlineKeyboardButton[][] = [];
  for (const button of buttons) {
    const bytes = Buffer.byteLength(button.payload, 'utf8');
    const label = truncate(button.label.trim().replace(/\s+/g, ' '), TELEGRAM_LIMITS.buttonTextLength);
    if (bytes < 1 || bytes > TELEGRAM_LIMITS.callbackDataBytes || label === '') {
      // Telegram would refuse the whole message (BUTTON_DATA_INVALID); losing one button is better.
      logger?.warn(
        { payloadBytes: bytes, payloadStart: button.payload.slice(0, 16), emptyLabel: label === '' },
        'telegram: dropped a button (payload must be 1–64 bytes, label non-empty)',
      );
      continue;
    }
    rows.push([{ text: label, callback_data: button.payload }]);
  }
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}
