/**
 * Readings computed elsewhere — in search worker threads (src/workers/) — for a turn that stays
 * synchronous and pure. A turn asks for readings as it goes (the question, then perhaps the question
 * without a town's name, or with the question before it); which it needs depends on the ones before.
 * So the turn is run, and where it needs a reading nobody has yet it stops (ReadingNeeded); the reading
 * is fetched without blocking this thread, and the turn runs again from the start with it. A turn is a
 * function of the message, the state and its readings, so running it again gives the same result, and
 * its logic stays in one place for the threaded and the in-process path alike.
 */
import type { Language } from '../knowledge/languages';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { SearchIndex } from '../search/search-index';
import type { QuestionCache, QuestionReading } from './question-cache';
import { readQuestion } from './read-question';

export type ReadQuestion = (raw: string, hint: Language | undefined) => QuestionReading;

export interface ReadingSource {
  /**
   * The reading of `question` against `knowledge`, computed elsewhere; undefined when it cannot be
   * (no worker ready, a worker that died, knowledge that changed meanwhile): it is then read here.
   */
  read(knowledge: KnowledgeBase, question: string, hint: Language | undefined): Promise<QuestionReading | undefined>;
}

/**
 * Thrown to stop a turn, caught below and never seen outside. Not an Error: it is thrown on most new
 * questions, and an Error would record a stack trace every time for nobody to read.
 */
class ReadingNeeded {
  constructor(
    readonly raw: string,
    readonly hint: Language | undefined,
  ) {}
}

/** The reading a turn is known to start with (a text message's own words), fetched before it runs. */
export interface FirstReading {
  raw: string;
  hint: Language | undefined;
}

/** More readings than any turn asks for: past this, whatever is still missing is read here. */
const MAX_FETCHES = 8;

/** Reads in this thread, through the cache: the synchronous path. */
export function readHere(index: SearchIndex, cache: QuestionCache): ReadQuestion {
  return (raw, hint) => cache.read(index, raw, hint, () => readQuestion(index, raw, hint));
}

/**
 * Runs `turn` with the readings it asks for, each from the cache or else from `source`. With `first`,
 * that reading is fetched before the turn runs, so a new question's turn runs once instead of twice
 * (stopped at its first reading, then run again); a turn that asks for something else only wasted a
 * worker's read.
 */
export async function withReadings<T>(
  index: SearchIndex,
  cache: QuestionCache,
  source: ReadingSource,
  turn: (read: ReadQuestion) => T,
  first?: FirstReading,
): Promise<T> {
  const fetched = new Map<string, QuestionReading>();
  const here = readHere(index, cache);
  if (first) {
    const { raw, hint } = first;
    const known = cache.lookup(index, raw, hint);
    const reading = known ?? cache.store(index, raw, hint, (await source.read(index.knowledge, raw, hint)) ?? readQuestion(index, raw, hint));
    fetched.set(keyOf(raw, hint), reading);
  }
  for (;;) {
    try {
      return turn((raw, hint) => {
        const key = keyOf(raw, hint);
        const had = fetched.get(key);
        if (had) return had;
        // Kept for the runs to come as well, so a cache hit counts once per turn.
        const reading = cache.lookup(index, raw, hint) ?? (fetched.size >= MAX_FETCHES ? here(raw, hint) : undefined);
        if (!reading) throw new ReadingNeeded(raw, hint);
        fetched.set(key, reading);
        return reading;
      });
    } catch (err) {
      if (!(err instanceof ReadingNeeded)) throw err;
      const reading = (await source.read(index.knowledge, err.raw, err.hint)) ?? readQuestion(index, err.raw, err.hint);
      fetched.set(keyOf(err.raw, err.hint), cache.store(index, err.raw, err.hint, reading));
    }
  }
}

function keyOf(raw: string, hint: Language | undefined): string {
  return `${hint ?? ''}\u0000${raw}`;
}
