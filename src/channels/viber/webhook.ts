/**
 * `POST /viber/webhook`: read → verify → validate → de-duplicate → hand over. Nothing else.
 *
 * The body is read here as bytes with a size limit, because the signature covers the exact bytes and a
 * body parser placed before us would re-encode them or break a character split across TCP chunks. Viber
 * resends a callback until it sees a 200 (for about an hour), so anything that did come from Viber but that
 * we cannot use (unknown event, schema mismatch, repeat) still gets 200.
 *
 * One callback is answered with content: `conversation_started`. Viber lets a bot write to someone who has
 * not subscribed only through the HTTP response to that callback (the "welcome message"), so its handler
 * is awaited, within `welcomeTimeoutMs`, and its result becomes the response body. Every other callback
 * is answered 200 at once and handled afterwards.
 */
import { TextDecoder } from 'node:util';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { RecentIds } from '../dedupe';
import { readRawBody } from '../raw-body';
import { exactMessageToken, parseCallback, tokenDigest, type ConversationStartedCallback, type ViberCallback } from './callback';
import { looksLikeSignature, signatureMatches, SIGNATURE_HEADER } from './signature';

export const VIBER_WEBHOOK_PATH = '/viber/webhook';
/** Callbacks are a few kilobytes (a text message is at most 7000 characters); 256 KB is ample. */
const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
/** The welcome turn is in memory and takes milliseconds; past this the person gets no welcome message. */
const DEFAULT_WELCOME_TIMEOUT_MS = 3000;

export interface ViberWebhookOptions {
  /** The bot's auth token, the HMAC key of the signature. */
  authToken: string;
  /** Called after the 200 for every callback except conversation_started; its errors are logged. */
  onCallback: (callback: ViberCallback, token: string | undefined) => unknown;
  /** Awaited; what it resolves with is sent as the welcome message (undefined: an empty 200). */
  onConversationStarted: (callback: ConversationStartedCallback, token: string | undefined) => Promise<object | undefined>;
  logger: Pick<Logger, 'debug' | 'warn' | 'error'>;
  dedupe: Pick<RecentIds, 'firstTime'>;
  welcomeTimeoutMs?: number;
  maxBodyBytes?: number;
  path?: string;
}

export function viberWebhook(options: ViberWebhookOptions): Router {
  if (!options.authToken) throw new Error('viberWebhook: an auth token is required to check signatures; set VIBER_AUTH_TOKEN');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const welcomeTimeoutMs = options.welcomeTimeoutMs ?? DEFAULT_WELCOME_TIMEOUT_MS;
  const { logger, dedupe, authToken } = options;
  const router = Router();

  const refuse = (res: Response): void => {
    logger.warn({}, 'viber webhook: missing or wrong signature, request refused');
    res.status(401).end();
  };

  router.post(options.path ?? VIBER_WEBHOOK_PATH, async (req: Request, res: Response) => {
    const signature = req.headers[SIGNATURE_HEADER];
    // Without anything shaped like a signature there is nothing to verify: refuse before reading the body.
    if (!looksLikeSignature(signature)) return refuse(res);
    if (req.body !== undefined || req.readableEnded) {
      logger.error({}, 'viber webhook: the body was already read; mount this router before any body parser');
      res.status(500).end();
      return;
    }

    const body = await readRawBody(req, maxBodyBytes);
    if (body === 'too-large') {
      logger.warn({ maxBodyBytes }, 'viber webhook: body over the size limit');
      req.resume();
      res.status(413).set('Connection', 'close').end();
      return;
    }
    if (body === 'aborted') return;
    if (!signatureMatches(signature, body, authToken)) return refuse(res);

    let raw: string;
    let json: unknown;
    try {
      raw = new TextDecoder('utf-8', { fatal: true }).decode(body);
      json = JSON.parse(raw);
    } catch {
      logger.warn({ bytes: body.length }, 'viber webhook: body is not UTF-8 JSON');
      res.status(400).end();
      return;
    }

    const parsed = parseCallback(json);
    if (parsed.kind === 'invalid') {
      logger.warn({ issues: parsed.issues }, 'viber webhook: callback does not match the schema, ignored');
      res.status(200).end();
      return;
    }
    if (parsed.kind === 'unknown-event') {
      logger.debug({ event: parsed.event }, 'viber webhook: event we do not handle, ignored');
      res.status(200).end();
      return;
    }
    const { callback } = parsed;
    const token = exactMessageToken(raw, callback.message_token);
    // Keyed by event too: delivered and seen receipts carry the token of the message they are about.
    if (token !== undefined && !dedupe.firstTime(`viber:${callback.event}:${token}`)) {
      logger.debug({ event: callback.event, ref: tokenDigest(token) }, 'viber webhook: repeated callback ignored');
      res.status(200).end();
      return;
    }

    if (callback.event === 'conversation_started') {
      const welcome = await boundedWelcome(options.onConversationStarted(callback, token), welcomeTimeoutMs, logger);
      if (welcome) res.status(200).json(welcome);
      else res.status(200).end();
      return;
    }

    res.status(200).end();
    void Promise.resolve()
      .then(() => options.onCallback(callback, token))
      .catch((error: unknown) => {
        logger.error({ event: callback.event, ref: tokenDigest(token), error: errorText(error) }, 'viber webhook: handling a callback failed');
      });
  });

  return router;
}

/** The welcome message, or undefined when the turn failed or was slower than `timeoutMs`. */
async function boundedWelcome(turn: Promise<object | undefined>, timeoutMs: number, logger: Pick<Logger, 'warn' | 'error'>): Promise<object | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  const settled = turn.catch((error: unknown) => {
    logger.error({ error: errorText(error) }, 'viber webhook: the welcome turn failed');
    return undefined;
  });
  try {
    const result = await Promise.race([settled, late]);
    if (result === 'late') {
      logger.warn({ timeoutMs }, 'viber webhook: the welcome turn was too slow; answered without a welcome message');
      return undefined;
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
