/**
 * Conversation state in the embedded SQLite database, in the `kv` table under `user/<person key>`.
 * better-sqlite3 is synchronous: `putMany` writes a batch in one transaction without yielding, which the
 * write-behind cache relies on (no deletion can slip in between the batch being taken and written).
 */
import type { Db } from './database';
import { VersionConflict, versionClock, type StateStore, type Versioned } from './state-port';

const keyOf = (person: string) => `user/${person}`;

export class SqliteStateStore implements StateStore {
  private readonly readStmt;
  private readonly insertStmt;
  private readonly updateIfStmt;
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly nextVersion: () => number;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.readStmt = db.prepare('SELECT value, etag FROM kv WHERE key = ?');
    this.insertStmt = db.prepare('INSERT INTO kv (key, value, etag, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO NOTHING');
    this.updateIfStmt = db.prepare('UPDATE kv SET value = ?, etag = ?, updated_at = ? WHERE key = ? AND etag = ?');
    this.upsertStmt = db.prepare(
      'INSERT INTO kv (key, value, etag, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at',
    );
    this.deleteStmt = db.prepare('DELETE FROM kv WHERE key = ?');
    this.nextVersion = versionClock(now);
  }

  async read(person: string): Promise<Versioned | undefined> {
    return this.readSync(person);
  }

  readSync(person: string): Versioned | undefined {
    const row = this.readStmt.get(keyOf(person)) as { value: string; etag: number } | undefined;
    if (!row) return undefined;
    try {
      return { value: JSON.parse(row.value) as unknown, version: row.etag };
    } catch {
      // A damaged value is treated as absent rather than failing the conversation; the next write replaces it.
      return { value: undefined, version: row.etag };
    }
  }

  async write(person: string, value: unknown, expected: number): Promise<number> {
    const version = this.nextVersion();
    const json = JSON.stringify(value);
    const changes =
      expected === 0
        ? this.insertStmt.run(keyOf(person), json, version, this.now()).changes
        : this.updateIfStmt.run(json, version, this.now(), keyOf(person), expected).changes;
    if (changes === 0) throw new VersionConflict();
    return version;
  }

  /** Writes a batch whatever is stored (the write-behind cache checked the versions), in one transaction. */
  putMany(entries: ReadonlyArray<{ person: string; value: unknown; version: number }>): void {
    const now = this.now();
    this.db.transaction(() => {
      for (const e of entries) this.upsertStmt.run(keyOf(e.person), JSON.stringify(e.value), e.version, now);
    })();
  }

  async delete(person: string): Promise<void> {
    this.deleteStmt.run(keyOf(person));
  }

  async deleteIdleSince(cutoff: number): Promise<number> {
    return this.deleteIdleSinceSync(cutoff);
  }

  deleteIdleSinceSync(cutoff: number): number {
    return this.db.prepare('DELETE FROM kv WHERE updated_at < ?').run(cutoff).changes;
  }
}
