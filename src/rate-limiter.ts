/**
 * Counts events per key in fixed one-minute windows. Memory is bounded: at most `maxKeys` keys are
 * tracked; when full, the oldest windows are dropped first (a flood of new keys cannot exhaust memory).
 */
export interface LimitDecision {
  allowed: boolean;
  /** True only for the first refused event of a window, so the person is told once, not every time. */
  firstRefusal: boolean;
  retryAfterSeconds: number;
  /** Refused, and the person has not been told for a while (first refusal, then at most every 10 s). */
  tell: boolean;
}

/** A per-person limit: in memory (one process) or in the shared database (several instances). */
export interface PersonLimiter {
  hit(key: string): LimitDecision | Promise<LimitDecision>;
}

const WINDOW_MS = 60_000;
export const TELL_EVERY_MS = 10_000;

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number; told?: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  hit(key: string): LimitDecision {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= WINDOW_MS) {
      if (w) this.windows.delete(key);
      w = { start: now, count: 0 };
      this.evictIfFull(now);
      this.windows.set(key, w);
    }
    w.count += 1;
    const allowed = this.perMinute <= 0 || w.count <= this.perMinute;
    const tell = !allowed && (w.told === undefined || now - w.told >= TELL_EVERY_MS);
    if (tell) w.told = now;
    return {
      allowed,
      tell,
      firstRefusal: !allowed && w.count === this.perMinute + 1,
      retryAfterSeconds: Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000)),
    };
  }

  private evictIfFull(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [k, w] of this.windows) {
      if (now - w.start >= WINDOW_MS || this.windows.size >= this.maxKeys) this.windows.delete(k);
      if (this.windows.size < this.maxKeys * 0.9) break;
    }
  }

  get size(): number {
    return this.windows.size;
  }
}
