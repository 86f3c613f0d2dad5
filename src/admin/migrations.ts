/**
 * The volunteers' tables, applied with `migrate(db, ADMIN_MIGRATIONS, 'admin')`. Append, never edit:
 * a database remembers how many of these it has run.
 */
export const ADMIN_MIGRATIONS: readonly string[] = [
  `CREATE TABLE admin_users (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL UNIQUE COLLATE NOCASE,
     role TEXT NOT NULL CHECK (role IN ('editor', 'reviewer', 'admin')),
     password TEXT NOT NULL,
     failed_logins INTEGER NOT NULL DEFAULT 0,
     locked_until INTEGER NOT NULL DEFAULT 0,
     disabled INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     last_login_at INTEGER
   );
   CREATE TABLE admin_sessions (
     token_hash TEXT PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES admin_users(id) ON DELETE CASCADE,
     csrf TEXT NOT NULL,
     flash TEXT,
     created_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL
   );
   CREATE INDEX admin_sessions_seen ON admin_sessions(last_seen_at);
   CREATE TABLE admin_audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     user_name TEXT NOT NULL,
     approved_by TEXT,
     entry_id TEXT NOT NULL,
     action TEXT NOT NULL,
     summary TEXT NOT NULL,
     diff TEXT NOT NULL,
     before TEXT,
     after TEXT NOT NULL
   );
   CREATE INDEX admin_audit_entry ON admin_audit(entry_id, at);
   CREATE TABLE admin_pending (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     entry_id TEXT NOT NULL,
     action TEXT NOT NULL,
     base_version TEXT,
     content TEXT NOT NULL,
     summary TEXT NOT NULL,
     inbox_ids TEXT NOT NULL DEFAULT '[]',
     created_by TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
     decided_by TEXT,
     decided_at INTEGER
   );
   CREATE INDEX admin_pending_status ON admin_pending(status, entry_id);`,
];
