/**
 * The volunteers' inbox: questions the bot could not answer, or answered and got a 👎. Stored scrubbed of
 * personal data, with no link to the person, and deleted after the retention period.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import type { Language } from '../knowledge/languages';
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

const MAX_TEXT = 500;
const SELECT = 'SELECT id, text, normalised, language, reason, answer_id, created_at, status FROM inbox';

interface Row {
  id: number;
  text: string;
  normalised: string;
  language: Language;
  reason: InboxReason;
  answer_id: string | null;
  created_at: number;
  status: InboxStatus;
}

const toItem = (r: Row): InboxItem => ({
  id: r.id,
  text: r.text,
  normalised: r.normalised,
  language: r.language,
  reason: r.reason,
  answerId: r.answer_id,
  createdAt: r.created_at,
  status: r.status,
});

export class InboxStore {
  private insert: Statement | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  record(question: string, language: Language, reason: InboxReason, answerId?: string): void {
    const text = scrub(question).slice(0, MAX_TEXT).trim();
    if (!text) return;
    this.insert ??= this.db.prepare('INSERT INTO inbox (text, normalised, language, reason, answer_id, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.insert.run(text, normalise(text), language, reason, answerId ?? null, this.now());
  }

  list(status: InboxStatus = 'open', limit = 1000): InboxItem[] {
    const rows = this.db.prepare(`${SELECT} WHERE status = ? ORDER BY created_at DESC LIMIT ?`).all(status, limit) as Row[];
    return rows.map(toItem);
  }

  get(id: number): InboxItem | undefined {
    const row = this.db.prepare(`${SELECT} WHERE id = ?`).get(id) as Row | undefined;
    return row && toItem(row);
  }

  setStatus(ids: readonly number[], status: InboxStatus): number {
    const stmt = this.db.prepare('UPDATE inbox SET status = ? WHERE id = ?');
    let changed = 0;
    this.db.transaction(() => {
      for (const id of ids) changed += stmt.run(status, id).changes;
    })();
    return changed;
  }

  /** Deletes questions older than `days`; returns how many. */
  deleteOlderThan(days: number): number {
    return this.db.prepare('DELETE FROM inbox WHERE created_at < ?').run(this.now() - days * 86_400_000).changes;
  }

  count(status: InboxStatus = 'open'): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE status = ?').get(status) as { n: number }).n;
  }
}
