/** 👍/👎 counts in PostgreSQL: a press on any instance counts in every instance's admin. */
import type { PgPool } from './postgres';
import { quick } from './postgres-breaker';
import { dayOf, TOTALS_SQL, totalsOf, type FeedbackStore, type FeedbackTotals } from './feedback-store';

export class PostgresFeedbackStore implements FeedbackStore {
  constructor(
    private readonly pool: PgPool,
    private readonly now: () => number = Date.now,
  ) {}

  async record(answerId: string, helpful: boolean, at = this.now()): Promise<void> {
    // One statement: two instances counting the same entry on the same day both count.
    // Quick: a write the database does not answer fails and waits in the retry queue (app/write-retries.ts).
    await this.pool.query(
      quick(
        `INSERT INTO feedback (answer_id, day, helpful, not_helpful) VALUES ($1, $2, $3, $4)
         ON CONFLICT (answer_id, day) DO UPDATE SET helpful = feedback.helpful + excluded.helpful, not_helpful = feedback.not_helpful + excluded.not_helpful`,
        [answerId, dayOf(at), helpful ? 1 : 0, helpful ? 0 : 1],
      ),
    );
  }

  async totals(): Promise<Map<string, FeedbackTotals>> {
    return totalsOf((await this.pool.query(TOTALS_SQL)).rows);
  }
}
