/**
 * Remembers how recent questions were read (safety check, search, confidence policy), so a question
 * asked again — "bsn", "привіт", the same words many people type — costs a lookup instead of a search.
 *
 * The reading depends only on the text, the language hint and the knowledge, so it is kept per search
 * index: a knowledge reload builds a new index and the old readings go with it. Keys are hashes, not the
 * questions: the cache holds nothing a person typed, only which entry it led to.
 */
import { createHash } from 'node:crypto';
import type { Language } from '../knowledge/languages';
import type { SearchIndex } from '../search/search-index';
import type { Resolution } from './resolve';

/** What a turn needs to know about a question, beyond the text itself. */
export interface QuestionReading {
  resolution: Resolution;
  language: Language;
  languageConfident: boolean;
  /** The message (as typed or as read, e.g. from the wrong keyboard layout) is a greeting / a thank-you. */
  greeting: boolean;
  thanks: boolean;
}

export interface QuestionCacheOptions {
  /** Readings kept per knowledge version; the least recently asked go first. */
  capacity?: number;
  /** Longer messages are read afresh every time: they seldom repeat word for word. */
  maxChars?: number;
}

export interface QuestionCacheStats {
  hits: number;
  misses: number;
  size: number;
}

export class QuestionCache {
  private readonly capacity: number;
  private readonly maxChars: number;
  private readonly byIndex = new WeakMap<SearchIndex, Map<string, QuestionReading>>();
  private current: Map<string, QuestionReading> | undefined;
  private hits = 0;
  private misses = 0;

  constructor(options: QuestionCacheOptions = {}) {
    this.capacity = options.capacity ?? 5000;
    this.maxChars = options.maxChars ?? 300;
  }

  read(index: SearchIndex, question: string, hint: Language | undefined, compute: () => QuestionReading): QuestionReading {
    return this.lookup(index, question, hint) ?? this.store(index, question, hint, compute());
  }

  /** The reading kept for this question, if any (counted as a hit); a miss is counted by `store`. */
  lookup(index: SearchIndex, question: string, hint: Language | undefined): QuestionReading | undefined {
    const readings = this.cacheable(question) ? this.byIndex.get(index) : undefined;
    if (!readings) return undefined;
    const key = keyOf(question, hint);
    const known = readings.get(key);
    if (!known) return undefined;
    this.hits++;
    // Map keeps insertion order: re-inserting makes this the most recently used.
    readings.delete(key);
    readings.set(key, known);
    return known;
  }

  /** Keeps a reading computed for this question (here or in a search worker) and returns it as kept. */
  store(index: SearchIndex, question: string, hint: Language | undefined, reading: QuestionReading): QuestionReading {
    this.misses++;
    if (!this.cacheable(question)) return reading;
    let readings = this.byIndex.get(index);
    if (!readings) {
      readings = new Map();
      this.byIndex.set(index, readings);
    }
    this.current = readings;
    // Turns share a reading, so none may change it.
    const kept = Object.freeze({ ...reading });
    Object.freeze(kept.resolution);
    Object.freeze(kept.resolution.alternatives);
    readings.set(keyOf(question, hint), kept);
    if (readings.size > this.capacity) readings.delete(readings.keys().next().value!);
    return kept;
  }

  private cacheable(question: string): boolean {
    return this.capacity > 0 && question.length <= this.maxChars;
  }

  stats(): QuestionCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.current?.size ?? 0 };
  }
}

function keyOf(question: string, hint: Language | undefined): string {
  return createHash('sha256').update(`${hint ?? ''}\u0000${question}`).digest('base64');
}
