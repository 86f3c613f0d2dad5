/**
 * The server secret behind pseudonymous user keys and web sessions. From PSEUDONYM_SECRET in production;
 * for a local start without configuration, generated once into DATA_DIR (never into the repository).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function resolveServerSecret(configured: string | undefined, dataDir: string): { secret: string; generated: boolean } {
  if (configured) return { secret: configured, generated: false };
  const file = path.join(dataDir, 'server-secret');
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), generated: true };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return { secret, generated: true };
}

/** A separate key per purpose, so one leaked derived key does not expose the others. */
export function deriveKey(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(`prykhystok:${purpose}`).digest('hex');
}
