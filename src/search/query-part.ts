/**
 * The part of a long message that search reads. Search costs grow with every word (each unknown word is
 * looked up as a prefix, a typo and finally with fuse.js), and a 4,096-character message of made-up
 * words held the event loop for hundreds of milliseconds. People ask in a sentence or two, so a message
 * longer than `SEARCH_PART_CHARS` is searched by its questions alone (sentences with a question mark):
 * the story around them pulls the ranking towards whatever it mentions ("we came with the children …
 * how do I get a BSN?" ranked family reunification first). Without a question mark, its last sentence
 * (where people put what they ask), its first, then the ones before the last. The safety check reads
 * the whole message, not this part (see assistant/resolve.ts).
 *
 * Messages up to the limit are searched whole, exactly as typed: every labelled question in tests/eval is
 * far shorter, so no normal question ranks differently.
 */

export const SEARCH_PART_CHARS = 300;

const SENTENCE_END = /(?<=[.!?…？！])\s+|\s*\n+\s*/;
const QUESTION = /[?？]/;

/** At most `max` characters of `s`, cut at a word boundary: its end for a question, its start otherwise. */
function cut(s: string, max: number, keepEnd: boolean): string {
  if (s.length <= max) return s;
  if (keepEnd) {
    const start = s.length - max;
    const space = s.indexOf(' ', start);
    return (space >= 0 && space < start + max / 2 ? s.slice(space + 1) : s.slice(start)).replace(/^[\uDC00-\uDFFF]/, '');
  }
  const space = s.lastIndexOf(' ', max);
  return (space > max / 2 ? s.slice(0, space) : s.slice(0, max)).replace(/[\uD800-\uDBFF]$/, '');
}

export function searchPart(text: string, maxChars = SEARCH_PART_CHARS): string {
  if (text.length <= maxChars) return text;
  const sentences = text
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const questions = sentences.flatMap((s, i) => (QUESTION.test(s) ? [i] : []));
  const last = sentences.length - 1;
  const order = questions.length ? questions : [...new Set([last, 0, ...[...sentences.keys()].reverse()])].filter((i) => i >= 0);
  const chosen = new Set<number>();
  let used = 0;
  for (const i of order) {
    const length = sentences[i]!.length + (chosen.size ? 1 : 0);
    if (used + length > maxChars) continue;
    chosen.add(i);
    used += length;
  }
  // One sentence longer than the whole part: its question end, or its start.
  if (chosen.size === 0) {
    const first = order[0] ?? 0;
    return cut(sentences[first] ?? text, maxChars, QUESTION.test(sentences[first] ?? ''));
  }
  return [...chosen]
    .sort((a, b) => a - b)
    .map((i) => sentences[i])
    .join(' ');
}
