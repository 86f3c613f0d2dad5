/**
 * Server-side sessions. The browser holds a random token; the database holds only its SHA-256, the user,
 * the CSRF token of the session and a one-time message for the next page. A session ends after
 * `IDLE_MINUTES` without a request, and after `MAX_HOURS` in any case.
 *
 * The rules live here once; where sessions are kept is a port, `SessionRecords`, with a SQLite
 * implementation (one instance) and a PostgreSQL one (shared: a volunteer signed in on one instance is
 * signed in on all): src/admin/sqlite-accounts.ts and src/admin/postgres-accounts.ts.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const IDLE_MINUTES = 30;
const MAX_HOURS = 12;

export interface Session {
  tokenHash: string;
  userId: number;
  csrf: string;
  flash: string | null;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionRecords {
  insert(session: Session): Promise<void>;
  /**
   * The session of `tokenHash` if it was seen at or after `idleSince` and created at or after
   * `createdSince`, with its last-seen time set to `now` in the same statement; undefined otherwise,
   * and then an expired one is deleted.
   */
  touch(tokenHash: string, now: number, idleSince: number, createdSince: number): Promise<Session | undefined>;
  delete(tokenHash: string): Promise<void>;
  setFlash(tokenHash: string, flash: string | null): Promise<void>;
  /** Deletes sessions seen before `idleSince` or created before `createdSince`; returns how many. */
  deleteExpired(idleSince: number, createdSince: number): Promise<number>;
}

/** A row of either database (PostgreSQL's BIGINT arrives as a string). */
export const sessionRow = z
  .object({
    token_hash: z.string(),
    user_id: z.coerce.number().int(),
    csrf: z.string(),
    flash: z.string().nullable(),
    created_at: z.coerce.number(),
    last_seen_at: z.coerce.number(),
  })
  .transform((r): Session => ({ tokenHash: r.token_hash, userId: r.user_id, csrf: r.csrf, flash: r.flash, createdAt: r.created_at, lastSeenAt: r.last_seen_at }));
export const SESSION_COLUMNS = 'token_hash, user_id, csrf, flash, created_at, last_seen_at';

const hash = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time string comparison for tokens. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class SessionStore {
  constructor(
    private readonly records: SessionRecords,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session with a fresh token (never reuses one the browser had). Returns the token. */
  async create(userId: number): Promise<string> {
    const token = randomToken();
    const now = this.now();
    await this.records.insert({ tokenHash: hash(token), userId, csrf: randomToken(), flash: null, createdAt: now, lastSeenAt: now });
    await this.sweep();
    return token;
  }

  /** The live session of a token, touched; undefined (and deleted) when idle or too old. */
  async use(token: string | undefined): Promise<Session | undefined> {
    if (!token || token.length > 100) return undefined;
    const now = this.now();
    return this.records.touch(hash(token), now, now - IDLE_MINUTES * 60_000, now - MAX_HOURS * 3_600_000);
  }

  async destroy(token: string | undefined): Promise<void> {
    if (token) await this.records.delete(hash(token));
  }

  setFlash(session: Session, message: string | null): Promise<void> {
    return this.records.setFlash(session.tokenHash, message);
  }

  /** Deletes sessions that can no longer be used. */
  sweep(): Promise<number> {
    const now = this.now();
    return this.records.deleteExpired(now - IDLE_MINUTES * 60_000, now - MAX_HOURS * 3_600_000);
  }
}
