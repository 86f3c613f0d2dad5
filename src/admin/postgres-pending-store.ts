/** Changes waiting for review, in PostgreSQL: proposed on one instance, approved or rejected on any. */
import { z } from 'zod';
import type { PgPool } from '../storage/postgres';
import { entryIdRow, PENDING_COLUMNS, pendingCount, pendingRow, type NewPendingChange, type PendingChange, type PendingStore } from './pending-store';

const idRow = z.object({ id: z.coerce.number().int().positive() });

export class PostgresPendingStore implements PendingStore {
  constructor(private readonly pool: PgPool) {}

  async add(change: NewPendingChange): Promise<number> {
    const result = await this.pool.query(
      'INSERT INTO admin_pending (entry_id, action, base_version, content, summary, inbox_ids, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id',
      [change.entryId, change.action, change.baseVersion, change.content, change.summary, JSON.stringify(change.inboxIds), change.createdBy, change.createdAt],
    );
    return idRow.parse(result.rows[0]).id;
  }

  async get(id: number): Promise<PendingChange | undefined> {
    if (!Number.isSafeInteger(id)) return undefined;
    const result = await this.pool.query(`SELECT ${PENDING_COLUMNS} FROM admin_pending WHERE id = $1`, [id]);
    return result.rows[0] === undefined ? undefined : pendingRow.parse(result.rows[0]);
  }

  async open(entryId?: string): Promise<PendingChange[]> {
    const result = entryId
      ? await this.pool.query(`SELECT ${PENDING_COLUMNS} FROM admin_pending WHERE status = 'pending' AND entry_id = $1 ORDER BY id`, [entryId])
      : await this.pool.query(`SELECT ${PENDING_COLUMNS} FROM admin_pending WHERE status = 'pending' ORDER BY id`);
    return result.rows.map((r) => pendingRow.parse(r));
  }

  async count(): Promise<number> {
    return pendingCount.parse((await this.pool.query("SELECT COUNT(*) AS n FROM admin_pending WHERE status = 'pending'")).rows[0]).n;
  }

  async waitingEntries(): Promise<Set<string>> {
    const result = await this.pool.query("SELECT DISTINCT entry_id FROM admin_pending WHERE status = 'pending'");
    return new Set(result.rows.map((r) => entryIdRow.parse(r).entry_id));
  }

  async decide(id: number, status: 'approved' | 'rejected', by: string, at: number): Promise<boolean> {
    if (!Number.isSafeInteger(id)) return false;
    const result = await this.pool.query("UPDATE admin_pending SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND status = 'pending'", [status, by, at, id]);
    return result.rowCount === 1;
  }
}
