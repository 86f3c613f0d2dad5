/**
 * Server-side sessions. The browser holds a random token; the database holds only its SHA-256, the user,
 * the CSRF token of the session and a one-time message for the next page. A session ends after
 * `IDLE_MINUTES` without a request, and after `MAX_HOURS` in any case.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../storage/database';

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

interface Row {
  token_hash: string;
  user_id: number;
  csrf: string;
  flash: string | null;
  created_at: number;
  last_seen_at: number;
}

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
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session with a fresh token (never reuses one the browser had). Returns the token. */
  create(userId: number): string {
    const token = randomToken();
    const now = this.now();
    this.db.prepare('INSERT INTO admin_sessions (token_hash, user_id, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(hash(token), userId, randomToken(), now, now);
    this.sweep();
    return token;
  }

  /** The live session of a token, touched; undefined (and deleted) when idle or too old. */
  use(token: string | undefined): Session | undefined {
    if (!token || token.length > 100) return undefined;
    const row = this.db.prepare('SELECT * FROM admin_sessions WHERE token_hash = ?').get(hash(token)) as Row | undefined;
    if (!row) return undefined;
    const now = this.now();
    if (now - row.last_seen_at > IDLE_MINUTES * 60_000 || now - row.created_at > MAX_HOURS * 3_600_000) {
      this.db.prepare('DELETE FROM admin_sessions WHERE token_hash = ?').run(row.token_hash);
      return undefined;
    }
    this.db.prepare('UPDATE admin_sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, row.token_hash);
    return { tokenHash: row.token_hash, userId: row.user_id, csrf: row.csrf, flash: row.flash, createdAt: row.created_at, lastSeenAt: now };
  }

  destroy(token: string | undefined): void {
    if (token) this.db.prepare('DELETE FROM admin_sessions WHERE token_hash = ?').run(hash(token));
  }

  setFlash(session: Session, message: string | null): void {
    this.db.prepare('UPDATE admin_sessions SET flash = ? WHERE token_hash = ?').run(message, session.tokenHash);
  }

  /** Deletes sessions that can no longer be used. */
  sweep(): number {
    const now = this.now();
    return this.db.prepare('DELETE FROM admin_sessions WHERE last_seen_at < ? OR created_at < ?').run(now - IDLE_MINUTES * 60_000, now - MAX_HOURS * 3_600_000).changes;
  }
}
