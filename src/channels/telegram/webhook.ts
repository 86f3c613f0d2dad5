/**
 * `POST /telegram/webhook`: what is Telegram's own — the secret token header and the update's schema.
 * Reading, size limit, de-duplication, the 200 and the hand-over are the shared receiver's
 * (../webhook-receiver.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Logger } from 'pino';
import type { RecentIds } from '../dedupe';
import { schemaIssues, webhookReceiver } from '../webhook-receiver';
import { telegramUpdateSchema, type TelegramUpdate } from './update';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Updates we accept are a few kilobytes; a megabyte leaves room for long texts with entities. */
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface TelegramWebhookOptions {
  /** The `secret_token` given to setWebhook; Telegram sends it back in a header with every update. */
  secret: string;
  /** Called after the 200 has been sent; its errors are logged, never thrown. */
  onUpdate: (update: TelegramUpdate) => unknown;
  logger: Pick<Logger, 'debug' | 'warn' | 'error'>;
  dedupe: Pick<RecentIds, 'firstTime'>;
  maxBodyBytes?: number;
  /** How long a hand-over may take before the operator is warned (see webhook-receiver.ts). */
  handOverTimeoutMs?: number;
  path?: string;
}

/** Throws unless `secret` is what Telegram accepts as secret_token: 1–256 characters of A-Za-z0-9_-. */
export function assertValidSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
    // The value itself is not echoed: it is a credential.
    throw new Error(
      'Telegram webhook secret must be 1–256 characters of A-Z, a-z, 0-9, "_" and "-" (Telegram\'s rule for secret_token); ' +
        'set TELEGRAM_WEBHOOK_SECRET, e.g. to the output of `openssl rand -hex 32`',
    );
  }
}

export function telegramWebhook(options: TelegramWebhookOptions): Router {
  assertValidSecret(options.secret);
  const expected = sha256(options.secret);
  const router = Router();
  router.post(
    options.path ?? TELEGRAM_WEBHOOK_PATH,
    webhookReceiver<TelegramUpdate>({
      platform: 'telegram',
      itemName: 'update',
      logger: options.logger,
      dedupe: options.dedupe,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      ...(options.handOverTimeoutMs !== undefined ? { handOverTimeoutMs: options.handOverTimeoutMs } : {}),
      checkHeaders: (req) => (secretMatches(req.headers[SECRET_HEADER], expected) ? undefined : 'wrong or missing secret token'),
      receive: (json) => {
        const parsed = telegramUpdateSchema.safeParse(json);
        if (parsed.success) return { items: [parsed.data] };
        return { ignored: 'update does not match the schema', level: 'warn', fields: { issues: schemaIssues(parsed.error) } };
      },
      key: (update) => `telegram:${update.update_id}`,
      ref: (update) => ({ updateId: update.update_id }),
      handOver: options.onUpdate,
    }),
  );
  return router;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant time whatever the header's length: both sides are hashed to 32 bytes first. */
function secretMatches(header: string | string[] | undefined, expected: Buffer): boolean {
  return typeof header === 'string' && timingSafeEqual(sha256(header), expected);
}
