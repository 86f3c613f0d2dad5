/**
 * Ranks entries by how much of the question they explain. Each query word is matched to known terms
 * (exact, prefix, typo); a term's weight is its rarity across entries (IDF). An entry scores on two views:
 * - coverage: the share of the question's weight found anywhere in the entry's phrasings and keywords;
 * - closeness: how well the single nearest phrasing matches, penalising its words the question lacks.
 * Both are in [0, 1]; coverage also tells the confidence policy whether the question is in our domain.
 */
import type { ApproximateBudget, TermMatcher } from './term-matcher';

export interface RankerDoc {
  entry: number;
  terms: readonly string[];
  /**
   * Keywords are the words an entry is about; phrasings also carry incidental words; an answer's words
   * are weak evidence (it mentions neighbouring topics) and only count towards coverage.
   */
  kind: 'question' | 'keyword' | 'answer';
  /** Words in the text, function words included ("не хочу жити" is three, though one term is left). */
  words?: number;
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

/**
 * How many entries (best by coverage) get their phrasings compared one by one. 15 reads every labelled
 * question exactly as 30 did (all tuning and held-out sets) for a fifth less search time: the entry
 * that wins on closeness is never far down by coverage.
 */
const CLOSENESS_CANDIDATES = 15;

/**
 * fuse.js look-ups per question, for words nothing closer matches. Of the 1,300 labelled questions in
 * tests/eval none needs more than 5; a long message of made-up words needed one per word.
 */
export const APPROXIMATE_LOOKUPS = 8;

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
  /** The terms and total rarity of each phrasing, keyword and answer. */
  private readonly docTerms: Array<ReadonlySet<string>> = [];
  /** The phrasings and keywords (not answers) that use each term: closeness reads only those. */
  private readonly docsOfTerm = new Map<string, number[]>();
  private readonly docIdf: number[] = [];

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
        // A one-word keyword is what the entry is about; the words of a longer one ("workplace injury")
        // are as incidental as a phrasing's.
        // Counted before function words go: "не хочу жити" (I don't want to live) is not a keyword "жити".
        u.keyword ||= doc.kind === 'keyword' && doc.terms.length === 1 && (doc.words ?? 1) === 1;
        perEntry.set(doc.entry, u);
      }
      this.docTerms[d] = new Set(doc.terms);
      if (doc.kind !== 'answer') {
        for (const t of this.docTerms[d]!) {
          const list = this.docsOfTerm.get(t);
          if (list) list.push(d);
          else this.docsOfTerm.set(t, [d]);
        }
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
    this.docTerms.forEach((terms, d) => {
      let sum = 0;
      for (const t of terms) sum += this.idfOf(t);
      this.docIdf[d] = sum;
    });
  }

  /**
   * How central `term` is to `entry` by its phrasings and keywords (1: a one-word keyword, or a word of
   * enough of its phrasings); undefined when only its answer uses the term, or nothing does.
   */
  centralityIn(term: string, entry: number): number | undefined {
    const use = this.entriesOf.get(term)?.find((u) => u.entry === entry);
    return use && !use.answerOnly ? use.centrality : undefined;
  }

  idfOf(term: string): number {
    return this.idf.get(term) ?? this.maxIdf;
  }

  /**
   * `weights` (one per query term, default 1) make some words weaker evidence: the story around a long
   * message's question counts, but less than the question. `budget`: fuse.js look-ups left for this
   * message, shared when one message is ranked twice.
   */
  rank(query: readonly QueryTerm[], limit = 10, weights?: readonly number[], budget: ApproximateBudget = { left: APPROXIMATE_LOOKUPS }): Ranking {
    const { extraTermPenalty, coverageWeight } = this.options;
    // For each query term: its weight (what the best match is worth; unknown words weigh most, as they
    // are what we cannot explain), and the credit each matching known term gives.
    const qs = query.map((q, qi) => {
      const w = weights?.[qi] ?? 1;
      // A known word is worth its own rarity: its prefix or typo neighbours ("werk" → "werkloos") may not
      // lend it theirs, or a common word would pull the question to whichever entry has the rare one.
      const ceiling = this.entriesOf.has(q) ? this.idfOf(q) : Infinity;
      const credits = this.matcher
        .match(q, { budget })
        .filter((m) => this.entriesOf.has(m.term))
        .map((m) => ({ term: m.term, credit: w * m.weight * Math.min(this.idfOf(m.term), ceiling) }));
      const best = credits.reduce((a, c) => Math.max(a, c.credit), 0);
      return { weight: credits.length ? best : w * this.maxIdf, credits };
    });
    const total = qs.reduce((a, q) => a + q.weight, 0);
    if (total === 0) return { hits: [], unknownShare: 0 };
    const unknown = qs.reduce((a, q) => a + (q.credits.length === 0 ? q.weight : 0), 0);

    // Coverage per entry: each query term counts once, with its best credit in that entry.
    const coverage = new Map<number, number>();
    const askedCoverage = new Map<number, number>();
    for (const q of qs) {
      const bestInEntry = new Map<number, number>();
      const bestAskedInEntry = new Map<number, number>();
      for (const { term, credit } of q.credits) {
        for (const { entry: e, centrality, answerOnly } of this.entriesOf.get(term)!) {
          const c = credit * centrality;
          if ((bestInEntry.get(e) ?? 0) < c) bestInEntry.set(e, c);
          if (!answerOnly && (bestAskedInEntry.get(e) ?? 0) < c) bestAskedInEntry.set(e, c);
        }
      }
      for (const [e, c] of bestInEntry) coverage.set(e, (coverage.get(e) ?? 0) + c);
      for (const [e, c] of bestAskedInEntry) askedCoverage.set(e, (askedCoverage.get(e) ?? 0) + c);
    }

    // Closeness, for the best candidates only (it reads every phrasing, so it must not grow with the
    // knowledge base): the best single phrasing, penalised for its words the question lacks.
    const candidates = [...coverage].sort((a, b) => b[1] - a[1]).slice(0, Math.max(CLOSENESS_CANDIDATES, limit));
    // Phrasings are short and questions can be long: walk each phrasing's terms, not the question's.
    const creditsByTerm = new Map<string, Array<[number, number]>>();
    qs.forEach((q, qi) => {
      for (const { term, credit } of q.credits) {
        const list = creditsByTerm.get(term);
        if (list) list.push([qi, credit]);
        else creditsByTerm.set(term, [[qi, credit]]);
      }
    });
    const bestCredit = new Float64Array(qs.length);
    const bestIdf = new Float64Array(qs.length);
    const hits: LexicalHit[] = [];
    // A phrasing that shares no term with the question has no closeness: only those that do are read.
    const isCandidate = new Set(candidates.map(([entry]) => entry));
    const sharing = new Map<number, Set<number>>();
    for (const term of creditsByTerm.keys()) {
      for (const d of this.docsOfTerm.get(term) ?? []) {
        const entry = this.docs[d]!.entry;
        if (!isCandidate.has(entry)) continue;
        const docs = sharing.get(entry);
        if (docs) docs.add(d);
        else sharing.set(entry, new Set([d]));
      }
    }
    for (const [entry, cov] of candidates) {
      let close = 0;
      for (const d of sharing.get(entry) ?? []) {
        bestCredit.fill(0);
        let any = false;
        for (const t of this.docTerms[d]!) {
          const list = creditsByTerm.get(t);
          if (!list) continue;
          for (const [qi, c] of list) {
            if (c > bestCredit[qi]!) {
              bestCredit[qi] = c;
              bestIdf[qi] = this.idfOf(t);
              any = true;
            }
          }
        }
        if (!any) continue;
        let credit = 0;
        let matchedIdf = 0;
        for (let qi = 0; qi < qs.length; qi++) {
          if (bestCredit[qi]! > 0) {
            credit += bestCredit[qi]!;
            matchedIdf += bestIdf[qi]!;
          }
        }
        const extra = Math.max(0, this.docIdf[d]! - matchedIdf);
        const value = credit / (total + extraTermPenalty * extra);
        if (value > close) close = value;
      }
      const c = cov / total;
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
