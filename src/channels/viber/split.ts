/**
 * Cuts runs into messages that each fit Viber's limits once serialised, at a paragraph, a line or a space
 * where possible. Cutting runs (not serialised text) means a cut never leaves a `*` unpaired, and a
 * character outside the BMP is never cut in half.
 */
import { VIBER_LIMITS } from './limits';
import { isSpace, plainText, serialise, type Run } from './markdown';

function fits(runs: readonly Run[], limit: number): boolean {
  const text = serialise(runs);
  return text.length <= limit && Buffer.byteLength(JSON.stringify(text), 'utf8') <= VIBER_LIMITS.messageJsonBytes;
}

function sliceRuns(runs: readonly Run[], from: number, to: number): Run[] {
  const out: Run[] = [];
  let offset = 0;
  for (const run of runs) {
    const end = offset + run.text.length;
    if (end > from && offset < to) out.push({ text: run.text.slice(Math.max(0, from - offset), Math.min(run.text.length, to - offset)), bold: run.bold });
    offset = end;
    if (offset >= to) break;
  }
  return out;
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Parts that each fit `limit` characters (and the JSON byte budget) once serialised. */
export function splitRuns(runs: readonly Run[], limit: number): Run[][] {
  const plain = plainText(runs);
  const parts: Run[][] = [];
  let start = skipSpace(plain, 0);
  while (start < plain.length) {
    // The longest prefix that fits: serialised length only grows with the prefix, so bisect.
    let lo = start + 1;
    let hi = plain.length;
    if (fits(sliceRuns(runs, start, hi), limit)) lo = hi;
    else {
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (fits(sliceRuns(runs, start, mid), limit)) lo = mid;
        else hi = mid - 1;
      }
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
