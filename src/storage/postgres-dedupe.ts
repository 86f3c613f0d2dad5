/**
 * Update ids seen by any instance: a redelivered webhook update that reaches another instance is dropped
 * there too. One row per key (a digest: the table holds no message or chat ids) with an expiry; the
 * first insert wins, a repeat within the expiry finds the row. If the database cannot be asked, the
 * instance's own memory decides, so an update is answered rather than lost.
 */
import { createHash } from 'node:crypto';
import type { PgPool } from './postgres';
import { quick } from './postgres-breaker';
import type { UpdateDedupe } from '../channels/dedupe';

export class PostgresDedupe implements UpdateDedupe {
  constructor(
    private readonly pool: PgPool,
    private readonly ttlMs: number,
    private readonly fallback: UpdateDedupe,
    private readonly onError: (err: unknown) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async firstTime(key: string): Promise<boolean> {
    const digest = createHash('sha256').update(key).digest('base64url');
    const now = this.now();
    try {
      // Inserted, or found expired and taken over: first time. Found live: a repeat.
      const result = await this.pool.query(
        quick(
          `INSERT INTO seen_updates AS s (key, expires_at) VALUES ($1, $2) ON CONFLICT (key)
           DO UPDATE SET expires_at = excluded.expires_at WHERE s.expires_at <= $3 RETURNING 1`,
          [digest, now + this.ttlMs, now],
        ),
      );
      return (result.rowCount ?? 0) > 0;
    } catch (err) {
      this.onError(err);
      return this.fallback.firstTime(key);
    }
  }

  /** Deletes expired keys; returns how many. */
  async deleteExpired(): Promise<number> {
    const result = await this.pool.query('DELETE FROM seen_updates WHERE expires_at <= $1', [this.now()]);
    return result.rowCount ?? 0;
  }
}
