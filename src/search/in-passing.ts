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
  /** Per entry: how many of its phrasings and keywords (not answers) use each term, counted once per text. */
  private readonly uses: Array<Map<string, number>>;
  /** Per entry: the terms of its one-word keywords (counted as the ranker does, before function words go). */
  private readonly keywordTerms: Array<Set<string>>;
  /** Per entry: how many phrasings and keywords it has. */
  private readonly texts: number[];

  constructor(
    docs: readonly RankerDoc[],
    entryCount: number,
    private readonly matcher: TermMatcher,
    private readonly lexical: LexicalOptions,
  ) {
    // Counted once here rather than for every question: the check runs on each new question's best entry.
    this.uses = Array.from({ length: entryCount }, () => new Map<string, number>());
    this.keywordTerms = Array.from({ length: entryCount }, () => new Set<string>());
    this.texts = Array.from({ length: entryCount }, () => 0);
    for (const doc of docs) {
      if (doc.kind === 'answer') continue;
      this.texts[doc.entry]!++;
      const uses = this.uses[doc.entry]!;
      for (const t of new Set(doc.terms)) uses.set(t, (uses.get(t) ?? 0) + 1);
      if (doc.kind === 'keyword' && doc.terms.length === 1 && (doc.words ?? 1) === 1) this.keywordTerms[doc.entry]!.add(doc.terms[0]!);
    }
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
    const uses = this.uses[entry];
    const keywords = this.keywordTerms[entry];
    if (!uses || !keywords) return 'no';
    let most = 0;
    for (const term of terms) {
      for (const { term: t } of this.matcher.match(term, { budget })) {
        // A one-word keyword is what the entry is about.
        if (keywords.has(t)) return 'central';
        most = Math.max(most, uses.get(t) ?? 0);
      }
    }
    if (most === 0) return 'no';
    const { minCentrality, centralitySlope } = this.lexical;
    return minCentrality + centralitySlope * (most / this.texts[entry]!) >= 1 ? 'central' : 'passing';
  }
}
