/**
 * Every change to the knowledge files made through the admin: who, when, what (summary and unified diff),
 * and the whole file before and after, so any earlier version can be restored.
 *
 * A port with two implementations: SQLite (one instance, here) and PostgreSQL (postgres-audit-log.ts,
 * shared, so an edit on one instance is in every instance's history). Newest first means highest id first.
 */
import { z } from 'zod';
import type { Db } from '../storage/database';

export const AUDIT_ACTIONS = ['create', 'edit', 'add-phrasing', 'restore'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  id: number;
  at: number;
  userName: string;
  approvedBy: string | null;
  entryId: string;
  action: AuditAction;
  summary: string;
  diff: string;
  before: string | null;
  after: string;
}

export interface AuditLog {
  /** Returns the new record's id. */
  record(entry: Omit<AuditRecord, 'id'>): Promise<number>;
  forEntry(entryId: string, limit?: number): Promise<AuditRecord[]>;
  recent(limit?: number, offset?: number): Promise<AuditRecord[]>;
  get(id: number): Promise<AuditRecord | undefined>;
  /** The latest change of an entry, to say who saved in between when a save is refused. */
  latest(entryId: string): Promise<AuditRecord | undefined>;
  count(): Promise<number>;
}

export const AUDIT_COLUMNS = 'id, at, user_name, approved_by, entry_id, action, summary, diff, "before", "after"';

/** A row of either database (PostgreSQL's BIGINT arrives as a string). */
export const auditRow = z
  .object({
    id: z.coerce.number().int(),
    at: z.coerce.number(),
    user_name: z.string(),
    approved_by: z.string().nullable(),
    entry_id: z.string(),
    action: z.enum(AUDIT_ACTIONS),
    summary: z.string(),
    diff: z.string(),
    before: z.string().nullable(),
    after: z.string(),
  })
  .transform(
    (r): AuditRecord => ({
      id: r.id,
      at: r.at,
      userName: r.user_name,
      approvedBy: r.approved_by,
      entryId: r.entry_id,
      action: r.action,
      summary: r.summary,
      diff: r.diff,
      before: r.before,
      after: r.after,
    }),
  );
export const auditCount = z.object({ n: z.coerce.number().int() });

export class SqliteAuditLog implements AuditLog {
  constructor(private readonly db: Db) {}

  async record(entry: Omit<AuditRecord, 'id'>): Promise<number> {
    const info = this.db
      .prepare('INSERT INTO admin_audit (at, user_name, approved_by, entry_id, action, summary, diff, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entry.at, entry.userName, entry.approvedBy, entry.entryId, entry.action, entry.summary, entry.diff, entry.before, entry.after);
    return Number(info.lastInsertRowid);
  }

  async forEntry(entryId: string, limit = 200): Promise<AuditRecord[]> {
    return this.db.prepare(`SELECT ${AUDIT_COLUMNS} FROM admin_audit WHERE entry_id = ? ORDER BY id DESC LIMIT ?`).all(entryId, limit).map((r) => auditRow.parse(r));
  }

  async recent(limit = 200, offset = 0): Promise<AuditRecord[]> {
    return this.db.prepare(`SELECT ${AUDIT_COLUMNS} FROM admin_audit ORDER BY id DESC LIMIT ? OFFSET ?`).all(limit, offset).map((r) => auditRow.parse(r));
  }

  async get(id: number): Promise<AuditRecord | undefined> {
    const row = this.db.prepare(`SELECT ${AUDIT_COLUMNS} FROM admin_audit WHERE id = ?`).get(id);
    return row === undefined ? undefined : auditRow.parse(row);
  }

  async latest(entryId: string): Promise<AuditRecord | undefined> {
    return (await this.forEntry(entryId, 1))[0];
  }

  async count(): Promise<number> {
    return auditCount.parse(this.db.prepare('SELECT COUNT(*) AS n FROM admin_audit').get()).n;
  }
}
