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
  /**
   * Terms by number: rank() reads them in typed arrays, as string-keyed look-ups in its two inner loops
   * were most of a question's search.
   */
  private readonly termIds = new Map<string, number>();
  /** The distinct terms of each phrasing, keyword and answer, their rarities, and the rarities' sum. */
  private readonly docTermIds: Int32Array[] = [];
  private readonly docTermIdf: Float64Array[] = [];
  private readonly docIdf: Float64Array;
  private readonly docEntry: Int32Array;
  /** The phrasings and keywords (not answers) that use each term: closeness reads only those. */
  private readonly docsOfTerm: number[][] = [];
  // Scratch for rank(), left as found after each call: the place of each term in the call's credit
  // lists and of each entry among its candidates (-1: none), and the phrasings it has listed, by call.
  private readonly termSlot: Int32Array;
  private readonly candidateSlot: Int32Array;
  private readonly docMark: Uint32Array;
  private calls = 0;

  constructor(
    docs: readonly RankerDoc[],
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
      const distinct = new Set(doc.terms);
      for (const t of distinct) {
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
      const ids = Int32Array.from(distinct, (t) => {
        let id = this.termIds.get(t);
        if (id === undefined) this.termIds.set(t, (id = this.termIds.size));
        return id;
      });
      this.docTermIds[d] = ids;
      if (doc.kind !== 'answer') for (const id of ids) (this.docsOfTerm[id] ??= []).push(d);
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
    const termOfId = [...this.termIds.keys()];
    this.docIdf = new Float64Array(docs.length);
    this.docTermIds.forEach((ids, d) => {
      const idfs = Float64Array.from(ids, (id) => this.idfOf(termOfId[id]!));
      this.docTermIdf[d] = idfs;
      let sum = 0;
      for (const idf of idfs) sum += idf;
      this.docIdf[d] = sum;
    });
    this.docEntry = Int32Array.from(docs, (doc) => doc.entry);
    this.termSlot = new Int32Array(this.termIds.size).fill(-1);
    this.candidateSlot = new Int32Array(entryCount).fill(-1);
    this.docMark = new Uint32Array(docs.length);
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

    // Coverage per entry: each query term counts once, with its best credit in that entry. Arrays by entry
    // number, not maps: this loop and the one over phrasings below are most of a question's search.
    const entries = this.entryCount;
    const coverage = new Float64Array(entries);
    const askedCoverage = new Float64Array(entries);
    const bestInEntry = new Float64Array(entries);
    const bestAskedInEntry = new Float64Array(entries);
    // Entries in the order they were first credited: the order that breaks ties between candidates.
    const covered: number[] = [];
    const touched: number[] = [];
    for (const q of qs) {
      touched.length = 0;
      for (const { term, credit } of q.credits) {
        for (const { entry: e, centrality, answerOnly } of this.entriesOf.get(term)!) {
          const c = credit * centrality;
          if (bestInEntry[e]! < c) {
            if (bestInEntry[e] === 0) touched.push(e);
            bestInEntry[e] = c;
          }
          if (!answerOnly && bestAskedInEntry[e]! < c) bestAskedInEntry[e] = c;
        }
      }
      for (const e of touched) {
        if (coverage[e] === 0) covered.push(e);
        coverage[e]! += bestInEntry[e]!;
        askedCoverage[e]! += bestAskedInEntry[e]!;
        bestInEntry[e] = 0;
        bestAskedInEntry[e] = 0;
      }
    }

    // Closeness, for the best candidates only (it reads every phrasing, so it must not grow with the
    // knowledge base): the best single phrasing, penalised for its words the question lacks.
    const candidates = covered
      .map((e): [number, number] => [e, coverage[e]!])
      .sort((a, b) => b[1] - a[1])
      .slice(0, Math.max(CLOSENESS_CANDIDATES, limit));
    // Phrasings are short and questions can be long: walk each phrasing's terms, not the question's.
    const credited: number[] = [];
    const creditLists: Array<Array<[number, number]>> = [];
    try {
      qs.forEach((q, qi) => {
        for (const { term, credit } of q.credits) {
          const id = this.termIds.get(term)!;
          let slot = this.termSlot[id]!;
          if (slot < 0) {
            slot = this.termSlot[id] = creditLists.length;
            creditLists.push([]);
            credited.push(id);
          }
          creditLists[slot]!.push([qi, credit]);
        }
      });
      candidates.forEach(([entry], i) => (this.candidateSlot[entry] = i));
      // A phrasing that shares no term with the question has no closeness: only those that do are read.
      const sharing: number[][] = candidates.map(() => []);
      if (++this.calls === 0xffffffff) {
        this.calls = 1;
        this.docMark.fill(0);
      }
      const mark = this.calls;
      for (const id of credited) {
        for (const d of this.docsOfTerm[id] ?? []) {
          const slot = this.candidateSlot[this.docEntry[d]!]!;
          if (slot < 0 || this.docMark[d] === mark) continue;
          this.docMark[d] = mark;
          sharing[slot]!.push(d);
        }
      }
      return this.closeness(candidates, askedCoverage, sharing, creditLists, qs.length, total, limit, unknown);
    } finally {
      for (const id of credited) this.termSlot[id] = -1;
      for (const [entry] of candidates) this.candidateSlot[entry] = -1;
    }
  }

  /** Each candidate's best phrasing, and the candidates ranked. */
  private closeness(
    candidates: ReadonlyArray<[number, number]>,
    askedCoverage: Float64Array,
    sharing: readonly number[][],
    creditLists: ReadonlyArray<ReadonlyArray<[number, number]>>,
    queryLength: number,
    total: number,
    limit: number,
    unknown: number,
  ): Ranking {
    const { extraTermPenalty, coverageWeight } = this.options;
    const bestCredit = new Float64Array(queryLength);
    const bestIdf = new Float64Array(queryLength);
    const hits: LexicalHit[] = [];
    candidates.forEach(([entry, cov], slot) => {
      let close = 0;
      for (const d of sharing[slot]!) {
        bestCredit.fill(0);
        let any = false;
        const ids = this.docTermIds[d]!;
        const idfs = this.docTermIdf[d]!;
        for (let i = 0; i < ids.length; i++) {
          const termSlot = this.termSlot[ids[i]!]!;
          if (termSlot < 0) continue;
          for (const [qi, c] of creditLists[termSlot]!) {
            if (c > bestCredit[qi]!) {
              bestCredit[qi] = c;
              bestIdf[qi] = idfs[i]!;
              any = true;
            }
          }
        }
        if (!any) continue;
        let credit = 0;
        let matchedIdf = 0;
        for (let qi = 0; qi < queryLength; qi++) {
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
        coverage: askedCoverage[entry]! / total,
        coverageWithAnswer: c,
        closeness: close,
        score: coverageWeight * c + (1 - coverageWeight) * close,
      });
    });
    hits.sort((a, b) => b.score - a.score || a.entry - b.entry);
    return { hits: hits.slice(0, limit), unknownShare: unknown / total };
  }
}
