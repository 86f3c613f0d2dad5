/**
 * "hoe werkt de ov-chipkaart" (how does the public-transport card work): no entry is about the card, but
 * the school-transport entry names it in two of its phrasings (is a pupil's OV-chipkaart paid for?). The
 * card's rare words then carried most of the question's weight, and that entry, far ahead of any other,
 * was answered with confidence. A question of several words of which the best entry explains one, and
 * that one only in passing, is therefore a "did you mean" (confidence.ts). On the tuning sets every
 * question answered right with one word explained has it as what its entry is about: a one-word keyword
 * ("huurtoeslag", "zwanger", "leerlingenvervoer") or a word of a quarter of its phrasings.
 *
 * "Central" is the ranker's centrality (lexical-ranker.ts) reaching 1: a one-word keyword, or a word of
 * enough of the entry's phrasings and keywords that `minCentrality + centralitySlope × share` is 1.
 */
import type { LexicalRanker, QueryTerm } from './lexical-ranker';
import type { ApproximateBudget, TermMatcher } from './term-matcher';

export class InPassing {
  constructor(
    private readonly ranker: LexicalRanker,
    private readonly matcher: TermMatcher,
  ) {}

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
    let explained = false;
    for (const term of terms) {
      for (const { term: t } of this.matcher.match(term, { budget })) {
        const centrality = this.ranker.centralityIn(t, entry);
        if (centrality === undefined) continue;
        if (centrality >= 1) return 'central';
        explained = true;
      }
    }
    return explained ? 'passing' : 'no';
  }
}
