/**
 * `POST /telegram/webhook`: verify → read → validate → de-duplicate → hand over. Nothing else.
 *
 * The body is read here, as bytes, with a size limit and decoded once, because a generic body parser
 * placed before us would either be unbounded or break a Cyrillic character split across two TCP chunks.
 * Telegram redelivers an update until it sees a 2xx, so anything we cannot use but that did come from
 * Telegram (schema mismatch, repeat) still gets 200.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { TextDecoder } from 'node:util';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { RecentIds } from '../dedupe';
import { readRawBody } from '../raw-body';
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
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const { logger, dedupe, onUpdate } = options;
  const router = Router();

  router.post(options.path ?? TELEGRAM_WEBHOOK_PATH, async (req: Request, res: Response) => {
    if (!secretMatches(req.headers[SECRET_HEADER], expected)) {
      logger.warn({}, 'telegram webhook: wrong or missing secret token, request refused');
      res.status(401).end();
      return;
    }
    if (req.body !== undefined || req.readableEnded) {
      logger.error({}, 'telegram webhook: the body was already read; mount this router before any body parser');
      res.status(500).end();
      return;
    }

    const body = await readRawBody(req, maxBodyBytes);
    if (body === 'too-large') {
      logger.warn({ maxBodyBytes }, 'telegram webhook: body over the size limit');
      // The rest of an oversized body is discarded unread, and the connection closed after the answer.
      req.resume();
      res.status(413).set('Connection', 'close').end();
      return;
    }
    if (body === 'aborted') return;

    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      logger.warn({ bytes: body.length }, 'telegram webhook: body is not UTF-8 JSON');
      res.status(400).end();
      return;
    }

    const parsed = telegramUpdateSchema.safeParse(json);
    if (!parsed.success) {
      // Paths and codes only: values could be a person's words.
      const issues = parsed.error.issues.slice(0, 5).map((issue) => ({ path: issue.path.join('.'), code: issue.code }));
      logger.warn({ issues }, 'telegram webhook: update does not match the schema, ignored');
      res.status(200).end();
      return;
    }
    const update = parsed.data;
    if (!dedupe.firstTime(`telegram:${update.update_id}`)) {
      logger.debug({ updateId: update.update_id }, 'telegram webhook: repeated update ignored');
      res.status(200).end();
      return;
    }

    res.status(200).end();
    void Promise.resolve()
      .then(() => onUpdate(update))
      .catch((error: unknown) => {
        logger.error({ updateId: update.update_id, error: error instanceof Error ? error.message : String(error) }, 'telegram webhook: handling an update failed');
      });
  });

  return router;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant time whatever the header's length: both sides are hashed to 32 bytes first. */
function secretMatches(header: string | string[] | undefined, expected: Buffer): boolean {
  return typeof header === 'string' && timingSafeEqual(sha256(header), expected);
}
