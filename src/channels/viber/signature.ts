/**
 * Viber signs every callback: `X-Viber-Content-Signature` is the hex HMAC-SHA256 of the raw body bytes,
 * keyed with the bot's auth token. Viber signs the bytes it sends (escapes such as `\u0443` included), so
 * the check runs on the body as received, never on re-serialised JSON.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-viber-content-signature';

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/** A header that could be a signature at all; anything else is refused before the body is read. */
export function looksLikeSignature(header: string | string[] | undefined): header is string {
  return typeof header === 'string' && HEX_SHA256.test(header);
}

/** Constant-time comparison of the 32 signature bytes. */
export function signatureMatches(header: string | string[] | undefined, body: Buffer, authToken: string): boolean {
  if (!looksLikeSignature(header)) return false;
  const expected = createHmac('sha256', authToken).update(body).digest();
  return timingSafeEqual(Buffer.from(header, 'hex'), expected);
}
