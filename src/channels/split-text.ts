/**
 * Cuts styled text into messages that each fit a platform's limit once rendered.
 *
 * Cuts are made in the plain text of the runs, never in the rendered form, so a cut cannot land inside a
 * tag, an entity or a pair of formatting markers: every part renders (and closes) its own, and a phrase
 * cut in two keeps its style on both sides. How a part is rendered and measured is the platform's.
 */

export interface TextRun {
  readonly text: string;
}

export function plainText(runs: readonly TextRun[]): string {
  return runs.map((run) => run.text).join('');
}

const isSpace = (c: string): boolean => c === '' || /\s/.test(c);

/** Runs covering plain-text offsets [from, to), each keeping its style. */
function sliceRuns<R extends TextRun>(runs: readonly R[], from: number, to: number): R[] {
  const out: R[] = [];
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
 * Parts that each `fit`, preferring a paragraph break, then a line break, then a space, in the second half
 * of the room available; then any such break; only then a cut between two characters (never inside a
 * surrogate pair). Whitespace around a cut is dropped; an empty document gives no part.
 *
 * `fits` is the platform's rule (its limit, and how it counts the rendered length); it must only turn from
 * true to false as a part grows, because the longest part that fits is found by bisection. `maxChars`, when
 * given, bounds that search: no part is longer than this in plain text (true when the rendered form is
 * never shorter than the plain text and the limit is `maxChars`).
 */
export function splitRuns<R extends TextRun>(runs: readonly R[], fits: (part: R[]) => boolean, maxChars?: number): R[][] {
  const plain = plainText(runs);
  const parts: R[][] = [];
  let start = skipSpace(plain, 0);
  while (start < plain.length) {
    let lo = start + 1;
    let hi = maxChars === undefined ? plain.length : Math.min(plain.length, start + maxChars);
    // Most replies fit one message: one rendering decides that.
    if (fits(sliceRuns(runs, start, hi))) lo = hi;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(sliceRuns(runs, start, mid))) lo = mid;
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
