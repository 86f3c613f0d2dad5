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
    if (this.capacity <= 0 || question.length > this.maxChars) {
      this.misses++;
      return compute();
    }
    let readings = this.byIndex.get(index);
    if (!readings) {
      readings = new Map();
      this.byIndex.set(index, readings);
    }
    this.current = readings;
    const key = createHash('sha256').update(`${hint ?? ''}\u0000${question}`).digest('base64');
    const known = readings.get(key);
    if (known) {
      this.hits++;
      // Map keeps insertion order: re-inserting makes this the most recently used.
      readings.delete(key);
      readings.set(key, known);
      return known;
    }
    this.misses++;
    // Turns share a reading, so none may change it.
    const reading = Object.freeze({ ...compute() });
    Object.freeze(reading.resolution);
    Object.freeze(reading.resolution.alternatives);
    readings.set(key, reading);
    if (readings.size > this.capacity) readings.delete(readings.keys().next().value!);
    return reading;
  }

  stats(): QuestionCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.current?.size ?? 0 };
  }
}
