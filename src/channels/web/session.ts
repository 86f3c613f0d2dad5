/**
 * Web chat sessions: the server issues them, signed, so a browser cannot choose another person's session
 * or invent one; the session is the only thing that ties messages together.
 *
 * A token carries the day it was last renewed, under the signature, and is refused after
 * `SESSION_IDLE_DAYS` days without use: a token copied from a shared computer or a log does not open
 * someone's conversation for good. A token in use is renewed with each day's first message, so its text
 * changes at most once a day (a load balancer that keeps a person on one instance by it seldom moves them).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The same as the default STATE_RETENTION_DAYS: after that the bot has forgotten the person anyway. */
export const SESSION_IDLE_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;
const FORMAT = /^([A-Za-z0-9_-]{22})\.(\d{1,7})\.([A-Za-z0-9_-]{22})$/;

export interface WebSession {
  id: string;
  /** The token to hand back: the same one, or a renewed one after a day. */
  token: string;
}

export class WebSessions {
  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
    private readonly idleDays = SESSION_IDLE_DAYS,
  ) {}

  /** A new session. */
  issue(): WebSession {
    const id = randomBytes(16).toString('base64url');
    return { id, token: this.tokenFor(id, this.today()) };
  }

  /** The session when the token is ours, intact and used within `idleDays`, else undefined. */
  verify(token: unknown): WebSession | undefined {
    if (typeof token !== 'string') return undefined;
    const m = FORMAT.exec(token);
    if (!m) return undefined;
    const [, id, dayText, signature] = m as unknown as [string, string, string, string];
    const expected = Buffer.from(this.sign(id, dayText));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const day = Number(dayText);
    const today = this.today();
    if (today - day > this.idleDays || day > today + 1) return undefined;
    return { id, token: day === today ? token : this.tokenFor(id, today) };
  }

  private today(): number {
    return Math.floor(this.now() / DAY_MS);
  }

  private tokenFor(id: string, day: number): string {
    return `${id}.${day}.${this.sign(id, String(day))}`;
  }

  private sign(id: string, day: string): string {
    return createHmac('sha256', this.secret).update(`web-session\u0000${id}\u0000${day}`).digest('base64url').slice(0, 22);
  }
}
