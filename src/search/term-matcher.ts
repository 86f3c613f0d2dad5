/**
 * Finds the known terms a (possibly misspelled or truncated) query term may stand for:
 * exact, a shared prefix (people shorten words, stems differ), or a typo away. Deletion neighbourhoods
 * (SymSpell) keep the typo lookup fast at 50× the knowledge base, where scanning every term is too slow.
 * When none of these finds anything, fuse.js's approximate matching gets the last word: it forgives
 * several errors in a long word ("хаусарта" → "хаузартс", "zwnager" → "zwanger"). It searches only
 * the terms with the same first letter, which keeps it under a millisecond.
 */
import { randomInt } from 'node:crypto';
import Fuse from 'fuse.js';
import { boundedEditDistance } from './edit-distance';
import { DeletionKeys, couldApproximate } from './match-shortcuts';
import { mayBeFormOf } from './stem';

export interface TermMatch {
  term: string;
  /** 1 for the term itself, less for looser matches. */
  weight: number;
}

/**
 * How many fuse.js look-ups one question may still make; shared by the calls for its words. fuse.js
 * reads every known term with the word's first letter, so a message of made-up words would otherwise pay
 * that for each word.
 */
export interface ApproximateBudget {
  left: number;
}

/** Credit of a known term for each way a typed word can match it, relative to the word itself. */
export interface MatchWeights {
  exact: number;
  /** A known term that starts with the word or that the word starts with (shrinks with the missing part). */
  prefix: number;
  /** One edit away (a letter missing, extra, wrong, or two swapped). */
  typo1: number;
  /** Two edits away (words of 8 letters or more). */
  typo2: number;
  /** fuse.js's match, times (1 − its score), when nothing closer matched. */
  approximate: number;
}

/** Set by hand on tests/eval; part of the search's tuning (tuning.ts). */
export const DEFAULT_MATCH_WEIGHTS: MatchWeights = { exact: 1, prefix: 0.8, typo1: 0.75, typo2: 0.55, approximate: 0.5 };
const MIN_APPROXIMATE = 5;
/** fuse.js reads a longer pattern in several passes of 32 characters; no typo of a real word is that long. */
const MAX_APPROXIMATE = 32;
const MAX_WORD = 40;
export const FUSE_OPTIONS = { includeScore: true, ignoreLocation: true, threshold: 0.35 } as const;
const MIN_PREFIX = 4;
const MIN_TYPO1 = 4;
const MIN_TYPO2 = 8;
/**
 * Typos are looked for in words up to this long: the probes grow with the square of the length (300 at
 * 24 letters, 800 at 40), and a made-up word of 40 letters in every reading of a long message added up.
 */
const MAX_TYPO = 24;
const MAX_PREFIX_MATCHES = 24;
/** Look-ups remembered per index (a knowledge reload starts afresh); all are forgotten when it is full. */
const CACHE_ENTRIES = 20_000;

/**
 * The cache's key for a word: a hash, so the cache holds nothing a person typed (its values are the
 * knowledge base's own terms), as the question cache promises for whole questions. Not SHA-256: that
 * was a twentieth of a question's search, for a key nobody needs to be unable to invert (a word's hash
 * is as guessable either way). 53 bits make a clash among the 20,000 words kept about one chance in
 * fifty million, and the random seed keeps anyone from choosing words that clash.
 */
function cacheKey(seed: number, kind: 'close' | 'approximate', query: string): number {
  let h1 = 0x9e3779b9 ^ seed;
  let h2 = 0x85ebca6b ^ seed ^ (kind === 'close' ? 0 : 0x5bd1e995);
  for (let i = 0; i < query.length; i++) {
    const c = query.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x9e3779b1);
    h2 = Math.imul(h2 ^ c, 0x5f356495);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b) ^ Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  return 0x100000000 * (h2 & 0x1fffff) + (h1 >>> 0);
}

function deletes1(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
}

export class TermMatcher {
  private readonly terms: ReadonlySet<string>;
  private readonly sorted: readonly string[];
  private readonly byDeletion = new Map<string, string[]>();
  private readonly deletionKeys: DeletionKeys;
  private readonly byFirstLetter = new Map<string, string[]>();
  private readonly approximate = new Map<string, Fuse<string>>();
  /** Hashed word → matches (see `cacheKey`), at most CACHE_ENTRIES. */
  private readonly cache = new Map<number, TermMatch[]>();
  private readonly seed = randomInt(0x7fffffff);

  /** What each kind of match is worth. */
  readonly weights: MatchWeights;

  /**
   * @param options.approximate false: callers never ask for fuse.js matches, so no index is built for them
   * @param options.weights the search's tuning (DEFAULT_MATCH_WEIGHTS unless given)
   */
  constructor(terms: Iterable<string>, options: { approximate?: boolean; weights?: MatchWeights } = {}) {
    this.weights = options.weights ?? DEFAULT_MATCH_WEIGHTS;
    this.terms = new Set(terms);
    this.sorted = [...this.terms].sort();
    for (const term of this.terms) {
      const first = term[0] ?? '';
      const bucket = this.byFirstLetter.get(first);
      if (bucket) bucket.push(term);
      else this.byFirstLetter.set(first, [term]);
    }
    // Built now rather than on first use, so no question pays for it.
    if (options.approximate !== false) {
      for (const [first, bucket] of this.byFirstLetter) {
        if (bucket.some((t) => t.length >= MIN_APPROXIMATE - 1)) this.approximate.set(first, new Fuse(bucket, FUSE_OPTIONS));
      }
    }
    for (const term of this.terms) {
      if (term.length < MIN_TYPO1 - 1) continue;
      for (const d of [term, ...deletes1(term)]) {
        const list = this.byDeletion.get(d);
        if (list) list.push(term);
        else this.byDeletion.set(d, [term]);
      }
    }
    this.deletionKeys = new DeletionKeys(this.byDeletion.keys(), this.byDeletion.size);
  }

  private fuseFor(first: string): Fuse<string> {
    let fuse = this.approximate.get(first);
    if (!fuse) {
      fuse = new Fuse(this.byFirstLetter.get(first) ?? [], FUSE_OPTIONS);
      this.approximate.set(first, fuse);
    }
    return fuse;
  }

  has(term: string): boolean {
    return this.terms.has(term);
  }

  get size(): number {
    return this.terms.size;
  }

  /**
   * Best weight per matching known term, strongest first. Results are cached per query term.
   * `approximate: false` skips the fuse.js step (for callers that only want close matches); with a
   * `budget`, the step runs only while the budget lasts (a result cut short is not cached).
   */
  match(query: string, { approximate = true, budget }: { approximate?: boolean; budget?: ApproximateBudget } = {}): TermMatch[] {
    // Nothing real is this long; the typo steps cost grows with the square of the length.
    if (query.length > MAX_WORD) return this.terms.has(query) ? [{ term: query, weight: this.weights.exact }] : [];
    const close = this.cached(cacheKey(this.seed, 'close', query), () => this.closeMatches(query));
    // fuse.js only when nothing closer matched.
    if (!approximate || close.length > 0 || query.length < MIN_APPROXIMATE || query.length > MAX_APPROXIMATE) return close;
    const key = cacheKey(this.seed, 'approximate', query);
    const known = this.cache.get(key);
    if (known) return known;
    if (budget) {
      if (budget.left <= 0) return close;
      budget.left--;
    }
    return this.cached(key, () => {
      const found: TermMatch[] = [];
      // Most words nothing matches share too few letters with every term for fuse.js to match any: then
      // it is not asked, and finds nothing just as it would have (match-shortcuts.ts).
      const first = query[0]!;
      if (!(this.byFirstLetter.get(first) ?? []).some(couldApproximate(query, FUSE_OPTIONS.threshold))) return found;
      for (const m of this.fuseFor(first).search(query, { limit: 3 })) {
        if (m.score !== undefined && !found.some((f) => f.term === m.item)) found.push({ term: m.item, weight: this.weights.approximate * (1 - m.score) });
      }
      return found.sort((a, b) => b.weight - a.weight);
    });
  }

  private cached(key: number, compute: () => TermMatch[]): TermMatch[] {
    const known = this.cache.get(key);
    if (known) return known;
    const result = compute();
    if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }

  /** Exact, prefix and typo matches. */
  private closeMatches(query: string): TermMatch[] {
    const found = new Map<string, number>();
    const add = (term: string, weight: number) => {
      if ((found.get(term) ?? 0) < weight) found.set(term, weight);
    };
    const known = this.terms.has(query);
    if (known) add(query, this.weights.exact);
    if (query.length >= MIN_PREFIX) {
      // Known terms that start with the query ("лікар" → "лікарн") … A word we know is not a shortened
      // one: it meets a longer term only when that may be another form of it ("work" → "working", not
      // "apart" → "apartment" or "child" → "childcare").
      let i = lowerBound(this.sorted, query);
      for (let n = 0; i < this.sorted.length && n < MAX_PREFIX_MATCHES; i++, n++) {
        const t = this.sorted[i]!;
        if (!t.startsWith(query)) break;
        if (t.length - query.length <= 4 && (!known || mayBeFormOf(query, t))) add(t, this.weights.prefix);
      }
      // … and known terms the query starts with ("huisartsenpost" → "huisarts"), the same way round.
      for (let len = Math.max(MIN_PREFIX, query.length - 6); len < query.length; len++) {
        const p = query.slice(0, len);
        if (this.terms.has(p) && (!known || mayBeFormOf(p, query))) add(p, this.weights.prefix * (len / query.length) ** 0.5);
      }
    }
    if (query.length >= MIN_TYPO1 && query.length <= MAX_TYPO && !known) {
      this.deletionKeys.forEachProbe(query, query.length >= MIN_TYPO2, (probe) => {
        for (const t of this.byDeletion.get(probe) ?? []) {
          if (found.has(t)) continue;
          const d = boundedEditDistance(query, t, query.length >= MIN_TYPO2 ? 2 : 1);
          if (d === 1) add(t, this.weights.typo1);
          else if (d === 2) add(t, this.weights.typo2);
        }
      });
    }
    return [...found].map(([term, weight]) => ({ term, weight })).sort((a, b) => b.weight - a.weight);
  }
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
