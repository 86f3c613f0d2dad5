/**
 * Volunteers' accounts. Sign-in failures are counted per account; after `MAX_FAILED_LOGINS` in a row the
 * account is locked for `LOCK_MINUTES`, and the person is told only that sign-in failed.
 *
 * The rules (names, password strength, hashing, lock-out) live here once; where the accounts are kept is
 * a port, `UserRecords`, with a SQLite implementation (one instance) and a PostgreSQL one (shared by
 * instances): src/admin/sqlite-accounts.ts and src/admin/postgres-accounts.ts.
 */
import { z } from 'zod';
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

/** An account as stored: the user and the password hash. */
export interface UserRow extends AdminUser {
  password: string;
}

export interface UserRecords {
  /** Adds an account; undefined when another has the name already (ignoring case). */
  insert(name: string, role: Role, passwordHash: string, createdAt: number): Promise<number | undefined>;
  get(id: number): Promise<UserRow | undefined>;
  /** Names ignore case. */
  byName(name: string): Promise<UserRow | undefined>;
  /** By name. */
  list(): Promise<UserRow[]>;
  /** A new hash, the failures cleared and every session of the account ended, all at once. */
  setPassword(id: number, passwordHash: string): Promise<void>;
  /** Replaces the hash only while it is still `old` (a password changed meanwhile stays). */
  replaceHash(id: number, old: string, passwordHash: string): Promise<void>;
  setRole(id: number, role: Role): Promise<void>;
  /** Disabling also ends the account's sessions. */
  setDisabled(id: number, disabled: boolean): Promise<void>;
  unlock(id: number): Promise<void>;
  /**
   * Counts one sign-in attempt on the account `name` (ignoring case) if it is open, in one statement that
   * finds, checks and counts (so parallel attempts on any number of instances each count, and none reads
   * a count another is changing): the `max`-th in a row locks it until `lockedUntil`. Returns the account
   * when the attempt was counted; undefined when there is no such account, or it is locked at `now` or
   * disabled, and then nothing is counted.
   */
  claimAttempt(name: string, now: number, max: number, lockedUntil: number): Promise<UserRow | undefined>;
  /** The password was right: the attempt is taken back and the sign-in time kept. */
  signedIn(id: number, now: number): Promise<void>;
}

/** A row of either database (PostgreSQL's BIGINT arrives as a string; SQLite has no booleans). */
export const userRow = z
  .object({
    id: z.coerce.number().int(),
    name: z.string(),
    role: z.string(),
    password: z.string(),
    failed_logins: z.coerce.number().int(),
    locked_until: z.coerce.number(),
    disabled: z.coerce.number().int(),
    created_at: z.coerce.number(),
    last_login_at: z.coerce.number().nullable(),
  })
  .transform(
    (r): UserRow => ({
      id: r.id,
      name: r.name,
      role: isRole(r.role) ? r.role : 'editor',
      password: r.password,
      lockedUntil: r.locked_until,
      failedLogins: r.failed_logins,
      disabled: r.disabled === 1,
      createdAt: r.created_at,
      lastLoginAt: r.last_login_at,
    }),
  );
export const USER_COLUMNS = 'id, name, role, password, failed_logins, locked_until, disabled, created_at, last_login_at';

/** The account without its password hash: what pages and sessions get. */
const publicUser = ({ password: _password, ...user }: UserRow): AdminUser => user;

export class UserError extends Error {}

function nameProblem(name: string): string | undefined {
  return NAME.test(name) ? undefined : 'a name has 2–64 letters, digits, spaces, dots, dashes or underscores';
}

export class UserStore {
  constructor(
    private readonly records: UserRecords,
    private readonly now: () => number = Date.now,
    /** The scrypt cost of new hashes (tests that hash many times pass a cheaper one). */
    private readonly cost: ScryptCost = SCRYPT_COST,
  ) {}

  async create(name: string, role: Role, password: string): Promise<AdminUser> {
    const problem = nameProblem(name) ?? passwordProblem(password);
    if (problem) throw new UserError(problem);
    const taken = () => new UserError(`there is already an account named "${name}"`);
    if (await this.records.byName(name)) throw taken();
    const hash = await hashPassword(password, this.cost);
    // Checked again by the database: another instance may have created the name during the hashing.
    const id = await this.records.insert(name, role, hash, this.now());
    if (id === undefined) throw taken();
    return (await this.get(id))!;
  }

  async setPassword(name: string, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new UserError(problem);
    const user = await this.records.byName(name);
    if (!user) throw new UserError(`no account is named "${name}"`);
    // A new password ends every session the old one opened (the records do both at once).
    await this.records.setPassword(user.id, await hashPassword(password, this.cost));
  }

  setRole(id: number, role: Role): Promise<void> {
    return this.records.setRole(id, role);
  }

  setDisabled(id: number, disabled: boolean): Promise<void> {
    return this.records.setDisabled(id, disabled);
  }

  unlock(id: number): Promise<void> {
    return this.records.unlock(id);
  }

  async get(id: number): Promise<AdminUser | undefined> {
    const row = await this.records.get(id);
    return row && publicUser(row);
  }

  async byName(name: string): Promise<AdminUser | undefined> {
    const row = await this.records.byName(name);
    return row && publicUser(row);
  }

  async list(): Promise<AdminUser[]> {
    return (await this.records.list()).map(publicUser);
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
    const now = this.now();
    const row = await this.records.claimAttempt(name.trim(), now, MAX_FAILED_LOGINS, now + LOCK_MINUTES * 60_000);
    const ok = await verifyPassword(password, row ? row.password : await dummyHash(this.cost));
    if (!row || !ok) return undefined;
    await this.records.signedIn(row.id, this.now());
    // The only moment the plain password is at hand: store it again at the current cost.
    if (needsRehash(row.password, this.cost)) await this.records.replaceHash(row.id, row.password, await hashPassword(password, this.cost));
    return this.get(row.id);
  }
}
