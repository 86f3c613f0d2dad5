/**
 * What keeps a failing embedded database from taking the conversation down: failures are reported to
 * /healthz (HealthSink), and a locked database does not make every turn wait (WriteGate).
 *
 * Only a write clears a reported failure: reads keep working while the disk is full or another process
 * holds the write lock, so a successful read says nothing about whether anything can be recorded.
 */
export interface HealthSink {
  ok(component: string): void;
  failed(component: string, err: unknown): void;
}

/**
 * Keeps a locked database from making every turn wait. better-sqlite3 is synchronous: a write to a
 * database another process has locked blocks the whole event loop for the busy timeout before it fails
 * with SQLITE_BUSY. After such a failure, writes fail at once with the same error for `coolDownMs`; the
 * first write after that tries again. Other failures (SQLITE_FULL…) fail fast by themselves and pass.
 */
export class WriteGate {
  private closedUntil = 0;
  private lastError: unknown;

  constructor(
    private readonly coolDownMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  run<T>(write: () => T): T {
    if (this.now() < this.closedUntil) throw this.lastError;
    try {
      return write();
    } catch (err) {
      this.note(err);
      throw err;
    }
  }

  /** `run` for a write that finishes later (the volunteers' stores are asynchronous on either database). */
  async runAsync<T>(write: () => Promise<T>): Promise<T> {
    if (this.now() < this.closedUntil) throw this.lastError;
    try {
      return await write();
    } catch (err) {
      this.note(err);
      throw err;
    }
  }

  private note(err: unknown): void {
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) {
      this.closedUntil = this.now() + this.coolDownMs;
      this.lastError = err;
    }
  }
}
