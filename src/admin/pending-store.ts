/**
 * Changes waiting for a reviewer (when the deployment sets REQUIRE_REVIEW=true): the whole new file and
 * the version it was made from, so approving it can refuse when the entry changed in between.
 */
import type { Db } from '../storage/database';
import type { AuditAction } from './audit-log';

export interface PendingChange {
  id: number;
  entryId: string;
  action: AuditAction;
  /** Version of the file the change was made from; null for a new entry. */
  baseVersion: string | null;
  content: string;
  summary: string;
  inboxIds: number[];
  createdBy: string;
  createdAt: number;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: number | null;
}

interface Row {
  id: number;
  entry_id: string;
  action: AuditAction;
  base_version: string | null;
  content: string;
  summary: string;
  inbox_ids: string;
  created_by: string;
  created_at: number;
  status: PendingChange['status'];
  decided_by: string | null;
  decided_at: number | null;
}

function ids(json: string): number[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((n): n is number => Number.isInteger(n)) : [];
  } catch {
    return [];
  }
}

const toChange = (r: Row): PendingChange => ({
  id: r.id,
  entryId: r.entry_id,
  action: r.action,
  baseVersion: r.base_version,
  content: r.content,
  summary: r.summary,
  inboxIds: ids(r.inbox_ids),
  createdBy: r.created_by,
  createdAt: r.created_at,
  status: r.status,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
});

export class PendingStore {
  constructor(private readonly db: Db) {}

  add(change: Pick<PendingChange, 'entryId' | 'action' | 'baseVersion' | 'content' | 'summary' | 'inboxIds' | 'createdBy' | 'createdAt'>): number {
    const info = this.db
      .prepare('INSERT INTO admin_pending (entry_id, action, base_version, content, summary, inbox_ids, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(change.entryId, change.action, change.baseVersion, change.content, change.summary, JSON.stringify(change.inboxIds), change.createdBy, change.createdAt);
    return Number(info.lastInsertRowid);
  }

  get(id: number): PendingChange | undefined {
    const row = this.db.prepare('SELECT * FROM admin_pending WHERE id = ?').get(id) as Row | undefined;
    return row && toChange(row);
  }

  open(entryId?: string): PendingChange[] {
    const rows = entryId
      ? (this.db.prepare("SELECT * FROM admin_pending WHERE status = 'pending' AND entry_id = ? ORDER BY id").all(entryId) as Row[])
      : (this.db.prepare("SELECT * FROM admin_pending WHERE status = 'pending' ORDER BY id").all() as Row[]);
    return rows.map(toChange);
  }

  count(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM admin_pending WHERE status = 'pending'").get() as { n: number }).n;
  }

  /** Entry ids with at least one change waiting. */
  waitingEntries(): Set<string> {
    return new Set((this.db.prepare("SELECT DISTINCT entry_id FROM admin_pending WHERE status = 'pending'").all() as Array<{ entry_id: string }>).map((r) => r.entry_id));
  }

  decide(id: number, status: 'approved' | 'rejected', by: string, at: number): boolean {
    return this.db.prepare("UPDATE admin_pending SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'pending'").run(status, by, at, id).changes === 1;
  }
}
