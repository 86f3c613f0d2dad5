/**
 * Storage that never takes the conversation down: when the database is locked, full or gone, reads
 * come back empty and writes are dropped, the failure is reported to /healthz, and the bot keeps
 * answering from the knowledge in memory.
 *
 * Only a write clears a reported failure: reads keep working while the disk is full or another process
 * holds the write lock, so a successful read says nothing about whether anything can be recorded.
 */
import type { Storage, StoreItems } from 'botbuilder';

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

export class ResilientStorage implements Storage {
  constructor(
    private readonly inner: Storage & { deleteContaining?(fragment: string): number },
    private readonly health: HealthSink,
    private readonly component = 'storage',
    private readonly gate: WriteGate = new WriteGate(),
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    try {
      return await this.inner.read(keys);
    } catch (err) {
      this.health.failed(this.component, err);
      return {};
    }
  }

  async write(changes: StoreItems): Promise<void> {
    try {
      await this.gate.runAsync(() => this.inner.write(changes));
      this.health.ok(this.component);
    } catch (err) {
      this.health.failed(this.component, err);
    }
  }

  async delete(keys: string[]): Promise<void> {
    try {
      await this.gate.runAsync(() => this.inner.delete(keys));
      this.health.ok(this.component);
    } catch (err) {
      this.health.failed(this.component, err);
      throw err;
    }
  }

  deleteContaining(fragment: string): number {
    try {
      return this.gate.run(() => this.inner.deleteContaining?.(fragment) ?? 0);
    } catch (err) {
      this.health.failed(this.component, err);
      throw err;
    }
  }
}
