/**
 * Web chat sessions: the server issues them, signed, so a browser cannot choose another person's session
 * or invent one; the session is the only thing that ties messages together.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const FORMAT = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/;

export class WebSessions {
  constructor(private readonly secret: string) {}

  issue(): string {
    const id = randomBytes(16).toString('base64url');
    return `${id}.${this.sign(id)}`;
  }

  /** The session id when the token is ours and intact, else undefined. */
  verify(token: unknown): string | undefined {
    if (typeof token !== 'string' || !FORMAT.test(token)) return undefined;
    const [id, signature] = token.split('.') as [string, string];
    const expected = Buffer.from(this.sign(id));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given) ? id : undefined;
  }

  private sign(id: string): string {
    return createHmac('sha256', this.secret).update(`web-session\u0000${id}`).digest('base64url').slice(0, 22);
  }
}
