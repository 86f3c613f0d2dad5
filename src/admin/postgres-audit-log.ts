/** The audit log in PostgreSQL: an edit saved on any instance is in every instance's history. */
import { z } from 'zod';
import type { PgPool } from '../storage/postgres';
import { AUDIT_COLUMNS, auditCount, auditRow, type AuditLog, type AuditRecord } from './audit-log';

const idRow = z.object({ id: z.coerce.number().int().positive() });

export class PostgresAuditLog implements AuditLog {
  constructor(private readonly pool: PgPool) {}

  async record(entry: Omit<AuditRecord, 'id'>): Promise<number> {
    const result = await this.pool.query(
      'INSERT INTO admin_audit (at, user_name, approved_by, entry_id, action, summary, diff, "before", "after") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id',
      [entry.at, entry.userName, entry.approvedBy, entry.entryId, entry.action, entry.summary, entry.diff, entry.before, entry.after],
    );
    return idRow.parse(result.rows[0]).id;
  }

  async forEntry(entryId: string, limit = 200): Promise<AuditRecord[]> {
    const result = await this.pool.query(`SELECT ${AUDIT_COLUMNS} FROM admin_audit WHERE entry_id = $1 ORDER BY id DESC LIMIT $2`, [entryId, limit]);
    return result.rows.map((r) => auditRow.parse(r));
  }

  async recent(limit = 200, offset = 0): Promise<AuditRecord[]> {
    const result = await this.pool.query(`SELECT ${AUDIT_COLUMNS} FROM admin_audit ORDER BY id DESC LIMIT $1 OFFSET $2`, [limit, offset]);
    return result.rows.map((r) => auditRow.parse(r));
  }

  async get(id: number): Promise<AuditRecord | undefined> {
    if (!Number.isSafeInteger(id)) return undefined;
    const result = await this.pool.query(`SELECT ${AUDIT_COLUMNS} FROM admin_audit WHERE id = $1`, [id]);
    return result.rows[0] === undefined ? undefined : auditRow.parse(result.rows[0]);
  }

  async latest(entryId: string): Promise<AuditRecord | undefined> {
    return (await this.forEntry(entryId, 1))[0];
  }

  async count(): Promise<number> {
    return auditCount.parse((await this.pool.query('SELECT COUNT(*) AS n FROM admin_audit')).rows[0]).n;
  }
}
