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
import { readMarkdown, WORD_CHAR } from '../markdown-subset';
import { safeHttpUrl } from '../safe-url';
import { splitRuns } from '../split-text';

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

export function pushRun(out: Run[], text: string, style: Style): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last && sameStyle(last, style)) out[out.length - 1] = { ...last, text: last.text + text };
  else out.push({ text, bold: style.bold, italic: style.italic, verbatim: style.verbatim });
}

function sameStyle(a: Style, b: Style): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.verbatim === b.verbatim;
}

// ---- Markdown subset -----------------------------------------------------------------------------------

/** Bare URLs are kept apart, so no formatting marker or look-alike ever becomes part of a tapped link. */
export function appendMarkdown(source: string, out: Run[]): void {
  readMarkdown(source, PLAIN, {
    text: (text, style) => pushRun(out, text, style),
    bold: (style) => ({ ...style, bold: true }),
    italic: (style) => ({ ...style, italic: true }),
    link: (label, target, style, inline) => appendLink(label, target, style, out, inline),
    urlStyle: (url) => (safeHttpUrl(url) ? URL_STYLE : undefined),
  });
}

/**
 * "label: https://…" — or the URL alone when the label is the URL. tel: and mailto: show the number or
 * address after the label (WhatsApp makes them tappable itself); other schemes show the label only.
 */
function appendLink(label: string, target: string, style: Style, out: Run[], inline: (markdown: string, style: Style) => void): void {
  const url = safeHttpUrl(target);
  if (url) {
    if (sameAddress(label, url)) {
      pushRun(out, url, URL_STYLE);
      return;
    }
    inline(label, style);
    pushRun(out, ': ', PLAIN);
    pushRun(out, url, URL_STYLE);
    return;
  }
  inline(label, style);
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

/**
 * Cuts the runs into WhatsApp texts of at most `limit` characters, markers included (see split-text.ts for
 * where it cuts). An empty document gives no part.
 */
export function splitToLimit(runs: readonly Run[], limit: number): string[] {
  return splitRuns(runs, (part) => toWhatsApp(part).length <= limit, limit).map(toWhatsApp);
}
