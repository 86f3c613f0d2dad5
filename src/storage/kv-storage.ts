/**
 * Botkit's storage (botbuilder's `Storage` interface) on the embedded database, so conversation and
 * dialog state survive a restart. Keys are built from pseudonymous user keys only.
 */
import type { Storage, StoreItems } from 'botbuilder';
import type { Db } from './database';

export class SqliteStorage implements Storage {
  private readonly readStmt;
  private readonly upsertStmt;
  private readonly updateIfStmt;
  private readonly deleteStmt;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.readStmt = db.prepare('SELECT value, etag FROM kv WHERE key = ?');
    this.upsertStmt = db.prepare(
      'INSERT INTO kv (key, value, etag, updated_at) VALUES (?, ?, 1, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = kv.etag + 1, updated_at = excluded.updated_at',
    );
    this.updateIfStmt = db.prepare('UPDATE kv SET value = ?, etag = etag + 1, updated_at = ? WHERE key = ? AND etag = ?');
    this.deleteStmt = db.prepare('DELETE FROM kv WHERE key = ?');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.readStmt.get(key) as { value: string; etag: number } | undefined;
      if (!row) continue;
      try {
        items[key] = { ...(JSON.parse(row.value) as object), eTag: String(row.etag) };
      } catch {
        // A damaged value is treated as absent rather than failing the conversation.
      }
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const now = this.now();
    const tx = this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string } & Record<string, unknown>;
        const json = JSON.stringify(value);
        if (eTag && eTag !== '*') {
          const result = this.updateIfStmt.run(json, now, key, Number(eTag));
          if (result.changes === 0 && this.readStmt.get(key)) throw new Error(`storage: "${key}" was changed by another turn`);
          if (result.changes === 0) this.upsertStmt.run(key, json, now);
        } else {
          this.upsertStmt.run(key, json, now);
        }
      }
    });
    tx();
  }

  async delete(keys: string[]): Promise<void> {
    const tx = this.db.transaction(() => {
      for (const key of keys) this.deleteStmt.run(key);
    });
    tx();
  }

  /**
   * Deletes every key that contains `fragment` — a person's pseudonymous key appears in our state key and,
   * in a layout of Botkit's own making, in its conversation-state keys.
   */
  deleteContaining(fragment: string): number {
    if (fragment.length < 8) throw new Error('storage: refusing to delete by a fragment this short');
    const escaped = fragment.replace(/[\\%_]/g, (c) => `\\${c}`);
    return this.db.prepare("DELETE FROM kv WHERE key LIKE ? ESCAPE '\\'").run(`%${escaped}%`).changes;
  }

  /** Deletes state nobody touched since `cutoff` (ms since epoch). */
  deleteOlderThan(cutoff: number): number {
    return this.db.prepare('DELETE FROM kv WHERE updated_at < ?').run(cutoff).changes;
  }
}
