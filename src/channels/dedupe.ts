/**
 * Platforms redeliver a message when they did not see our 2xx in time (Telegram retries an update until it
 * gets one), so every receiver drops keys it has already seen. Memory stays bounded whatever a sender does:
 * entries expire after `ttlMs` and the oldest are evicted beyond `maxEntries`.
 */
/** Drops repeats of an update: in this process (RecentIds) or across instances (storage/postgres-dedupe). */
export interface UpdateDedupe {
  /** True the first time `key` is seen within the expiry (and records it); false for a repeat. */
  firstTime(key: string): boolean | Promise<boolean>;
}

export interface RecentIdsOptions {
  /** How long a key is remembered. Telegram gives up redelivering after about a day; minutes are plenty. */
  ttlMs: number;
  /** Upper bound on remembered keys; the oldest is forgotten first. */
  maxEntries: number;
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
}

export class RecentIds implements UpdateDedupe {
  /** key → expiry time. A Map iterates in insertion order, so the first entry is always the oldest. */
  private readonly expiries = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: RecentIdsOptions) {
    if (!(options.ttlMs > 0)) throw new Error(`RecentIds: ttlMs must be a positive number, got ${options.ttlMs}`);
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new Error(`RecentIds: maxEntries must be a positive integer, got ${options.maxEntries}`);
    }
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries;
    this.now = options.now ?? Date.now;
  }

  /** True the first time `key` is seen within the TTL (and records it); false for a repeat. */
  firstTime(key: string): boolean {
    const now = this.now();
    this.forgetExpired(now);
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > now) return false;
    // A repeat is not re-inserted: the key keeps the age of its first delivery, so insertion order stays
    // expiry order and forgetExpired can stop at the first live entry.
    this.expiries.delete(key);
    this.expiries.set(key, now + this.ttlMs);
    for (const oldest of this.expiries.keys()) {
      if (this.expiries.size <= this.maxEntries) break;
      this.expiries.delete(oldest);
    }
    return true;
  }

  /** Number of keys currently remembered (for /healthz and tests). */
  get size(): number {
    return this.expiries.size;
  }

  private forgetExpired(now: number): void {
    for (const [key, expiry] of this.expiries) {
      // Stop at the first live entry: later ones were inserted later. A clock that steps backwards only
      // delays expiry, it never drops a live key.
      if (expiry > now) break;
      this.expiries.delete(key);
    }
  }
}
