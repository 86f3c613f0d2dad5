/**
 * Volunteers' accounts. Sign-in failures are counted per account; after `MAX_FAILED_LOGINS` in a row the
 * account is locked for `LOCK_MINUTES`, and the person is told only that sign-in failed.
 */
import type { Db } from '../storage/database';
import { dummyHash, hashPassword, needsRehash, passwordProblem, SCRYPT_COST, verifyPassword, type ScryptCost } from './passwords';
import { isRole, type Role } from './roles';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,62}[\p{L}\p{N}]$/u;

export interface AdminUser {
  id: number;
  name: string;
  role: Role;
  lockedUntil: number;
  failedLogins: number;
  disabled: boolean;
  createdAt: number;
  lastLoginAt: number | null;
}

interface Row {
  id: number;
  name: string;
  role: string;
  password: string;
  failed_logins: number;
  locked_until: number;
  disabled: number;
  created_at: number;
  last_login_at: number | null;
}

const toUser = (r: Row): AdminUser => ({
  id: r.id,
  name: r.name,
  role: isRole(r.role) ? r.role : 'editor',
  lockedUntil: r.locked_until,
  failedLogins: r.failed_logins,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
  lastLoginAt: r.last_login_at,
});

export class UserError extends Error {}

function nameProblem(name: string): string | undefined {
  return NAME.test(name) ? undefined : 'a name has 2–64 letters, digits, spaces, dots, dashes or underscores';
}

export class UserStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    /** The scrypt cost of new hashes (tests that hash many times pass a cheaper one). */
    private readonly cost: ScryptCost = SCRYPT_COST,
  ) {}

  async create(name: string, role: Role, password: string): Promise<AdminUser> {
    const problem = nameProblem(name) ?? passwordProblem(password);
    if (problem) throw new UserError(problem);
    if (this.byName(name)) throw new UserError(`there is already an account named "${name}"`);
    const hash = await hashPassword(password, this.cost);
    const info = this.db.prepare('INSERT INTO admin_users (name, role, password, created_at) VALUES (?, ?, ?, ?)').run(name, role, hash, this.now());
    return this.get(Number(info.lastInsertRowid))!;
  }

  async setPassword(name: string, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new UserError(problem);
    const user = this.byName(name);
    if (!user) throw new UserError(`no account is named "${name}"`);
    const hash = await hashPassword(password, this.cost);
    this.db.prepare('UPDATE admin_users SET password = ?, failed_logins = 0, locked_until = 0 WHERE id = ?').run(hash, user.id);
    // A new password ends every session the old one opened.
    this.db.prepare('DELETE FROM admin_sessions WHERE user_id = ?').run(user.id);
  }

  setRole(id: number, role: Role): void {
    this.db.prepare('UPDATE admin_users SET role = ? WHERE id = ?').run(role, id);
  }

  setDisabled(id: number, disabled: boolean): void {
    this.db.prepare('UPDATE admin_users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
    if (disabled) this.db.prepare('DELETE FROM admin_sessions WHERE user_id = ?').run(id);
  }

  unlock(id: number): void {
    this.db.prepare('UPDATE admin_users SET failed_logins = 0, locked_until = 0 WHERE id = ?').run(id);
  }

  get(id: number): AdminUser | undefined {
    const row = this.db.prepare('SELECT * FROM admin_users WHERE id = ?').get(id) as Row | undefined;
    return row && toUser(row);
  }

  byName(name: string): AdminUser | undefined {
    const row = this.db.prepare('SELECT * FROM admin_users WHERE name = ?').get(name) as Row | undefined;
    return row && toUser(row);
  }

  list(): AdminUser[] {
    return (this.db.prepare('SELECT * FROM admin_users ORDER BY name').all() as Row[]).map(toUser);
  }

  /**
   * Checks a sign-in. Unknown names, wrong passwords, locked and disabled accounts all come back as
   * undefined, after the same scrypt work, so the answer says nothing about which it was.
   *
   * The attempt is counted as a failure before the password is checked, in one UPDATE, and taken back
   * only when it turns out right: counting after the (slow, asynchronous) check let parallel guesses all
   * read the same count and each write count + 1, so fifty guesses counted as one.
   */
  async authenticate(name: string, password: string): Promise<AdminUser | undefined> {
    const row = this.db.prepare('SELECT * FROM admin_users WHERE name = ?').get(name.trim()) as Row | undefined;
    const counted = row !== undefined && this.countAttempt(row.id);
    const ok = await verifyPassword(password, counted ? row.password : await dummyHash(this.cost));
    if (!counted || !ok) return undefined;
    this.db.prepare('UPDATE admin_users SET failed_logins = 0, locked_until = 0, last_login_at = ? WHERE id = ?').run(this.now(), row.id);
    if (needsRehash(row.password, this.cost)) await this.rehash(row.id, row.password, password);
    return this.get(row.id);
  }

  /**
   * Stores the password again at the current cost: the only moment the plain password is at hand. Unless
   * the password was changed meanwhile (then the newer hash stays).
   */
  private async rehash(id: number, old: string, password: string): Promise<void> {
    const hash = await hashPassword(password, this.cost);
    this.db.prepare('UPDATE admin_users SET password = ? WHERE id = ? AND password = ?').run(hash, id, old);
  }

  /**
   * Counts one attempt on an account that is open: the MAX_FAILED_LOGINS-th in a row locks it. False when
   * the account is locked or disabled, and then no password is checked against it.
   */
  private countAttempt(id: number): boolean {
    const now = this.now();
    const claimed = this.db
      .prepare(
        `UPDATE admin_users
            SET failed_logins = CASE WHEN failed_logins + 1 >= @max THEN 0 ELSE failed_logins + 1 END,
                locked_until = CASE WHEN failed_logins + 1 >= @max THEN @lockedUntil ELSE 0 END
          WHERE id = @id AND disabled = 0 AND locked_until <= @now
          RETURNING id`,
      )
      .get({ id, now, max: MAX_FAILED_LOGINS, lockedUntil: now + LOCK_MINUTES * 60_000 });
    return claimed !== undefined;
  }
}
