/**
 * Password hashing with scrypt (memory-hard, in Node's crypto): a random salt per user, the cost stored
 * with the hash so it can be raised later without breaking old hashes.
 * Stored as `scrypt$<log2 N>$<r>$<p>$<salt b64url>$<hash b64url>`.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * OWASP's minimum for scrypt (N = 2^17, r = 8, p = 1): 128 MiB and roughly 300–400 ms per hash on a small
 * server. Hashes made at an older cost still verify with the cost stored in them, and are made again at
 * this one at the next successful sign-in (see `needsRehash`).
 */
export const SCRYPT_COST: ScryptCost = Object.freeze({ logN: 17, r: 8, p: 1, keyLength: 32, saltLength: 16 });

export interface ScryptCost {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
  readonly keyLength: number;
  readonly saltLength: number;
}

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

/**
 * At most two derivations at once: each holds 128 MiB at the current cost, so a burst of sign-ins must not
 * take the process's memory, nor all four of libuv's threads (which file reads share).
 */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running < MAX_CONCURRENT) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(password: string, salt: Buffer, logN: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  const N = 2 ** logN;
  // scrypt needs 128·N·r·p bytes; Node refuses anything above 32 MiB unless maxmem says otherwise.
  const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r * p + 32 * 1024 * 1024 };
  return inTurn(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
      }),
  );
}

/** Why a password cannot be used, or undefined when it can. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `a password may have at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}

export async function hashPassword(password: string, cost: ScryptCost = SCRYPT_COST): Promise<string> {
  const { logN, r, p, keyLength, saltLength } = cost;
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, logN, r, p, keyLength);
  return ['scrypt', logN, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time comparison; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 22) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || expected.length < 16 || password.length > MAX_PASSWORD_LENGTH * 4) return false;
  const actual = await derive(password, salt, logN, r, p, expected.length);
  return timingSafeEqual(actual, expected);
}

/** True when a stored hash was made at another cost than `cost` (or cannot be read): make it again. */
export function needsRehash(stored: string, cost: ScryptCost = SCRYPT_COST): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return true;
  const [logN, r, p] = parts.slice(1, 4).map(Number);
  const keyLength = Buffer.from(parts[5] ?? '', 'base64url').length;
  return logN !== cost.logN || r !== cost.r || p !== cost.p || keyLength !== cost.keyLength;
}

const dummies = new Map<ScryptCost, Promise<string>>();
/**
 * A hash of the given cost to verify against when the name is unknown or the account locked, so those
 * take as long as a wrong password.
 */
export function dummyHash(cost: ScryptCost = SCRYPT_COST): Promise<string> {
  let dummy = dummies.get(cost);
  if (!dummy) {
    dummy = hashPassword(randomBytes(16).toString('hex'), cost);
    dummies.set(cost, dummy);
  }
  return dummy;
}
