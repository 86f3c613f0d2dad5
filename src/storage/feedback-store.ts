/**
 * 👍/👎 counts per entry and day — totals only, never who pressed what. A port with two implementations:
 * SQLite (here) and PostgreSQL (postgres-feedback.ts, shared by instances).
 */
import { z } from 'zod';
import type { Db } from './database';

export interface FeedbackTotals {
  helpful: number;
  notHelpful: number;
}

export interface FeedbackStore {
  /** `at`: when it was pressed (ms), for a write tried again later; now when left out. */
  record(answerId: string, helpful: boolean, at?: number): Promise<void>;
  /** Totals per entry id over every day kept. */
  totals(): Promise<Map<string, FeedbackTotals>>;
}

/** A row of either database (PostgreSQL's SUM is a bigint, which arrives as a string). */
export const totalsRow = z.object({ answer_id: z.string(), h: z.coerce.number().int(), n: z.coerce.number().int() });
export const TOTALS_SQL = 'SELECT answer_id, SUM(helpful) AS h, SUM(not_helpful) AS n FROM feedback GROUP BY answer_id';

/** The UTC day a press is counted under. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function totalsOf(rows: readonly unknown[]): Map<string, FeedbackTotals> {
  return new Map(rows.map((raw) => totalsRow.parse(raw)).map((r) => [r.answer_id, { helpful: r.h, notHelpful: r.n }]));
}

export class SqliteFeedbackStore implements FeedbackStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  async record(answerId: string, helpful: boolean, at = this.now()): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO feedback (answer_id, day, helpful, not_helpful) VALUES (?, ?, ?, ?)
         ON CONFLICT(answer_id, day) DO UPDATE SET helpful = helpful + excluded.helpful, not_helpful = not_helpful + excluded.not_helpful`,
      )
      .run(answerId, dayOf(at), helpful ? 1 : 0, helpful ? 0 : 1);
  }

  async totals(): Promise<Map<string, FeedbackTotals>> {
    return totalsOf(this.db.prepare(TOTALS_SQL).all());
  }
}
