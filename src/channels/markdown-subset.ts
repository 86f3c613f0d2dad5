/**
 * Reads the Markdown subset of knowledge answers — paragraphs, "- " and "1. " list items, **bold**,
 * *italic* or _italic_, [label](target) and backslash escapes — the same way for every channel.
 *
 * The reader hands text to a sink together with the style it is in. What a style is, what bold or italic
 * does to it, and how a link is shown are the channel's, as is the output format built from the text.
 */

export interface MarkdownSink<S> {
  /** Text in `style`, in order; adjacent calls may carry the same style. */
  text(text: string, style: S): void;
  /** The style inside **…**, given the style around it. */
  bold(style: S): S;
  /** The style inside *…* or _…_, given the style around it. */
  italic(style: S): S;
  /** A [label](target) link; `inline` reads the label, which is Markdown too, in the style given. */
  link(label: string, target: string, style: S, inline: (markdown: string, style: S) => void): void;
  /**
   * For channels that must keep a bare http(s) URL in the text apart: its style, or undefined to read it
   * as ordinary text. Without this, bare URLs are ordinary text.
   */
  urlStyle?(url: string): S | undefined;
}

/** A letter or a digit: an underscore between two of these is part of a word, never a marker. */
export const WORD_CHAR = /[\p{L}\p{N}]/u;

const BULLET = /^(\s*)[-*•]\s+(.*)$/;
const NUMBERED = /^(\s*)(\d{1,3})[.)]\s+(.*)$/;

/** Blank lines separate paragraphs (kept as one blank line); list items get "• " or "1. ". */
export function readMarkdown<S>(source: string, base: S, sink: MarkdownSink<S>): void {
  let started = false;
  let blankBefore = false;
  for (const rawLine of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trimEnd();
    if (line.trim() === '') {
      blankBefore = true;
      continue;
    }
    if (started) sink.text(blankBefore ? '\n\n' : '\n', base);
    started = true;
    blankBefore = false;
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (bullet) {
      sink.text(`${bullet[1]}• `, base);
      readInline(bullet[2] ?? '', base, sink, false);
    } else if (numbered) {
      sink.text(`${numbered[1]}${numbered[2]}. `, base);
      readInline(numbered[3] ?? '', base, sink, false);
    } else {
      readInline(line.trimStart(), base, sink, false);
    }
  }
}

const LINK = /\[([^[\]\n]+)\]\(([^\s()]+)\)/y;
/** A bare URL in the text; closing punctuation is not part of it. */
const BARE_URL = /https?:\/\/[^\s<>]*[^\s<>.,;:!?'")\]]/y;
const ESCAPABLE = new Set(['\\', '*', '_', '[', ']', '(', ')']);

function readInline<S>(src: string, style: S, sink: MarkdownSink<S>, inLink: boolean): void {
  let text = '';
  const flush = (): void => {
    if (text !== '') sink.text(text, style);
    text = '';
  };
  const nested = (inner: string, inside: S): void => {
    flush();
    readInline(inner, inside, sink, inLink);
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
    if (sink.urlStyle && ch === 'h' && !WORD_CHAR.test(src.charAt(i - 1))) {
      BARE_URL.lastIndex = i;
      const url = BARE_URL.exec(src)?.[0];
      const urlStyle = url === undefined ? undefined : sink.urlStyle(url);
      if (url !== undefined && urlStyle !== undefined) {
        flush();
        sink.text(url, urlStyle);
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
        sink.link(label, target, style, (markdown, labelStyle) => readInline(markdown, labelStyle, sink, true));
        i += whole.length;
        continue;
      }
    }
    if (ch === '*' && next === '*') {
      const end = closingStrong(src, i + 2);
      if (end !== -1) {
        nested(src.slice(i + 2, end), sink.bold(style));
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
        nested(src.slice(i + 1, end), sink.italic(style));
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
