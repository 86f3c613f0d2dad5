/**
 * A reading of a message with its misspelt words put right, for checks that look for particular words
 * (the safety check) rather than rank by terms. A word is replaced only when it is unknown and a known
 * word is one edit away (two for long words); among equally close words the one the knowledge base uses
 * most wins. Short words are left alone: a four-letter typo has too many plausible corrections.
 */
import { boundedEditDistance } from './edit-distance';
import { TermMatcher } from './term-matcher';

const MIN_LENGTH = 5;
const LONG = 8;
const WORD = /[\p{L}\u02BC]+/gu;

export class SpellingCorrector {
  private readonly counts = new Map<string, number>();
  private readonly matcher: TermMatcher;

  /** @param words every word of the knowledge base, repeated as often as it is used, or each with its count */
  constructor(words: Iterable<string> | ReadonlyMap<string, number>) {
    if (words instanceof Map) for (const [w, n] of words as ReadonlyMap<string, number>) this.counts.set(w, n);
    else for (const w of words as Iterable<string>) this.counts.set(w, (this.counts.get(w) ?? 0) + 1);
    this.matcher = new TermMatcher([...this.counts.keys()].filter((w) => w.length >= MIN_LENGTH - 1), { approximate: false });
  }

  /** The known word `word` most likely stands for, or undefined when it is known or nothing is close. */
  correction(word: string): string | undefined {
    if (word.length < MIN_LENGTH || this.counts.has(word)) return undefined;
    const max = word.length >= LONG ? 2 : 1;
    let best: string | undefined;
    let bestDistance = max + 1;
    let bestCount = 0;
    for (const { term } of this.matcher.match(word, { approximate: false })) {
      const d = boundedEditDistance(word, term, max);
      const count = this.counts.get(term) ?? 0;
      if (d < bestDistance || (d === bestDistance && count > bestCount)) {
        best = term;
        bestDistance = d;
        bestCount = count;
      }
    }
    return bestDistance <= max ? best : undefined;
  }

  /** `text` (normalised) with every misspelt word replaced by its correction. */
  correct(text: string): string {
    return text.replace(WORD, (w) => this.correction(w) ?? w);
  }
}
