/**
 * Ranks entries by how much of the question they explain. Each query word is matched to known terms
 * (exact, prefix, typo); a term's weight is its rarity across entries (IDF). An entry scores on two views:
 * - coverage: the share of the question's weight found anywhere in the entry's phrasings and keywords;
 * - closeness: how well the single nearest phrasing matches, penalising its words the question lacks.
 * Both are in [0, 1]; coverage also tells the confidence policy whether the question is in our domain.
 */
import type { TermMatcher } from './term-matcher';

export interface RankerDoc {
  entry: number;
  terms: readonly string[];
  /**
   * Keywords are the words an entry is about; phrasings also carry incidental words; an answer's words
   * are weak evidence (it mentions neighbouring topics) and only count towards coverage.
   */
  kind: 'question' | 'keyword' | 'answer';
}

export interface LexicalHit {
  entry: number;
  /** Share of the question's weight this entry's phrasings and keywords explain. */
  coverage: number;
  /** The same, also counting words of the entry's answer. */
  coverageWithAnswer: number;
  closeness: number;
  score: number;
}

export interface Ranking {
  hits: LexicalHit[];
  /** Share of the question's weight carried by words no entry knows. */
  unknownShare: number;
}

export interface LexicalOptions {
  /** Weight of coverage against closeness in the score. */
  coverageWeight: number;
  /** How much a phrasing's words that the question lacks count against it. */
  extraTermPenalty: number;
  /** Credit for a term used in one phrasing of an entry; grows with the share of phrasings using it. */
  minCentrality: number;
  centralitySlope: number;
  /** Credit for a term only the entry's answer uses. */
  answerCentrality: number;
}

export const DEFAULT_LEXICAL_OPTIONS: LexicalOptions = {
  coverageWeight: 0.5,
  extraTermPenalty: 0.35,
  minCentrality: 0.5,
  centralitySlope: 2,
  answerCentrality: 0.4,
};

/** A content word of the question, stemmed (function words are left out before ranking). */
export type QueryTerm = string;

export class LexicalRanker {
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  /** term → entries that use it, with how central the term is to each (0..1) */
  private readonly entriesOf = new Map<string, Array<{ entry: number; centrality: number; answerOnly: boolean }>>();
  /** term → docs (phrasings/keywords) that use it */
  private readonly docsOf = new Map<string, number[]>();

  constructor(
    private readonly docs: readonly RankerDoc[],
    private readonly entryCount: number,
    private readonly matcher: TermMatcher,
    private readonly options: LexicalOptions = DEFAULT_LEXICAL_OPTIONS,
  ) {
    // How many of an entry's phrasings use a term: "leefgeld" in most phrasings of the living-allowance
    // entry is what it is about; "per maand" in one phrasing of another entry is incidental.
    const docsPerEntry = new Map<number, number>();
    const uses = new Map<string, Map<number, { docs: number; keyword: boolean }>>();
    docs.forEach((doc, d) => {
      if (doc.kind !== 'answer') docsPerEntry.set(doc.entry, (docsPerEntry.get(doc.entry) ?? 0) + 1);
      for (const t of new Set(doc.terms)) {
        let perEntry = uses.get(t);
        if (!perEntry) uses.set(t, (perEntry = new Map()));
        const u = perEntry.get(doc.entry) ?? { docs: 0, keyword: false };
        if (doc.kind !== 'answer') u.docs += 1;
        u.keyword ||= doc.kind === 'keyword';
        perEntry.set(doc.entry, u);
        if (doc.kind === 'answer') continue;
        const list = this.docsOf.get(t);
        if (list) list.push(d);
        else this.docsOf.set(t, [d]);
      }
    });
    for (const [t, perEntry] of uses) {
      const list = [...perEntry].map(([entry, u]) => ({
        entry,
        answerOnly: u.docs === 0 && !u.keyword,
        centrality: u.keyword
          ? 1
          : u.docs === 0
            ? options.answerCentrality
            : Math.min(1, options.minCentrality + options.centralitySlope * (u.docs / (docsPerEntry.get(entry) ?? 1))),
      }));
      this.entriesOf.set(t, list);
      this.idf.set(t, Math.log(1 + (entryCount - list.length + 0.5) / (list.length + 0.5)));
    }
    this.maxIdf = Math.log(1 + (entryCount + 0.5) / 0.5);
  }

  idfOf(term: string): number {
    return this.idf.get(term) ?? this.maxIdf;
  }

  rank(query: readonly QueryTerm[], limit = 10): Ranking {
    const { extraTermPenalty, coverageWeight } = this.options;
    // For each query term: its weight (what the best match is worth; unknown words weigh most, as they
    // are what we cannot explain), and the credit each matching known term gives.
    const qs = query.map((q) => {
      const credits = this.matcher.match(q).map((m) => ({ term: m.term, credit: m.weight * this.idfOf(m.term) }));
      const best = credits.reduce((a, c) => Math.max(a, c.credit), 0);
      return { weight: credits.length ? best : this.maxIdf, credits };
    });
    const total = qs.reduce((a, q) => a + q.weight, 0);
    if (total === 0) return { hits: [], unknownShare: 0 };
    const unknown = qs.reduce((a, q) => a + (q.credits.length === 0 ? q.weight : 0), 0);

    // Coverage per entry: each query term counts once, with its best credit in that entry.
    const coverage = new Map<number, number>();
    const askedCoverage = new Map<number, number>();
    const docCredit = new Map<number, number>();
    const docMatchedTerms = new Map<number, Set<string>>();
    qs.forEach((q) => {
      const bestInEntry = new Map<number, number>();
      const bestAskedInEntry = new Map<number, number>();
      const bestInDoc = new Map<number, number>();
      for (const { term, credit: c } of q.credits) {
        for (const { entry: e, centrality, answerOnly } of this.entriesOf.get(term) ?? []) {
          bestInEntry.set(e, Math.max(bestInEntry.get(e) ?? 0, c * centrality));
          if (!answerOnly) bestAskedInEntry.set(e, Math.max(bestAskedInEntry.get(e) ?? 0, c * centrality));
        }
        for (const d of this.docsOf.get(term) ?? []) {
          if ((bestInDoc.get(d) ?? 0) < c) bestInDoc.set(d, c);
          let m = docMatchedTerms.get(d);
          if (!m) docMatchedTerms.set(d, (m = new Set()));
          m.add(term);
        }
      }
      for (const [e, c] of bestInEntry) coverage.set(e, (coverage.get(e) ?? 0) + c);
      for (const [e, c] of bestAskedInEntry) askedCoverage.set(e, (askedCoverage.get(e) ?? 0) + c);
      for (const [d, c] of bestInDoc) docCredit.set(d, (docCredit.get(d) ?? 0) + c);
    });

    // Closeness: the best single phrasing of each entry, penalised for its words the question lacks.
    const closeness = new Map<number, number>();
    for (const [d, credit] of docCredit) {
      const doc = this.docs[d]!;
      const matched = docMatchedTerms.get(d)!;
      let extra = 0;
      for (const t of new Set(doc.terms)) if (!matched.has(t)) extra += this.idfOf(t);
      const value = credit / (total + extraTermPenalty * extra);
      if ((closeness.get(doc.entry) ?? 0) < value) closeness.set(doc.entry, value);
    }

    const hits: LexicalHit[] = [];
    for (const [entry, cov] of coverage) {
      const c = cov / total;
      const close = closeness.get(entry) ?? 0;
      hits.push({
        entry,
        coverage: (askedCoverage.get(entry) ?? 0) / total,
        coverageWithAnswer: c,
        closeness: close,
        score: coverageWeight * c + (1 - coverageWeight) * close,
      });
    }
    hits.sort((a, b) => b.score - a.score || a.entry - b.entry);
    return { hits: hits.slice(0, limit), unknownShare: unknown / total };
  }
}
