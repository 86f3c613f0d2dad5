/**
 * "hoe werkt de ov-chipkaart" (how does the public-transport card work): no entry is about the card, but
 * the school-transport entry names it in two of its phrasings (is a pupil's OV-chipkaart paid for?). The
 * card's rare words then carried most of the question's weight, and that entry, far ahead of any other,
 * was answered with confidence. A question of several words of which the best entry explains one, and
 * that one only in passing, is therefore a "did you mean" (confidence.ts). On the tuning sets every
 * question answered right with one word explained has it as what its entry is about: a one-word keyword
 * ("huurtoeslag", "zwanger", "leerlingenvervoer") or a word of a quarter of its phrasings.
 *
 * "Central" is the ranker's centrality reaching 1 (lexical-ranker.ts): a one-word keyword, or a word of
 * enough of the entry's phrasings and keywords that `minCentrality + centralitySlope × share` is 1.
 */
import type { LexicalOptions, QueryTerm, RankerDoc } from './lexical-ranker';
import type { ApproximateBudget, TermMatcher } from './term-matcher';

export class InPassing {
  /** The phrasings and keywords (not answers) of each entry, by index into `docs`. */
  private readonly docsOf: number[][];

  constructor(
    private readonly docs: readonly RankerDoc[],
    entryCount: number,
    private readonly matcher: TermMatcher,
    private readonly lexical: LexicalOptions,
  ) {
    this.docsOf = Array.from({ length: entryCount }, () => []);
    docs.forEach((doc, d) => {
      if (doc.kind !== 'answer') this.docsOf[doc.entry]!.push(d);
    });
  }

  /**
   * Whether `entry` explains exactly one of the question's `words` (each the terms of one typed word:
   * "ov-chipkaart" is one word of two terms), of two or more, and that one only in passing.
   */
  onlyInPassing(words: ReadonlyArray<readonly QueryTerm[]>, entry: number, budget: ApproximateBudget): boolean {
    if (words.length < 2) return false;
    let explained = 0;
    let central = false;
    for (const terms of words) {
      const found = this.explains(terms, entry, budget);
      if (found === 'no') continue;
      if (++explained > 1) return false;
      central = found === 'central';
    }
    return explained === 1 && !central;
  }

  /** How `entry`'s phrasings and keywords explain a typed word: by any term it may stand for. */
  private explains(terms: readonly QueryTerm[], entry: number, budget: ApproximateBudget): 'no' | 'passing' | 'central' {
    const matched = new Set(terms.flatMap((t) => this.matcher.match(t, { budget }).map((m) => m.term)));
    const docs = this.docsOf[entry] ?? [];
    const uses = new Map<string, number>();
    for (const d of docs) {
      const doc = this.docs[d]!;
      for (const t of new Set(doc.terms)) {
        if (!matched.has(t)) continue;
        // A one-word keyword is what the entry is about (counted as the ranker does, before function words go).
        if (doc.kind === 'keyword' && doc.terms.length === 1 && (doc.words ?? 1) === 1) return 'central';
        uses.set(t, (uses.get(t) ?? 0) + 1);
      }
    }
    if (uses.size === 0) return 'no';
    const { minCentrality, centralitySlope } = this.lexical;
    const most = Math.max(...uses.values());
    return minCentrality + centralitySlope * (most / docs.length) >= 1 ? 'central' : 'passing';
  }
}
