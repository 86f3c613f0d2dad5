/**
 * The embedded database: one SQLite file under DATA_DIR, in WAL mode so readers never wait for the
 * writer. Migrations are numbered and run in a transaction at start.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export type Db = Database.Database;

const MIGRATIONS: readonly string[] = [
  // 1: Botkit and conversation state, keyed by pseudonymous keys only.
  `CREATE TABLE kv (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL,
     etag INTEGER NOT NULL DEFAULT 1,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX kv_updated ON kv(updated_at);`,
  // 2: questions the bot could not answer (or answered unhelpfully), scrubbed, for volunteers.
  `CREATE TABLE inbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     text TEXT NOT NULL,
     normalised TEXT NOT NULL,
     language TEXT NOT NULL,
     reason TEXT NOT NULL CHECK (reason IN ('unanswered', 'not-helpful')),
     answer_id TEXT,
     created_at INTEGER NOT NULL,
     status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'added', 'dismissed'))
   );
   CREATE INDEX inbox_created ON inbox(created_at);
   CREATE INDEX inbox_status ON inbox(status);`,
  // 3: 👍/👎 per entry and day; counts only, nothing per person.
  `CREATE TABLE feedback (
     answer_id TEXT NOT NULL,
     day TEXT NOT NULL,
     helpful INTEGER NOT NULL DEFAULT 0,
     not_helpful INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (answer_id, day)
   );`,
];

export function openDatabase(dataDir: string, file = 'prykhystok.sqlite'): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, file), { timeout: 2000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS);
  return db;
}

/** Opens an in-memory database with the same schema, for tests and the terminal chat. */
export function openMemoryDatabase(): Db {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS);
  return db;
}

/** Applies the migrations this file has not seen yet; other parts (admin) add their own lists. */
export function migrate(db: Db, migrations: readonly string[], name = 'core'): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (name TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM schema_version WHERE name = ?').get(name) as { version: number } | undefined;
  const current = row?.version ?? 0;
  const apply = db.transaction(() => {
    for (let v = current; v < migrations.length; v++) db.exec(migrations[v]!);
    db.prepare('INSERT INTO schema_version (name, version) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET version = excluded.version').run(name, migrations.length);
  });
  if (current < migrations.length) apply();
}
