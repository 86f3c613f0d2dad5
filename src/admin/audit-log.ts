/**
 * Every change to the knowledge files made through the admin: who, when, what (summary and unified diff),
 * and the whole file before and after, so any earlier version can be restored.
 */
import type { Db } from '../storage/database';

export type AuditAction = 'create' | 'edit' | 'add-phrasing' | 'restore';

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

interface Row {
  id: number;
  at: number;
  user_name: string;
  approved_by: string | null;
  entry_id: string;
  action: AuditAction;
  summary: string;
  diff: string;
  before: string | null;
  after: string;
}

const toRecord = (r: Row): AuditRecord => ({
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
});

export class AuditLog {
  constructor(private readonly db: Db) {}

  record(entry: Omit<AuditRecord, 'id'>): number {
    const info = this.db
      .prepare('INSERT INTO admin_audit (at, user_name, approved_by, entry_id, action, summary, diff, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entry.at, entry.userName, entry.approvedBy, entry.entryId, entry.action, entry.summary, entry.diff, entry.before, entry.after);
    return Number(info.lastInsertRowid);
  }

  forEntry(entryId: string, limit = 200): AuditRecord[] {
    return (this.db.prepare('SELECT * FROM admin_audit WHERE entry_id = ? ORDER BY id DESC LIMIT ?').all(entryId, limit) as Row[]).map(toRecord);
  }

  recent(limit = 200, offset = 0): AuditRecord[] {
    return (this.db.prepare('SELECT * FROM admin_audit ORDER BY id DESC LIMIT ? OFFSET ?').all(limit, offset) as Row[]).map(toRecord);
  }

  get(id: number): AuditRecord | undefined {
    const row = this.db.prepare('SELECT * FROM admin_audit WHERE id = ?').get(id) as Row | undefined;
    return row && toRecord(row);
  }

  /** The latest change of an entry, to say who saved in between when a save is refused. */
  latest(entryId: string): AuditRecord | undefined {
    const row = this.db.prepare('SELECT * FROM admin_audit WHERE entry_id = ? ORDER BY id DESC LIMIT 1').get(entryId) as Row | undefined;
    return row && toRecord(row);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM admin_audit').get() as { n: number }).n;
  }
}
