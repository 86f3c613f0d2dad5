/**
 * Changes waiting for a reviewer (when the deployment sets REQUIRE_REVIEW=true): the whole new file and
 * the version it was made from, so approving it can refuse when the entry changed in between.
 *
 * A port with two implementations: SQLite (one instance, here) and PostgreSQL (postgres-pending-store.ts,
 * shared: a change proposed on one instance is reviewed on any). Deciding is one conditional UPDATE, so
 * of two reviewers deciding the same change at once only the first counts.
 */
import { z } from 'zod';
import type { Db } from '../storage/database';
import { AUDIT_ACTIONS, type AuditAction } from './audit-log';

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

export type NewPendingChange = Pick<PendingChange, 'entryId' | 'action' | 'baseVersion' | 'content' | 'summary' | 'inboxIds' | 'createdBy' | 'createdAt'>;

export interface PendingStore {
  /** Returns the new change's id. */
  add(change: NewPendingChange): Promise<number>;
  get(id: number): Promise<PendingChange | undefined>;
  /** Changes still waiting, oldest first; of one entry when given. */
  open(entryId?: string): Promise<PendingChange[]>;
  count(): Promise<number>;
  /** Entry ids with at least one change waiting. */
  waitingEntries(): Promise<Set<string>>;
  /** True when this call decided it; false when it was decided already (or does not exist). */
  decide(id: number, status: 'approved' | 'rejected', by: string, at: number): Promise<boolean>;
}

export const PENDING_COLUMNS = 'id, entry_id, action, base_version, content, summary, inbox_ids, created_by, created_at, status, decided_by, decided_at';

/** The inbox ids, kept as a JSON list; anything else in the column reads as none. */
const inboxIds = z.string().transform((json): number[] => {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((n): n is number => Number.isInteger(n)) : [];
  } catch {
    return [];
  }
});

/** A row of either database (PostgreSQL's BIGINT arrives as a string). */
export const pendingRow = z
  .object({
    id: z.coerce.number().int(),
    entry_id: z.string(),
    action: z.enum(AUDIT_ACTIONS),
    base_version: z.string().nullable(),
    content: z.string(),
    summary: z.string(),
    inbox_ids: inboxIds,
    created_by: z.string(),
    created_at: z.coerce.number(),
    status: z.enum(['pending', 'approved', 'rejected']),
    decided_by: z.string().nullable(),
    decided_at: z.coerce.number().nullable(),
  })
  .transform(
    (r): PendingChange => ({
      id: r.id,
      entryId: r.entry_id,
      action: r.action,
      baseVersion: r.base_version,
      content: r.content,
      summary: r.summary,
      inboxIds: r.inbox_ids,
      createdBy: r.created_by,
      createdAt: r.created_at,
      status: r.status,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
    }),
  );
export const pendingCount = z.object({ n: z.coerce.number().int() });
export const entryIdRow = z.object({ entry_id: z.string() });

export class SqlitePendingStore implements PendingStore {
  constructor(private readonly db: Db) {}

  async add(change: NewPendingChange): Promise<number> {
    const info = this.db
      .prepare('INSERT INTO admin_pending (entry_id, action, base_version, content, summary, inbox_ids, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(change.entryId, change.action, change.baseVersion, change.content, change.summary, JSON.stringify(change.inboxIds), change.createdBy, change.createdAt);
    return Number(info.lastInsertRowid);
  }

  async get(id: number): Promise<PendingChange | undefined> {
    const row = this.db.prepare(`SELECT ${PENDING_COLUMNS} FROM admin_pending WHERE id = ?`).get(id);
    return row === undefined ? undefined : pendingRow.parse(row);
  }

  async open(entryId?: string): Promise<PendingChange[]> {
    const rows = entryId
      ? this.db.prepare(`SELECT ${PENDING_COLUMNS} FROM admin_pending WHERE status = 'pending' AND entry_id = ? ORDER BY id`).all(entryId)
      : this.db.prepare(`SELECT ${PENDING_COLUMNS} FROM admin_pending WHERE status = 'pending' ORDER BY id`).all();
    return rows.map((r) => pendingRow.parse(r));
  }

  async count(): Promise<number> {
    return pendingCount.parse(this.db.prepare("SELECT COUNT(*) AS n FROM admin_pending WHERE status = 'pending'").get()).n;
  }

  async waitingEntries(): Promise<Set<string>> {
    return new Set(this.db.prepare("SELECT DISTINCT entry_id FROM admin_pending WHERE status = 'pending'").all().map((r) => entryIdRow.parse(r).entry_id));
  }

  async decide(id: number, status: 'approved' | 'rejected', by: string, at: number): Promise<boolean> {
    return this.db.prepare("UPDATE admin_pending SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'pending'").run(status, by, at, id).changes === 1;
  }
}
