/**
 * One save of the knowledge folder at a time. A save reads the file, checks its version and writes it;
 * two saves of one entry that overlap would both pass the check and the later write would silently undo
 * the earlier. In one process a queue is enough (the SQLite default); instances sharing a folder take a
 * lock in PostgreSQL as well (storage/postgres-knowledge-sync.ts).
 */

export interface KnowledgeSaveLock {
  /**
   * Runs `fn` while no other save runs. `fn` calls `wrote()` once it has changed a file, so the
   * instances that share the folder are told to reload.
   */
  exclusive<T>(fn: (wrote: () => void) => Promise<T>): Promise<T>;
}

/** The lock of a single process: saves wait in a queue. */
export class LocalSaveLock implements KnowledgeSaveLock {
  private queue: Promise<unknown> = Promise.resolve();

  exclusive<T>(fn: (wrote: () => void) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => fn(() => undefined));
    this.queue = run.catch(() => undefined);
    return run;
  }
}
