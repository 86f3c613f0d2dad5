/**
 * Volunteers' accounts and sessions in the embedded SQLite file (tables from migrations.ts). better-sqlite3
 * is synchronous, so each call is done when it returns; changes that go together run in one transaction.
 */
import type { Db } from '../storage/database';
import type { Role } from './roles';
import { SESSION_COLUMNS, sessionRow, type Session, type SessionRecords } from './sessions';
import { USER_COLUMNS, userRow, type UserRecords, type UserRow } from './users';

export class SqliteUserRecords implements UserRecords {
  constructor(private readonly db: Db) {}

  async insert(name: string, role: Role, passwordHash: string, createdAt: number): Promise<number | undefined> {
    // The name column ignores case (COLLATE NOCASE), so its UNIQUE constraint does too.
    const info = this.db.prepare('INSERT INTO admin_users (name, role, password, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(name, role, passwordHash, createdAt);
    return info.changes === 1 ? Number(info.lastInsertRowid) : undefined;
  }

  async get(id: number): Promise<UserRow | undefined> {
    const row = this.db.prepare(`SELECT ${USER_COLUMNS} FROM admin_users WHERE id = ?`).get(id);
    return row === undefined ? undefined : userRow.parse(row);
  }

  async byName(name: string): Promise<UserRow | undefined> {
    const row = this.db.prepare(`SELECT ${USER_COLUMNS} FROM admin_users WHERE name = ?`).get(name);
    return row === undefined ? undefined : userRow.parse(row);
  }

  async list(): Promise<UserRow[]> {
    return this.db.prepare(`SELECT ${USER_COLUMNS} FROM admin_users ORDER BY name`).all().map((r) => userRow.parse(r));
  }

  async setPassword(id: number, passwordHash: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('UPDATE admin_users SET password = ?, failed_logins = 0, locked_until = 0 WHERE id = ?').run(passwordHash, id);
      this.db.prepare('DELETE FROM admin_sessions WHERE user_id = ?').run(id);
    })();
  }

  async replaceHash(id: number, old: string, passwordHash: string): Promise<void> {
    this.db.prepare('UPDATE admin_users SET password = ? WHERE id = ? AND password = ?').run(passwordHash, id, old);
  }

  async setRole(id: number, role: Role): Promise<void> {
    this.db.prepare('UPDATE admin_users SET role = ? WHERE id = ?').run(role, id);
  }

  async setDisabled(id: number, disabled: boolean): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('UPDATE admin_users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
      if (disabled) this.db.prepare('DELETE FROM admin_sessions WHERE user_id = ?').run(id);
    })();
  }

  async unlock(id: number): Promise<void> {
    this.db.prepare('UPDATE admin_users SET failed_logins = 0, locked_until = 0 WHERE id = ?').run(id);
  }

  async claimAttempt(name: string, now: number, max: number, lockedUntil: number): Promise<UserRow | undefined> {
    // `name = @name` ignores case: the column is COLLATE NOCASE.
    const claimed = this.db
      .prepare(
        `UPDATE admin_users
            SET failed_logins = CASE WHEN failed_logins + 1 >= @max THEN 0 ELSE failed_logins + 1 END,
                locked_until = CASE WHEN failed_logins + 1 >= @max THEN @lockedUntil ELSE 0 END
          WHERE name = @name AND disabled = 0 AND locked_until <= @now
          RETURNING ${USER_COLUMNS}`,
      )
      .get({ name, now, max, lockedUntil });
    return claimed === undefined ? undefined : userRow.parse(claimed);
  }

  async signedIn(id: number, now: number): Promise<void> {
    this.db.prepare('UPDATE admin_users SET failed_logins = 0, locked_until = 0, last_login_at = ? WHERE id = ?').run(now, id);
  }
}

export class SqliteSessionRecords implements SessionRecords {
  constructor(private readonly db: Db) {}

  async insert(s: Session): Promise<void> {
    this.db
      .prepare('INSERT INTO admin_sessions (token_hash, user_id, csrf, flash, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.tokenHash, s.userId, s.csrf, s.flash, s.createdAt, s.lastSeenAt);
  }

  async touch(tokenHash: string, now: number, idleSince: number, createdSince: number): Promise<Session | undefined> {
    const row = this.db
      .prepare(`UPDATE admin_sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at >= ? AND created_at >= ? RETURNING ${SESSION_COLUMNS}`)
      .get(now, tokenHash, idleSince, createdSince);
    if (row !== undefined) return sessionRow.parse(row);
    this.db.prepare('DELETE FROM admin_sessions WHERE token_hash = ?').run(tokenHash);
    return undefined;
  }

  async delete(tokenHash: string): Promise<void> {
    this.db.prepare('DELETE FROM admin_sessions WHERE token_hash = ?').run(tokenHash);
  }

  async setFlash(tokenHash: string, flash: string | null): Promise<void> {
    this.db.prepare('UPDATE admin_sessions SET flash = ? WHERE token_hash = ?').run(flash, tokenHash);
  }

  async deleteExpired(idleSince: number, createdSince: number): Promise<number> {
    return this.db.prepare('DELETE FROM admin_sessions WHERE last_seen_at < ? OR created_at < ?').run(idleSince, createdSince).changes;
  }
}
