/**
 * WhatsApp's customer-service window: free-form messages (text, interactive) may be sent only within 24
 * hours of the person's last message; after that only approved templates, which this bot does not send.
 *
 * We remember, in memory only and keyed by the pseudonymous user key, when each person last wrote —
 * by Meta's timestamp, so a notification redelivered late does not reopen a window that has closed.
 * Memory is bounded: an entry is useless once its window has closed, and beyond `maxEntries` the person
 * who wrote longest ago is forgotten first (a forgotten person counts as "closed": we do not guess).
 */
export interface ServiceWindowOptions {
  /** Default 24 h. */
  windowMs?: number;
  /** Closes the window this much early, for clock skew and time in the outbox. Default 1 minute. */
  marginMs?: number;
  /** Default 100,000 people. */
  maxEntries?: number;
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export class ServiceWindow {
  /** userKey → when the person last wrote. Re-inserted on every message, so the first entry is the stalest. */
  private readonly lastWrote = new Map<string, number>();
  private readonly windowMs: number;
  private readonly marginMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: ServiceWindowOptions = {}) {
    this.windowMs = options.windowMs ?? DAY_MS;
    this.marginMs = options.marginMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 100_000;
    this.now = options.now ?? Date.now;
    if (!(this.windowMs > this.marginMs)) throw new Error('ServiceWindow: windowMs must be longer than marginMs');
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) throw new Error('ServiceWindow: maxEntries must be a positive integer');
  }

  /** The person wrote at `at` (ms; default now). A time in the future counts as now. */
  wrote(userKey: string, at?: number): void {
    const now = this.now();
    const when = Math.min(at ?? now, now);
    const known = this.lastWrote.get(userKey);
    this.lastWrote.delete(userKey);
    this.lastWrote.set(userKey, Math.max(when, known ?? -Infinity));
    this.forgetStale(now);
  }

  /** True while a free-form message to this person may still be sent. */
  isOpen(userKey: string): boolean {
    const last = this.lastWrote.get(userKey);
    return last !== undefined && this.now() < last + this.windowMs - this.marginMs;
  }

  /** When the window closes for this person (ms, less the margin); undefined when it is not open. */
  closesAt(userKey: string): number | undefined {
    const last = this.lastWrote.get(userKey);
    return last === undefined ? undefined : last + this.windowMs - this.marginMs;
  }

  /** Meta said the window is closed (error 131047): believe it until the person writes again. */
  close(userKey: string): void {
    this.lastWrote.delete(userKey);
  }

  /** People currently remembered (for /healthz and tests). */
  get size(): number {
    return this.lastWrote.size;
  }

  private forgetStale(now: number): void {
    for (const [key, last] of this.lastWrote) {
      // Insertion order is the order we heard from people, close to the order they wrote in; stopping at
      // the first open window keeps this cheap. A stale entry left behind is harmless: isOpen checks it.
      if (this.lastWrote.size <= this.maxEntries && last + this.windowMs > now) break;
      this.lastWrote.delete(key);
    }
  }
}
