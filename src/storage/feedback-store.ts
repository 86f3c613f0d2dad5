/** 👍/👎 counts per entry and day — totals only, never who pressed what. */
import type { Db } from './database';

export class FeedbackStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  record(answerId: string, helpful: boolean): void {
    const day = new Date(this.now()).toISOString().slice(0, 10);
    this.db
      .prepare(
        `INSERT INTO feedback (answer_id, day, helpful, not_helpful) VALUES (?, ?, ?, ?)
         ON CONFLICT(answer_id, day) DO UPDATE SET helpful = helpful + excluded.helpful, not_helpful = not_helpful + excluded.not_helpful`,
      )
      .run(answerId, day, helpful ? 1 : 0, helpful ? 0 : 1);
  }

  totals(): Map<string, { helpful: number; notHelpful: number }> {
    const rows = this.db.prepare('SELECT answer_id, SUM(helpful) AS h, SUM(not_helpful) AS n FROM feedback GROUP BY answer_id').all() as Array<{ answer_id: string; h: number; n: number }>;
    return new Map(rows.map((r) => [r.answer_id, { helpful: r.h, notHelpful: r.n }]));
  }
}
