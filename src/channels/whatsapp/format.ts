/**
 * The Markdown subset of knowledge answers in WhatsApp's own formatting, and splitting to a length limit.
 *
 * WhatsApp has *bold* and _italic_ but no links and no escape character, so:
 * - **bold** → *bold*, *italic* / _italic_ → _italic_, "- " items → "• ";
 * - [label](https://…) → "label: https://…" (WhatsApp links a bare URL itself), a URL is never wrapped in
 *   formatting characters (they would become part of the tapped link);
 * - a literal * _ ~ ` in the text is replaced by a look-alike, so it cannot pair up with another one and
 *   turn half a sentence bold or struck through.
 *
 * The text is parsed into runs of plain text with their style first. Splitting happens on runs, and every
 * part closes its own markers, so a cut never leaves a dangling "*" and a bold phrase cut in two stays
 * bold on both sides. Formatting markers are applied line by line, because WhatsApp does not carry them
 * across a line break.
 */

export interface Run {
  readonly text: string;
  readonly bold: boolean;
  readonly italic: boolean;
  /** A URL: shown exactly as written, never formatted or altered. */
  readonly verbatim: boolean;
}

export type Style = Omit<Run, 'text'>;

export const PLAIN: Style = Object.freeze({ bold: false, italic: false, verbatim: false });
export const ITALIC: Style = Object.freeze({ bold: false, italic: true, verbatim: false });
export const URL_STYLE: Style = Object.freeze({ bold: false, italic: false, verbatim: true });

/** Longer URLs are not linked: a message must always fit one link plus some text. */
const MAX_URL_LENGTH = 2048;

export function pushRun(out: Run[], text: string, style: Style): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last && sameStyle(last, style)) out[out.length - 1] = { ...last, text: last.text + text };
  else out.push({ text, bold: style.bold, italic: style.italic, verbatim: style.verbatim });
}

function sameStyle(a: Style, b: Style): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.verbatim === b.verbatim;
}

export function plainText(runs: readonly Run[]): string {
  return runs.map((run) => run.text).join('');
}

// ---- Markdown subset -----------------------------------------------------------------------------------

const BULLET = /^(\s*)[-*•]\s+(.*)$/;
const NUMBERED = /^(\s*)(\d{1,3})[.)]\s+(.*)$/;

/** Blank lines separate paragraphs (kept as one blank line); list items get "• " or "1. ". */
export function appendMarkdown(source: string, out: Run[]): void {
  let started = false;
  let blankBefore = false;
  for (const rawLine of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trimEnd();
    if (line.trim() === '') {
      blankBefore = true;
      continue;
    }
    if (started) pushRun(out, blankBefore ? '\n\n' : '\n', PLAIN);
    started = true;
    blankBefore = false;
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (bullet) {
      pushRun(out, `${bullet[1]}• `, PLAIN);
      appendInline(bullet[2] ?? '', PLAIN, out, false);
    } else if (numbered) {
      pushRun(out, `${numbered[1]}${numbered[2]}. `, PLAIN);
      appendInline(numbered[3] ?? '', PLAIN, out, false);
    } else {
      appendInline(line.trimStart(), PLAIN, out, false);
    }
  }
}

const LINK = /\[([^[\]\n]+)\]\(([^\s()]+)\)/y;
/** A bare URL in the text; closing punctuation is not part of it. */
const BARE_URL = /https?:\/\/[^\s<>]*[^\s<>.,;:!?'")\]]/y;
const ESCAPABLE = new Set(['\\', '*', '_', '[', ']', '(', ')']);
const WORD_CHAR = /[\p{L}\p{N}]/u;

function appendInline(src: string, style: Style, out: Run[], inLink: boolean): void {
  let text = '';
  const flush = (): void => {
    pushRun(out, text, style);
    text = '';
  };
  const nested = (inner: string, mark: 'bold' | 'italic'): void => {
    flush();
    appendInline(inner, { ...style, [mark]: true }, out, inLink);
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
    if (ch === 'h' && !WORD_CHAR.test(src.charAt(i - 1))) {
      BARE_URL.lastIndex = i;
      const url = BARE_URL.exec(src)?.[0];
      if (url && safeUrl(url)) {
        flush();
        pushRun(out, url, URL_STYLE);
        i += url.length;
        continue;
      }
    }
    if (ch === '[' && !inLink) {
      LINK.lastIndex = i;
      const link = LINK.exec(src);
      if (link) {
        const [whole, label = '', target = ''] = link;
        flush();
        appendLink(label, target, style, out);
        i += whole.length;
        continue;
      }
    }
    if (ch === '*' && next === '*') {
      const end = closingStrong(src, i + 2);
      if (end !== -1) {
        nested(src.slice(i + 2, end), 'bold');
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
        nested(src.slice(i + 1, end), 'italic');
        i = end + 1;
        continue;
      }
    }
    text += ch;
    i += 1;
  }
  flush();
}

/**
 * "label: https://…" — or the URL alone when the label is the URL. tel: and mailto: show the number or
 * address after the label (WhatsApp makes them tappable itself); other schemes show the label only.
 */
function appendLink(label: string, target: string, style: Style, out: Run[]): void {
  const url = safeUrl(target);
  if (url) {
    if (sameAddress(label, url)) {
      pushRun(out, url, URL_STYLE);
      return;
    }
    appendInline(label, style, out, true);
    pushRun(out, ': ', PLAIN);
    pushRun(out, url, URL_STYLE);
    return;
  }
  appendInline(label, style, out, true);
  const shown = /^(tel|mailto):/i.test(target) ? target.replace(/^(tel|mailto):/i, '') : undefined;
  if (shown && shown !== label.trim()) {
    pushRun(out, ': ', PLAIN);
    pushRun(out, shown, URL_STYLE);
  }
}

function sameAddress(label: string, url: string): boolean {
  const bare = (s: string): string => s.trim().replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/+$/, '').toLowerCase();
  return bare(label) === bare(url);
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

/** Index of the `*` or `_` closing the one at `open`, or -1. An underscore inside a word is not emphasis. */
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

/** The URL itself when it is an absolute http(s) URL we are willing to show; undefined otherwise. */
export function safeUrl(url: string): string | undefined {
  if (url.length > MAX_URL_LENGTH || !/^https?:\/\//i.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

// ---- WhatsApp text -------------------------------------------------------------------------------------

/**
 * WhatsApp's formatting characters, replaced in plain text by characters that look alike but mean nothing
 * to it (one UTF-16 unit each, so lengths do not change). An underscore inside a word stays: it is never
 * formatting there, and snake_case or an e-mail address must read as written.
 */
function neutralise(text: string): string {
  return text
    .replace(/\*/g, '∗')
    .replace(/~/g, '∼')
    .replace(/`/g, 'ˋ')
    .replace(/_/g, (underscore, offset: number, whole: string) =>
      WORD_CHAR.test(whole.charAt(offset - 1)) && WORD_CHAR.test(whole.charAt(offset + 1)) ? underscore : '＿',
    );
}

/** Markers go around the visible part of each line; spaces stay outside, or WhatsApp ignores them. */
function wrapLines(text: string, open: string, close: string): string {
  return text
    .split('\n')
    .map((line) => {
      const match = /^(\s*)(.*?)(\s*)$/s.exec(line);
      const [, lead = '', core = '', trail = ''] = match ?? [];
      return core === '' ? line : `${lead}${open}${core}${close}${trail}`;
    })
    .join('\n');
}

export function toWhatsApp(runs: readonly Run[]): string {
  let out = '';
  for (const run of runs) {
    if (run.verbatim) {
      out += run.text;
      continue;
    }
    const body = neutralise(run.text);
    const open = `${run.bold ? '*' : ''}${run.italic ? '_' : ''}`;
    out += open === '' ? body : wrapLines(body, open, [...open].reverse().join(''));
  }
  return out;
}

// ---- splitting ------------------------------------------------------------------------------------------

/** Runs covering plain-text offsets [from, to). */
function sliceRuns(runs: readonly Run[], from: number, to: number): Run[] {
  const out: Run[] = [];
  let offset = 0;
  for (const run of runs) {
    const end = offset + run.text.length;
    if (end > from && offset < to) out.push({ ...run, text: run.text.slice(Math.max(0, from - offset), Math.min(run.text.length, to - offset)) });
    offset = end;
    if (offset >= to) break;
  }
  return out;
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * Cuts the runs into WhatsApp texts of at most `limit` characters (markers included), preferring a
 * paragraph break, then a line break, then a space, in the second half of the room available; then any
 * such break; only then a cut between two characters (never inside a surrogate pair). Leading and
 * trailing whitespace of every part is dropped; an empty document gives no part.
 */
export function splitToLimit(runs: readonly Run[], limit: number): string[] {
  const plain = plainText(runs);
  const fits = (from: number, to: number): boolean => toWhatsApp(sliceRuns(runs, from, to)).length <= limit;
  const parts: string[] = [];
  let start = skipSpace(plain, 0);
  while (start < plain.length) {
    // Largest end that fits: the formatted length only grows with the end, so binary search works.
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
    parts.push(toWhatsApp(sliceRuns(runs, start, trimmedEnd)));
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
