/**
 * The volunteers' tables in PostgreSQL, shared by every instance: the inbox of unanswered questions,
 * feedback counts, admin accounts and sessions, the audit log and changes waiting for review. The same
 * columns as the SQLite tables (src/storage/database.ts, src/admin/migrations.ts), so each store reads
 * rows of both with one schema. Append, never edit: a database remembers how many of these it has run.
 */
import { migratePostgres, type PgPool } from './postgres';

const VOLUNTEER_MIGRATIONS: readonly string[] = [
  `CREATE TABLE inbox (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     text TEXT NOT NULL,
     normalised TEXT NOT NULL,
     language TEXT NOT NULL,
     reason TEXT NOT NULL CHECK (reason IN ('unanswered', 'not-helpful')),
     answer_id TEXT,
     created_at BIGINT NOT NULL,
     status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'added', 'dismissed'))
   );
   CREATE INDEX inbox_created ON inbox (created_at);
   CREATE INDEX inbox_status ON inbox (status, created_at);
   CREATE TABLE feedback (
     answer_id TEXT NOT NULL,
     day TEXT NOT NULL,
     helpful INTEGER NOT NULL DEFAULT 0,
     not_helpful INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (answer_id, day)
   );
   CREATE TABLE admin_users (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('editor', 'reviewer', 'admin')),
     password TEXT NOT NULL,
     failed_logins INTEGER NOT NULL DEFAULT 0,
     locked_until BIGINT NOT NULL DEFAULT 0,
     disabled INTEGER NOT NULL DEFAULT 0,
     created_at BIGINT NOT NULL,
     last_login_at BIGINT
   );
   -- Names ignore case, as SQLite's COLLATE NOCASE does (and beyond ASCII).
   CREATE UNIQUE INDEX admin_users_name ON admin_users (lower(name));
   CREATE TABLE admin_sessions (
     token_hash TEXT PRIMARY KEY,
     user_id BIGINT NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
     csrf TEXT NOT NULL,
     flash TEXT,
     created_at BIGINT NOT NULL,
     last_seen_at BIGINT NOT NULL
   );
   CREATE INDEX admin_sessions_seen ON admin_sessions (last_seen_at);
   CREATE INDEX admin_sessions_user ON admin_sessions (user_id);
   CREATE TABLE admin_audit (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     at BIGINT NOT NULL,
     user_name TEXT NOT NULL,
     approved_by TEXT,
     entry_id TEXT NOT NULL,
     action TEXT NOT NULL,
     summary TEXT NOT NULL,
     diff TEXT NOT NULL,
     "before" TEXT,
     "after" TEXT NOT NULL
   );
   CREATE INDEX admin_audit_entry ON admin_audit (entry_id, id);
   CREATE TABLE admin_pending (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     entry_id TEXT NOT NULL,
     action TEXT NOT NULL,
     base_version TEXT,
     content TEXT NOT NULL,
     summary TEXT NOT NULL,
     inbox_ids TEXT NOT NULL DEFAULT '[]',
     created_by TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
     decided_by TEXT,
     decided_at BIGINT
   );
   CREATE INDEX admin_pending_status ON admin_pending (status, entry_id);`,
];

/** Creates or updates the volunteers' tables (at start, under the migration lock). */
export function migrateVolunteerTables(pool: PgPool): Promise<void> {
  return migratePostgres(pool, 'volunteers', VOLUNTEER_MIGRATIONS);
}
