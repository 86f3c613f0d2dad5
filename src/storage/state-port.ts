/**
 * The project's own storage port for conversation state: one record per person (their pseudonymous
 * key), read, written and deleted as a whole, with optimistic concurrency. A write names the version it
 * was based on and is refused when the record changed since — also when it was deleted since, so a turn
 * that read before `/forget` cannot bring the data back. Versions never repeat for a key (they come from
 * a clock, not a per-row counter), so a record deleted and created again is not mistaken for the old one.
 *
 * Values are whatever JSON the caller stores; the caller validates what it reads (zod), the port does not
 * cast. Two implementations: SQLite (embedded, one process) and PostgreSQL (shared by instances).
 */
export interface Versioned {
  value: unknown;
  /** Positive; 0 is never a stored version (it means "nothing was there" in `write`). */
  version: number;
}

export interface StateStore {
  read(person: string): Promise<Versioned | undefined>;
  /**
   * Stores `value` if the record is still at `expected` (0: there was none). Returns the new version;
   * throws VersionConflict otherwise, changing nothing.
   */
  write(person: string, value: unknown, expected: number): Promise<number>;
  /** Deletes everything kept about the person; nothing there is not an error. */
  delete(person: string): Promise<void>;
  /** Deletes records nobody wrote since `cutoff` (ms since epoch); returns how many. */
  deleteIdleSince(cutoff: number): Promise<number>;
}

export class VersionConflict extends Error {
  constructor() {
    // No key in the message: it is a pseudonymous person key, still not for the logs.
    super('storage: the state was changed or deleted by another turn');
    this.name = 'VersionConflict';
  }
}

/**
 * Versions that only grow: milliseconds × 1000 plus a counter, so two writes in the same millisecond
 * still differ, and a restart (or another instance) continues above what was issued before. Fits in a
 * 64-bit integer and in a double without loss until the year 2255.
 */
export function versionClock(now: () => number = Date.now): () => number {
  let last = 0;
  return () => {
    last = Math.max(last + 1, Math.floor(now()) * 1000);
    return last;
  };
}
