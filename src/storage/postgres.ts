/**
 * The shared database of several instances: PostgreSQL, turned on by DATABASE_URL. One pool per process;
 * numbered migrations run at start inside a transaction that holds an advisory lock, so instances that
 * start together do not migrate twice.
 */
import pg from 'pg';
import { z } from 'zod';
import type { PostgresBreaker } from './postgres-breaker';

export type PgPool = pg.Pool;

const MIGRATIONS: readonly string[] = [
  // 1: conversation state, one row per pseudonymous person key. Versions come from a sequence, so a
  // row deleted and created again never repeats a version an old turn may still hold.
  `CREATE SEQUENCE state_versions;
   CREATE TABLE conversation_state (
     person TEXT PRIMARY KEY,
     value JSONB NOT NULL,
     version BIGINT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE INDEX conversation_state_updated ON conversation_state (updated_at);`,
  // 2: update ids the messengers sent (digests), so a redelivery that reaches another instance is dropped.
  `CREATE TABLE seen_updates (
     key TEXT PRIMARY KEY,
     expires_at BIGINT NOT NULL
   );
   CREATE INDEX seen_updates_expiry ON seen_updates (expires_at);`,
  // 3: per-person token buckets (keys are pseudonymous).
  `CREATE TABLE rate_buckets (
     key TEXT PRIMARY KEY,
     tokens DOUBLE PRECISION NOT NULL,
     updated_at BIGINT NOT NULL,
     told_at BIGINT,
     refusals INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX rate_buckets_updated ON rate_buckets (updated_at);`,
  // 4: whether the last hit was the one that told the person (told_at alone cannot say: two hits may
  // come in the same millisecond).
  `ALTER TABLE rate_buckets ADD COLUMN told BOOLEAN NOT NULL DEFAULT FALSE;`,
];

/** Any fixed number: the advisory lock that serialises migrations of this schema. */
const MIGRATION_LOCK = 0x70727968;

export interface PostgresOptions {
  /** Connections per instance. */
  max?: number;
  /** Makes the pool, so that connects fail at once while the database is taken for gone (postgres-breaker.ts). */
  breaker?: PostgresBreaker;
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PgPool> {
  const config = { connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 };
  const pool = options.breaker ? options.breaker.pool(config) : new pg.Pool(config);
  // An idle connection the server dropped must not end the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool, 'core', MIGRATIONS);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return pool;
}

const versionRow = z.object({ version: z.coerce.number().int() });

/**
 * Applies the numbered migrations of one list (`name`) that the database has not run yet. Parts of the
 * app that own their tables keep their own list (the volunteers' data: src/storage/postgres-volunteers.ts),
 * so appending to one never renumbers another.
 */
export async function migratePostgres(pool: PgPool, name: string, migrations: readonly string[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (name TEXT PRIMARY KEY, version INTEGER NOT NULL)');
    const found = await client.query('SELECT version FROM schema_version WHERE name = $1', [name]);
    const current = found.rows[0] === undefined ? 0 : versionRow.parse(found.rows[0]).version;
    for (let v = current; v < migrations.length; v++) await client.query(migrations[v]!);
    await client.query(
      'INSERT INTO schema_version (name, version) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET version = excluded.version',
      [name, Math.max(current, migrations.length)],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
