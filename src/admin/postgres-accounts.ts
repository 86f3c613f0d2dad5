/**
 * Volunteers' accounts and sessions in PostgreSQL, shared by every instance: an account created or locked
 * on one is created or locked on all, and a session cookie from one instance works on another. Changes
 * that go together are one statement, so no other instance sees half of them.
 */
import { z } from 'zod';
import type { PgPool } from '../storage/postgres';
import type { Role } from './roles';
import { SESSION_COLUMNS, sessionRow, type Session, type SessionRecords } from './sessions';
import { USER_COLUMNS, userRow, type UserRecords, type UserRow } from './users';

const idRow = z.object({ id: z.coerce.number().int().positive() });

export class PostgresUserRecords implements UserRecords {
  constructor(private readonly pool: PgPool) {}

  async insert(name: string, role: Role, passwordHash: string, createdAt: number): Promise<number | undefined> {
    // The unique index is on lower(name): names ignore case, as in SQLite.
    const result = await this.pool.query(
      'INSERT INTO admin_users (name, role, password, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (lower(name)) DO NOTHING RETURNING id',
      [name, role, passwordHash, createdAt],
    );
    return result.rows[0] === undefined ? undefined : idRow.parse(result.rows[0]).id;
  }

  async get(id: number): Promise<UserRow | undefined> {
    if (!Number.isSafeInteger(id)) return undefined;
    const result = await this.pool.query(`SELECT ${USER_COLUMNS} FROM admin_users WHERE id = $1`, [id]);
    return result.rows[0] === undefined ? undefined : userRow.parse(result.rows[0]);
  }

  async byName(name: string): Promise<UserRow | undefined> {
    const result = await this.pool.query(`SELECT ${USER_COLUMNS} FROM admin_users WHERE lower(name) = lower($1)`, [name]);
    return result.rows[0] === undefined ? undefined : userRow.parse(result.rows[0]);
  }

  async list(): Promise<UserRow[]> {
    const result = await this.pool.query(`SELECT ${USER_COLUMNS} FROM admin_users ORDER BY lower(name), name`);
    return result.rows.map((r) => userRow.parse(r));
  }

  async setPassword(id: number, passwordHash: string): Promise<void> {
    await this.pool.query(
      `WITH changed AS (UPDATE admin_users SET password = $2, failed_logins = 0, locked_until = 0 WHERE id = $1 RETURNING id)
       DELETE FROM admin_sessions WHERE user_id IN (SELECT id FROM changed)`,
      [id, passwordHash],
    );
  }

  async replaceHash(id: number, old: string, passwordHash: string): Promise<void> {
    await this.pool.query('UPDATE admin_users SET password = $3 WHERE id = $1 AND password = $2', [id, old, passwordHash]);
  }

  async setRole(id: number, role: Role): Promise<void> {
    await this.pool.query('UPDATE admin_users SET role = $2 WHERE id = $1', [id, role]);
  }

  async setDisabled(id: number, disabled: boolean): Promise<void> {
    if (!disabled) {
      await this.pool.query('UPDATE admin_users SET disabled = 0 WHERE id = $1', [id]);
      return;
    }
    await this.pool.query(
      `WITH changed AS (UPDATE admin_users SET disabled = 1 WHERE id = $1 RETURNING id)
       DELETE FROM admin_sessions WHERE user_id IN (SELECT id FROM changed)`,
      [id],
    );
  }

  async unlock(id: number): Promise<void> {
    await this.pool.query('UPDATE admin_users SET failed_logins = 0, locked_until = 0 WHERE id = $1', [id]);
  }

  async claimAttempt(name: string, now: number, max: number, lockedUntil: number): Promise<UserRow | undefined> {
    // Parallel attempts wait for each other's row lock, and each then re-reads the row it updates
    // (READ COMMITTED): the attempt after the one that locked finds the account locked and counts nothing.
    const result = await this.pool.query(
      `UPDATE admin_users
          SET failed_logins = CASE WHEN failed_logins + 1 >= $3::integer THEN 0 ELSE failed_logins + 1 END,
              locked_until = CASE WHEN failed_logins + 1 >= $3::integer THEN $4::bigint ELSE 0 END
        WHERE lower(name) = lower($1) AND disabled = 0 AND locked_until <= $2::bigint
        RETURNING ${USER_COLUMNS}`,
      [name, now, max, lockedUntil],
    );
    return result.rows[0] === undefined ? undefined : userRow.parse(result.rows[0]);
  }

  async signedIn(id: number, now: number): Promise<void> {
    await this.pool.query('UPDATE admin_users SET failed_logins = 0, locked_until = 0, last_login_at = $2 WHERE id = $1', [id, now]);
  }
}

export class PostgresSessionRecords implements SessionRecords {
  constructor(private readonly pool: PgPool) {}

  async insert(s: Session): Promise<void> {
    await this.pool.query('INSERT INTO admin_sessions (token_hash, user_id, csrf, flash, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      s.tokenHash,
      s.userId,
      s.csrf,
      s.flash,
      s.createdAt,
      s.lastSeenAt,
    ]);
  }

  async touch(tokenHash: string, now: number, idleSince: number, createdSince: number): Promise<Session | undefined> {
    const result = await this.pool.query(
      `UPDATE admin_sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at >= $3 AND created_at >= $4 RETURNING ${SESSION_COLUMNS}`,
      [tokenHash, now, idleSince, createdSince],
    );
    if (result.rows[0] !== undefined) return sessionRow.parse(result.rows[0]);
    await this.pool.query('DELETE FROM admin_sessions WHERE token_hash = $1 AND (last_seen_at < $2 OR created_at < $3)', [tokenHash, idleSince, createdSince]);
    return undefined;
  }

  async delete(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM admin_sessions WHERE token_hash = $1', [tokenHash]);
  }

  async setFlash(tokenHash: string, flash: string | null): Promise<void> {
    await this.pool.query('UPDATE admin_sessions SET flash = $2 WHERE token_hash = $1', [tokenHash, flash]);
  }

  async deleteExpired(idleSince: number, createdSince: number): Promise<number> {
    const result = await this.pool.query('DELETE FROM admin_sessions WHERE last_seen_at < $1 OR created_at < $2', [idleSince, createdSince]);
    return result.rowCount ?? 0;
  }
}
