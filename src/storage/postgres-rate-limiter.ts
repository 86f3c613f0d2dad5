/**
 * Per-person rate limits shared by every instance: a token bucket per key in PostgreSQL, taken and
 * refilled in one statement (the row lock orders concurrent hits, whichever instance they reach). The
 * bucket holds `perMinute` messages and refills at `perMinute` a minute, so a flood gets the same
 * number through as one minute's allowance, and a steady writer never waits for a window to turn.
 *
 * If the database cannot be asked, the in-process limiter decides: a person is answered rather than
 * refused because of our failure.
 */
import { z } from 'zod';
import type { PgPool } from './postgres';
import { quick } from './postgres-breaker';
import { TELL_EVERY_MS, type LimitDecision, type PersonLimiter } from '../rate-limiter';

const decisionRow = z.object({
  allowed: z.boolean(),
  tell: z.boolean(),
  refusals: z.coerce.number().int(),
  tokens: z.coerce.number(),
});

// $1 key, $2 capacity, $3 now (ms), $4 tokens per ms, $5 tell interval (ms). In ON CONFLICT DO UPDATE
// every b.* is the row before this hit, so each column is computed from the same old values.
const REFILL = 'LEAST($2::double precision, b.tokens + GREATEST(0, $3::bigint - b.updated_at) * $4::double precision)';
const TELL = `(${REFILL} < 1 AND (b.told_at IS NULL OR $3::bigint - b.told_at >= $5))`;
const HIT = `
  INSERT INTO rate_buckets AS b (key, tokens, updated_at, told_at, refusals)
  VALUES ($1, $2::double precision - 1, $3, NULL, 0)
  ON CONFLICT (key) DO UPDATE SET
    tokens = CASE WHEN ${REFILL} >= 1 THEN ${REFILL} - 1 ELSE ${REFILL} END,
    updated_at = GREATEST(b.updated_at, $3::bigint),
    refusals = CASE WHEN ${REFILL} >= 1 THEN 0 ELSE b.refusals + 1 END,
    told = ${TELL},
    told_at = CASE WHEN ${TELL} THEN $3::bigint ELSE b.told_at END
  RETURNING refusals = 0 AS allowed, told AS tell, refusals, tokens`;

export class PostgresRateLimiter implements PersonLimiter {
  private readonly perMs: number;

  constructor(
    private readonly pool: PgPool,
    private readonly perMinute: number,
    private readonly fallback: PersonLimiter,
    private readonly onError: (err: unknown) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
  }

  async hit(key: string): Promise<LimitDecision> {
    if (this.perMinute <= 0) return { allowed: true, tell: false, firstRefusal: false, retryAfterSeconds: 1 };
    try {
      const result = await this.pool.query(quick(HIT, [key, this.perMinute, this.now(), this.perMs, TELL_EVERY_MS]));
      const row = decisionRow.parse(result.rows[0]);
      return {
        allowed: row.allowed,
        tell: row.tell,
        firstRefusal: row.refusals === 1,
        // When the next whole message will be in the bucket.
        retryAfterSeconds: Math.max(1, Math.ceil((1 - row.tokens) / this.perMs / 1000)),
      };
    } catch (err) {
      this.onError(err);
      return this.fallback.hit(key);
    }
  }

  /** Deletes buckets that have been full for a while (untouched for longer than a refill takes). */
  async deleteIdle(): Promise<number> {
    const result = await this.pool.query('DELETE FROM rate_buckets WHERE updated_at < $1', [this.now() - 2 * 60_000]);
    return result.rowCount ?? 0;
  }
}
