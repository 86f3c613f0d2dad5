/**
 * Reads the Markdown subset of knowledge answers — paragraphs, "- " and "1. " list items, **bold**,
 * *italic* or _italic_, [label](target) and backslash escapes — the same way for every channel.
 *
 * The reader hands text to a sink together with the style it is in. What a style is, what bold or italic
 * does to it, and how a link is shown are the channel's, as is the output format built from the text.
 * Sinks with block markup (the web page, the volunteers' preview) get paragraphs and lists built from the
 * same lines and inline reading: markdown-document.ts.
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

/** One line of the source as the reader sees it; channels with block markup (the web) build on these. */
export type MarkdownLine =
  | { readonly kind: 'blank' }
  | { readonly kind: 'bullet'; readonly indent: string; readonly content: string }
  | { readonly kind: 'numbered'; readonly indent: string; readonly number: string; readonly content: string }
  | { readonly kind: 'text'; readonly indented: boolean; readonly content: string };

export function markdownLines(source: string): MarkdownLine[] {
  return source
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((rawLine): MarkdownLine => {
      const line = rawLine.trimEnd();
      if (line.trim() === '') return { kind: 'blank' };
      const bullet = BULLET.exec(line);
      if (bullet) return { kind: 'bullet', indent: bullet[1] ?? '', content: bullet[2] ?? '' };
      const numbered = NUMBERED.exec(line);
      if (numbered) return { kind: 'numbered', indent: numbered[1] ?? '', number: numbered[2] ?? '', content: numbered[3] ?? '' };
      const content = line.trimStart();
      return { kind: 'text', indented: content !== line, content };
    });
}

/** Blank lines separate paragraphs (kept as one blank line); list items get "• " or "1. ". */
export function readMarkdown<S>(source: string, base: S, sink: MarkdownSink<S>): void {
  let started = false;
  let blankBefore = false;
  for (const line of markdownLines(source)) {
    if (line.kind === 'blank') {
      blankBefore = true;
      continue;
    }
    if (started) sink.text(blankBefore ? '\n\n' : '\n', base);
    started = true;
    blankBefore = false;
    if (line.kind === 'bullet') sink.text(`${line.indent}• `, base);
    else if (line.kind === 'numbered') sink.text(`${line.indent}${line.number}. `, base);
    readInline(line.content, base, sink, false);
  }
}

/** The inline part of one line (bold, italic, links, escapes), for readers that build their own blocks. */
export function readInlineMarkdown<S>(line: string, base: S, sink: MarkdownSink<S>): void {
  readInline(line, base, sink, false);
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
