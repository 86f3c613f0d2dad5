/**
 * The two secrets Meta's webhook calls carry, checked in constant time.
 *
 * - `X-Hub-Signature-256: sha256=<hex>` is an HMAC-SHA256 of the exact request bytes with the app secret.
 *   Meta signs the body as it sent it (non-ASCII escaped as `\u0443…`, `/` as `\/`), so the check runs on
 *   the raw bytes; a re-serialised JSON object would not match.
 * - The verify token of the subscription handshake (`hub.verify_token`).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

/** "sha256=" and 64 hex digits; anything else is refused before any comparison is made. */
const SIGNATURE_FORMAT = /^sha256=([0-9a-fA-F]{64})$/;

/** The header's 32-byte digest, or undefined when the header is absent, repeated or malformed. */
export function parseSignatureHeader(header: string | string[] | undefined): Buffer | undefined {
  if (typeof header !== 'string') return undefined;
  const hex = SIGNATURE_FORMAT.exec(header.trim())?.[1];
  return hex ? Buffer.from(hex, 'hex') : undefined;
}

/** True when `signature` is the HMAC-SHA256 of `body` under `appSecret`. Constant time in the digest. */
export function signatureMatches(body: Buffer, signature: Buffer, appSecret: string): boolean {
  const expected = createHmac('sha256', appSecret).update(body).digest();
  // Both are 32 bytes here (parseSignatureHeader guarantees it), which timingSafeEqual requires.
  return signature.length === expected.length && timingSafeEqual(signature, expected);
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
export function verifyTokenMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(sha256(given), sha256(expected));
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
