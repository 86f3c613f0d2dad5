/**
 * The volunteers' inbox: questions the bot could not answer, or answered and got a 👎. Stored scrubbed of
 * personal data, with no link to the person, and deleted after the retention period.
 *
 * A port with two implementations: SQLite (one instance, here) and PostgreSQL (shared by instances,
 * postgres-inbox.ts). Both scrub and cut the text the same way (`inboxRow`) and read rows with one schema.
 */
import { z } from 'zod';
import type { Db } from './database';
import { LANGUAGES, type Language } from '../knowledge/languages';
import { scrub } from '../privacy/scrub';
import { normalise } from '../search/normalise';

export type InboxReason = 'unanswered' | 'not-helpful';
export type InboxStatus = 'open' | 'added' | 'dismissed';

export interface InboxItem {
  id: number;
  text: string;
  normalised: string;
  language: Language;
  reason: InboxReason;
  answerId: string | null;
  createdAt: number;
  status: InboxStatus;
}

export interface InboxStore {
  /**
   * Keeps a question, scrubbed and cut; a question with nothing left after scrubbing is not kept. `at`:
   * when it was asked (ms), for a write tried again later; now when left out.
   */
  record(question: string, language: Language, reason: InboxReason, answerId?: string, at?: number): Promise<void>;
  /** Newest first. */
  list(status?: InboxStatus, limit?: number): Promise<InboxItem[]>;
  get(id: number): Promise<InboxItem | undefined>;
  /** Sets the status of the questions that exist; returns how many. */
  setStatus(ids: readonly number[], status: InboxStatus): Promise<number>;
  /** Deletes questions older than `days`; returns how many. */
  deleteOlderThan(days: number): Promise<number>;
  count(status?: InboxStatus): Promise<number>;
}

const MAX_TEXT = 500;
export const INBOX_COLUMNS = 'id, text, normalised, language, reason, answer_id, created_at, status';

/** A row of either database (PostgreSQL's BIGINT arrives as a string). */
export const inboxRow = z
  .object({
    id: z.coerce.number().int(),
    text: z.string(),
    normalised: z.string(),
    language: z.enum(LANGUAGES),
    reason: z.enum(['unanswered', 'not-helpful']),
    answer_id: z.string().nullable(),
    created_at: z.coerce.number(),
    status: z.enum(['open', 'added', 'dismissed']),
  })
  .transform(
    (r): InboxItem => ({
      id: r.id,
      text: r.text,
      normalised: r.normalised,
      language: r.language,
      reason: r.reason,
      answerId: r.answer_id,
      createdAt: r.created_at,
      status: r.status,
    }),
  );
export const countRow = z.object({ n: z.coerce.number().int() });

/** What is kept of a question: scrubbed, cut, and its normalised form for grouping; undefined when nothing is left. */
export function inboxText(question: string): { text: string; normalised: string } | undefined {
  const text = scrub(question).slice(0, MAX_TEXT).trim();
  return text ? { text, normalised: normalise(text) } : undefined;
}

const DAY_MS = 86_400_000;

/** The inbox in the embedded SQLite file (better-sqlite3 is synchronous: each call is done when it returns). */
export class SqliteInboxStore implements InboxStore {
  /** Prepared once: every unanswered question comes through here. */
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare('INSERT INTO inbox (text, normalised, language, reason, answer_id, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  }

  async record(question: string, language: Language, reason: InboxReason, answerId?: string, at = this.now()): Promise<void> {
    const kept = inboxText(question);
    if (!kept) return;
    this.insert.run(kept.text, kept.normalised, language, reason, answerId ?? null, at);
  }

  async list(status: InboxStatus = 'open', limit = 1000): Promise<InboxItem[]> {
    return this.db.prepare(`SELECT ${INBOX_COLUMNS} FROM inbox WHERE status = ? ORDER BY created_at DESC, id DESC LIMIT ?`).all(status, limit).map((r) => inboxRow.parse(r));
  }

  async get(id: number): Promise<InboxItem | undefined> {
    const row = this.db.prepare(`SELECT ${INBOX_COLUMNS} FROM inbox WHERE id = ?`).get(id);
    return row === undefined ? undefined : inboxRow.parse(row);
  }

  async setStatus(ids: readonly number[], status: InboxStatus): Promise<number> {
    const stmt = this.db.prepare('UPDATE inbox SET status = ? WHERE id = ?');
    let changed = 0;
    this.db.transaction(() => {
      for (const id of ids) changed += stmt.run(status, id).changes;
    })();
    return changed;
  }

  async deleteOlderThan(days: number): Promise<number> {
    return this.db.prepare('DELETE FROM inbox WHERE created_at < ?').run(this.now() - days * DAY_MS).changes;
  }

  async count(status: InboxStatus = 'open'): Promise<number> {
    return countRow.parse(this.db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE status = ?').get(status)).n;
  }
}
