/**
 * One save of the knowledge folder at a time. A save reads the file, checks its version and writes it;
 * two saves of one entry that overlap would both pass the check and the later write would silently undo
 * the earlier. In one process a queue is enough (the SQLite default); instances sharing a folder take a
 * lock in PostgreSQL as well (storage/postgres-knowledge-sync.ts).
 */

/** What a save running under the lock can ask of it. */
export interface SaveTurn {
  /** Called once a file has changed, so the instances that share the folder are told to reload. */
  wrote(): void;
  /**
   * Resolves while the lock is still this save's; rejects with `SaveLockLost` once it is not. A lock
   * held through a database connection is gone when that connection is (another instance may be saving
   * now), so a save asks right before it replaces a file and writes nothing when refused.
   */
  stillHeld(): Promise<void>;
}

export interface KnowledgeSaveLock {
  /** Runs `fn` while no other save runs. */
  exclusive<T>(fn: (turn: SaveTurn) => Promise<T>): Promise<T>;
}

/** The lock was lost in the middle of a save; the save wrote nothing. */
export class SaveLockLost extends Error {
  constructor(cause: unknown) {
    super('the knowledge save lock was lost (its database connection ended or did not answer); nothing was written', { cause });
    this.name = 'SaveLockLost';
  }
}

/** The lock of a single process: saves wait in a queue, and a save in the queue's turn keeps it. */
export class LocalSaveLock implements KnowledgeSaveLock {
  private queue: Promise<unknown> = Promise.resolve();

  exclusive<T>(fn: (turn: SaveTurn) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => fn({ wrote: () => undefined, stillHeld: async () => undefined }));
    this.queue = run.catch(() => undefined);
    return run;
  }
}
