/** The volunteers' inbox in PostgreSQL: a question asked on any instance shows in every instance's admin. */
import type { Language } from '../knowledge/languages';
import type { PgPool } from './postgres';
import { quick } from './postgres-breaker';
import { countRow, INBOX_COLUMNS, inboxRow, inboxText, type InboxItem, type InboxReason, type InboxStatus, type InboxStore } from './inbox-store';

const DAY_MS = 86_400_000;

export class PostgresInboxStore implements InboxStore {
  constructor(
    private readonly pool: PgPool,
    private readonly now: () => number = Date.now,
  ) {}

  async record(question: string, language: Language, reason: InboxReason, answerId?: string, at = this.now()): Promise<void> {
    const kept = inboxText(question);
    if (!kept) return;
    // Quick: a write the database does not answer fails and waits in the retry queue (app/write-retries.ts).
    await this.pool.query(
      quick('INSERT INTO inbox (text, normalised, language, reason, answer_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        kept.text,
        kept.normalised,
        language,
        reason,
        answerId ?? null,
        at,
      ]),
    );
  }

  async list(status: InboxStatus = 'open', limit = 1000): Promise<InboxItem[]> {
    const result = await this.pool.query(`SELECT ${INBOX_COLUMNS} FROM inbox WHERE status = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [status, limit]);
    return result.rows.map((r) => inboxRow.parse(r));
  }

  async get(id: number): Promise<InboxItem | undefined> {
    if (!Number.isSafeInteger(id)) return undefined;
    const result = await this.pool.query(`SELECT ${INBOX_COLUMNS} FROM inbox WHERE id = $1`, [id]);
    return result.rows[0] === undefined ? undefined : inboxRow.parse(result.rows[0]);
  }

  async setStatus(ids: readonly number[], status: InboxStatus): Promise<number> {
    const wanted = ids.filter((id) => Number.isSafeInteger(id));
    if (wanted.length === 0) return 0;
    // One statement: all or none, as SQLite's transaction.
    const result = await this.pool.query('UPDATE inbox SET status = $1 WHERE id = ANY($2::bigint[])', [status, wanted]);
    return result.rowCount ?? 0;
  }

  async deleteOlderThan(days: number): Promise<number> {
    const result = await this.pool.query('DELETE FROM inbox WHERE created_at < $1', [this.now() - days * DAY_MS]);
    return result.rowCount ?? 0;
  }

  async count(status: InboxStatus = 'open'): Promise<number> {
    const result = await this.pool.query('SELECT COUNT(*) AS n FROM inbox WHERE status = $1', [status]);
    return countRow.parse(result.rows[0]).n;
  }
}
