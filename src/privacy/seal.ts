/**
 * Sealed values: JSON encrypted and authenticated with AES-256-GCM under a key derived from the server
 * secret. For what must be stored for a while although it names a person — a queued reply holds the raw
 * messenger id it goes to and the answer's text — so the database, and every backup of it, holds bytes
 * that only an instance with the same secret can read, and that nobody can alter unnoticed.
 *
 * `context` is bound to the value (GCM's additional data): a value sealed for one purpose does not open
 * for another.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class Sealer {
  private readonly key: Buffer;
  private readonly digestKey: Buffer;

  /** `secret`: the server secret; a cipher key and a digest key are derived from it for `purpose`. */
  constructor(secret: string, purpose: string) {
    this.key = createHmac('sha256', secret).update(`prykhystok:seal:${purpose}`).digest();
    this.digestKey = createHmac('sha256', secret).update(`prykhystok:seal-digest:${purpose}`).digest();
  }

  seal(value: unknown, context: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** The value, or undefined when the bytes were sealed with another key or context, or changed since. */
  open(sealed: Buffer, context: string): unknown {
    if (sealed.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }

  /** A keyed digest of `text` (e.g. a chat id): equal for equal texts, and no use to anyone without the secret. */
  digest(text: string): string {
    return createHmac('sha256', this.digestKey).update(text).digest('base64url').slice(0, 27);
  }
}
