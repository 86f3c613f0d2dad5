/**
 * Who may read the operator's endpoints (/metrics, the details of /healthz): whoever sends
 * `Authorization: Bearer <METRICS_TOKEN>`. The comparison takes the same time whatever the guess.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer[ ]+([\x21-\x7E]+)[ ]*$/i;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** True when `authorization` carries `token`; never true when no token is configured. */
export function isOperator(authorization: string | undefined, token: string | undefined): boolean {
  if (!token || !authorization) return false;
  const sent = BEARER.exec(authorization)?.[1];
  // Both sides hashed to the same length first, so neither the length nor the content leaks by timing.
  return sent !== undefined && timingSafeEqual(digest(sent), digest(token));
}
