/**
 * The inbox and feedback writes of turns that failed — the database restarting, unreachable, locked or
 * full — kept in memory and tried again until they succeed. Without it, a question the bot told the
 * person it saved for the volunteers was lost for good when PostgreSQL restarted, and a 👎 was thanked
 * for and not counted.
 *
 * Bounded, as memory is: at most `maxItems` wait and none longer than `maxAgeMs`; beyond that the oldest
 * go first, counted (`stats().dropped`, in /metrics) and logged by component only. A waiting write holds
 * what its store keeps and nothing more (the question already scrubbed and cut: app/channels.ts), never
 * a person's key. One write is tried at a time, after a wait that grows with each failure (a database
 * that is down is asked once in a while, not by every waiting write); after a success the rest follow
 * at once. At shutdown `flush` gives each one more try within a deadline.
 */
import type { Logger } from '../logger';

export interface WriteRetriesOptions {
  /** Writes kept at most (default 1,000). */
  maxItems?: number;
  /** How long a write is kept at most (default 1 hour). */
  maxAgeMs?: number;
  /** The first wait and the most the waits grow to (default 1 s and 30 s). */
  baseMs?: number;
  maxWaitMs?: number;
  logger?: Logger;
  now?: () => number;
  random?: () => number;
}

/** Tries one write; true when it was written (the caller reports the outcome to /healthz). */
export type Attempt = (component: string, write: () => Promise<unknown>) => Promise<boolean>;

interface Waiting {
  component: string;
  write: () => Promise<unknown>;
  since: number;
}

type DropReason = 'full' | 'expired' | 'shutdown';

/** Drops are logged at most this often (a long outage at a busy time drops one write per new question). */
const LOG_DROPS_EVERY_MS = 60_000;

export class WriteRetries {
  private readonly queue: Waiting[] = [];
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private closed = false;
  private dropped = 0;
  private unlogged = new Map<string, number>();
  private loggedAt = -Infinity;
  private readonly maxItems: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly attempt: Attempt,
    private readonly options: WriteRetriesOptions = {},
  ) {
    this.maxItems = options.maxItems ?? 1000;
    this.maxAgeMs = options.maxAgeMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Keeps a write that failed, to be tried again later. */
  add(component: string, write: () => Promise<unknown>): void {
    if (this.closed) {
      this.drop(component, 'shutdown');
      return;
    }
    this.dropExpired();
    this.queue.push({ component, write, since: this.now() });
    while (this.queue.length > this.maxItems) this.drop(this.queue.shift()!.component, 'full');
    this.schedule();
  }

  stats(): { waiting: number; dropped: number } {
    return { waiting: this.queue.length, dropped: this.dropped };
  }

  /**
   * Shutdown: no more waits; each waiting write gets one more try while `deadlineMs` lasts, and what is
   * still waiting after that is dropped (and counted). Resolves with how many were written.
   */
  async flush(deadlineMs: number): Promise<number> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const until = this.now() + deadlineMs;
    let written = 0;
    const tries = (async () => {
      await this.draining;
      for (const item of [...this.queue]) {
        if (this.now() >= until) break;
        if (await this.attempt(item.component, item.write)) {
          if (this.remove(item)) written += 1;
        }
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([tries, new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)))]);
    clearTimeout(timer);
    for (const item of this.queue.splice(0)) this.drop(item.component, 'shutdown');
    this.logDrops(true);
    return written;
  }

  private schedule(): void {
    if (this.closed || this.timer || this.draining || this.queue.length === 0) return;
    const { baseMs = 1000, maxWaitMs = 30_000, random = Math.random } = this.options;
    // Jitter: instances that lost the database together do not all come back in the same millisecond.
    const wait = Math.min(maxWaitMs, baseMs * 2 ** this.failures) * (0.5 + random() / 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.draining = this.drain().finally(() => {
        this.draining = undefined;
        this.schedule();
      });
    }, wait);
    this.timer.unref();
  }

  /** Writes what waits, oldest first, until one fails (it goes to the back: one that always fails does not hold up the rest). */
  private async drain(): Promise<void> {
    while (!this.closed) {
      this.dropExpired();
      const item = this.queue[0];
      if (!item) return;
      const written = await this.attempt(item.component, item.write);
      const stillWaiting = this.remove(item);
      if (!written) {
        if (stillWaiting) this.queue.push(item);
        this.failures += 1;
        return;
      }
      this.failures = 0;
    }
  }

  /** False when it is no longer waiting (dropped meanwhile). */
  private remove(item: Waiting): boolean {
    const at = this.queue.indexOf(item);
    if (at >= 0) this.queue.splice(at, 1);
    return at >= 0;
  }

  private dropExpired(): void {
    const oldest = this.now() - this.maxAgeMs;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const item = this.queue[i]!;
      if (item.since < oldest) {
        this.queue.splice(i, 1);
        this.drop(item.component, 'expired');
      }
    }
  }

  private drop(component: string, reason: DropReason): void {
    this.dropped += 1;
    const key = `${component} ${reason}`;
    this.unlogged.set(key, (this.unlogged.get(key) ?? 0) + 1);
    this.logDrops(false);
  }

  private logDrops(now: boolean): void {
    if (this.unlogged.size === 0 || (!now && this.now() - this.loggedAt < LOG_DROPS_EVERY_MS)) return;
    this.loggedAt = this.now();
    // Components and counts only: never what a write holds.
    const dropped = Object.fromEntries(this.unlogged);
    this.unlogged = new Map();
    this.options.logger?.warn({ dropped, droppedInAll: this.dropped, waiting: this.queue.length }, 'writes waiting to be tried again were dropped (too many, too old, or shutting down)');
  }
}
