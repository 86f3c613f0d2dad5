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

export const TELEGRAM_LIMITS = Object.freeze({
  /** Characters of a message after entity parsing; we also keep the HTML source within it. */
  messageLength: 4096,
  /** callback_data is 1–64 bytes. */
  callbackDataBytes: 64,
  buttonTextLength: 64,
});

/** Longer URLs are shown as plain labels: a message must always fit one link plus some text. */
const MAX_HREF_LENGTH = 2048;

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
  const messages: TelegramOutgoing[] = splitRuns(runs, limit).map((part) => ({ text: toHtml(part) }));
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

function plainText(runs: readonly Run[]): string {
  return runs.map((run) => run.text).join('');
}

/** Notice (italic), the answer, then one line of sources and the review date. */
function documentRuns(reply: Reply): Run[] {
  const out: Run[] = [];
  const notice = reply.notice?.trim();
  if (notice) {
    push(out, notice, [{ tag: 'i' }]);
    push(out, '\n\n', []);
  }
  appendMarkdown(reply.text, out);

  const links = [...new Set(reply.sources)].flatMap((url) => {
    const href = safeHref(url);
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
  return out;
}

// ---- Markdown subset -----------------------------------------------------------------------------------

const BULLET = /^(\s*)[-*•]\s+(.*)$/;
const NUMBERED = /^(\s*)(\d{1,3})[.)]\s+(.*)$/;

/** Blank lines separate paragraphs; "- " items become "• " (Telegram has no list markup). */
function appendMarkdown(source: string, out: Run[]): void {
  let started = false;
  let blankBefore = false;
  for (const rawLine of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trimEnd();
    if (line.trim() === '') {
      blankBefore = true;
      continue;
    }
    if (started) push(out, blankBefore ? '\n\n' : '\n', []);
    started = true;
    blankBefore = false;
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (bullet) {
      push(out, `${bullet[1]}• `, []);
      appendInline(bullet[2] ?? '', [], out, false);
    } else if (numbered) {
      push(out, `${numbered[1]}${numbered[2]}. `, []);
      appendInline(numbered[3] ?? '', [], out, false);
    } else {
      appendInline(line.trimStart(), [], out, false);
    }
  }
}

const LINK = /\[([^[\]\n]+)\]\(([^\s()]+)\)/y;
const ESCAPABLE = new Set(['\\', '*', '_', '[', ']', '(', ')']);
const WORD_CHAR = /[\p{L}\p{N}]/u;

function appendInline(src: string, marks: readonly Mark[], out: Run[], inLink: boolean): void {
  let text = '';
  const flush = (): void => {
    push(out, text, marks);
    text = '';
  };
  const nested = (inner: string, tag: 'b' | 'i'): void => {
    flush();
    // Re-marking what is already bold (or italic) adds nothing; keep the markup flat.
    const inside = marks.some((m) => m.tag === tag) ? marks : [...marks, { tag }];
    appendInline(inner, inside, out, inLink);
  };

  let i = 0;
  while (i < src.length) {
    const ch = src.charAt(i);
    const next = src.charAt(i + 1);
    if (ch === '\\' && ESCAPABLE.has(next)) {
      text += next;
      i += 2;
      continue;
    }
    if (ch === '[' && !inLink) {
      LINK.lastIndex = i;
      const link = LINK.exec(src);
      if (link) {
        const [whole, label = '', target = ''] = link;
        const href = safeHref(target);
        flush();
        if (href) {
          appendInline(label, [...marks, { tag: 'a', href }], out, true);
        } else {
          // tel:, mailto: and anything else stay visible as text; Telegram links numbers and e-mails itself.
          appendInline(label, marks, out, true);
          const shown = target.replace(/^(tel|mailto):/i, '');
          if (shown !== label) push(out, ` (${shown})`, marks);
        }
        i += whole.length;
        continue;
      }
    }
    if (ch === '*' && next === '*') {
      const end = closingStrong(src, i + 2);
      if (end !== -1) {
        nested(src.slice(i + 2, end), 'b');
        i = end + 2;
        continue;
      }
      text += '**';
      i += 2;
      continue;
    }
    if (ch === '*' || ch === '_') {
      const end = closingEmphasis(src, i, ch);
      if (end !== -1) {
        nested(src.slice(i + 1, end), 'i');
        i = end + 1;
        continue;
      }
    }
    text += ch;
    i += 1;
  }
  flush();
}

const isSpace = (c: string): boolean => c === '' || /\s/.test(c);

/** Index of the `**` closing the one opened just before `from`, or -1. */
function closingStrong(src: string, from: number): number {
  if (isSpace(src.charAt(from))) return -1;
  for (let j = src.indexOf('**', from + 1); j !== -1; j = src.indexOf('**', j + 1)) {
    if (isSpace(src.charAt(j - 1))) continue;
    // In a run like `***` the last two close the bold, so `**a *b***` ends its italic first.
    while (src.charAt(j + 2) === '*') j += 1;
    return j;
  }
  return -1;
}

/**
 * Index of the `*` or `_` closing the one at `open`, or -1. An underscore inside a word (file_name,
 * a URL) is not emphasis; a `**` pair inside italic text is bold, not the end of the italic.
 */
function closingEmphasis(src: string, open: number, marker: string): number {
  if (isSpace(src.charAt(open + 1)) || src.charAt(open + 1) === marker) return -1;
  if (marker === '_' && WORD_CHAR.test(src.charAt(open - 1))) return -1;
  for (let j = open + 1; j < src.length; j++) {
    if (src.charAt(j) !== marker) continue;
    if (src.charAt(j + 1) === marker) {
      j += 1;
      continue;
    }
    if (isSpace(src.charAt(j - 1))) continue;
    if (marker === '_' && WORD_CHAR.test(src.charAt(j + 1))) continue;
    return j;
  }
  return -1;
}

/** The URL itself when it is an absolute http(s) URL we are willing to link; anything else is not a link. */
function safeHref(url: string): string | undefined {
  if (url.length > MAX_HREF_LENGTH || !/^https?:\/\//i.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
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

// ---- splitting --------------------------------------------------------------------------------------------

/** Runs covering plain-text offsets [from, to). */
function sliceRuns(runs: readonly Run[], from: number, to: number): Run[] {
  const out: Run[] = [];
  let offset = 0;
  for (const run of runs) {
    const end = offset + run.text.length;
    if (end > from && offset < to) {
      out.push({ text: run.text.slice(Math.max(0, from - offset), Math.min(run.text.length, to - offset)), marks: run.marks });
    }
    offset = end;
    if (offset >= to) break;
  }
  return out;
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * Cuts the document into parts whose visible text and HTML both fit `limit`, preferring a paragraph
 * break, then a line break, then a space, in the second half of the room available; then any such break;
 * only then a cut between two characters (never inside a surrogate pair).
 */
function splitRuns(runs: readonly Run[], limit: number): Run[][] {
  const plain = plainText(runs);
  const fits = (from: number, to: number): boolean => toHtml(sliceRuns(runs, from, to)).length <= limit;
  const parts: Run[][] = [];
  let start = skipSpace(plain, 0);
  while (start < plain.length) {
    // Largest end that fits: HTML length only grows with the end, so binary search works.
    let lo = start + 1;
    let hi = Math.min(plain.length, start + limit);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(start, mid)) lo = mid;
      else hi = mid - 1;
    }
    let end = lo === plain.length ? lo : preferredCut(plain, start, lo);
    if (end < plain.length && isLowSurrogate(plain.charCodeAt(end)) && end - 1 > start) end -= 1;
    let trimmedEnd = end;
    while (trimmedEnd > start && isSpace(plain.charAt(trimmedEnd - 1))) trimmedEnd -= 1;
    parts.push(sliceRuns(runs, start, trimmedEnd));
    start = skipSpace(plain, end);
  }
  return parts;
}

function skipSpace(plain: string, from: number): number {
  let i = from;
  while (i < plain.length && isSpace(plain.charAt(i))) i += 1;
  return i;
}

function preferredCut(plain: string, start: number, maxEnd: number): number {
  const finders = [
    (before: number) => plain.lastIndexOf('\n\n', before),
    (before: number) => plain.lastIndexOf('\n', before),
    (before: number) => {
      for (let k = before; k >= 0; k--) if (isSpace(plain.charAt(k))) return k;
      return -1;
    },
  ];
  for (const minimum of [start + Math.floor((maxEnd - start) / 2), start + 1]) {
    for (const find of finders) {
      const cut = find(maxEnd);
      if (cut >= minimum) return cut;
    }
  }
  return maxEnd;
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

/** At most `max` UTF-16 units, ending in "…" when shortened, never splitting a character. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}
