/**
 * `/whatsapp/webhook`, both verbs. Nothing else happens here:
 * - GET: Meta's subscription handshake — echo `hub.challenge` when the verify token matches;
 * - POST: read the raw bytes → verify the signature → parse → validate → de-duplicate → answer 200 →
 *   hand each message over.
 *
 * The body is read here, as bytes, with a size limit: the HMAC covers the exact bytes Meta sent, so no body
 * parser may run before this router. Meta redelivers a notification until it gets a 200 (for days), so
 * anything signed by Meta that we cannot use (other object, odd shape, repeat) still gets 200.
 */
import { TextDecoder } from 'node:util';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { RecentIds } from '../dedupe';
import { readRawBody } from '../raw-body';
import { UNDELIVERABLE_CODE } from './cloud-api';
import { messageDigest } from './message';
import { notificationContent, notificationSchema, WHATSAPP_OBJECT, type WhatsAppMessage } from './notification';
import { parseSignatureHeader, SIGNATURE_HEADER, signatureMatches, verifyTokenMatches } from './signature';

export const WHATSAPP_WEBHOOK_PATH = '/whatsapp/webhook';
/** Notifications are a few kilobytes (up to a thousand messages per batch); a megabyte is generous. */
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Meta's challenge is a number; anything far longer is not a handshake. */
const MAX_CHALLENGE_LENGTH = 256;

export interface WhatsAppWebhookOptions {
  appSecret: string;
  verifyToken: string;
  /** Messages for another business number of the same app are skipped. */
  phoneNumberId?: string;
  /** Called once per new message, in order, after the 200 has been sent; its errors are logged, never thrown. */
  onMessage: (message: WhatsAppMessage) => unknown;
  logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  dedupe: Pick<RecentIds, 'firstTime'>;
  maxBodyBytes?: number;
  path?: string;
  /** Called for every refused call (bad signature or verify token), e.g. for metrics. */
  onRejected?: () => void;
}

export function whatsappWebhook(options: WhatsAppWebhookOptions): Router {
  if (!options.appSecret) throw new Error('whatsappWebhook: the app secret is empty; set WHATSAPP_APP_SECRET (Meta app dashboard → App settings → Basic)');
  if (!options.verifyToken) throw new Error('whatsappWebhook: the verify token is empty; set WHATSAPP_VERIFY_TOKEN');
  const path = options.path ?? WHATSAPP_WEBHOOK_PATH;
  const router = Router();
  router.get(path, (req, res) => handshake(req, res, options));
  router.post(path, (req, res) => notification(req, res, options));
  return router;
}

function handshake(req: Request, res: Response, options: WhatsAppWebhookOptions): void {
  // Read from the URL itself: the app's query parser setting (simple, extended, none) does not matter then.
  const query = new URL(req.originalUrl, 'http://localhost').searchParams;
  const challenge = query.get('hub.challenge');
  const ok =
    query.get('hub.mode') === 'subscribe' &&
    verifyTokenMatches(query.get('hub.verify_token') ?? undefined, options.verifyToken) &&
    challenge !== null &&
    challenge.length > 0 &&
    challenge.length <= MAX_CHALLENGE_LENGTH;
  if (!ok) {
    options.logger.warn({}, 'whatsapp webhook: verification handshake refused (wrong mode, verify token or challenge)');
    options.onRejected?.();
    res.status(403).end();
    return;
  }
  options.logger.info({}, 'whatsapp webhook: verification handshake accepted');
  // Plain text, not sniffable: the challenge is reflected, so it must never be read as HTML.
  res.status(200).set('X-Content-Type-Options', 'nosniff').type('text/plain').send(challenge);
}

async function notification(req: Request, res: Response, options: WhatsAppWebhookOptions): Promise<void> {
  const { logger, dedupe } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  if (req.body !== undefined || req.readableEnded) {
    logger.error({}, 'whatsapp webhook: the body was already read; mount this router before any body parser');
    res.status(500).end();
    return;
  }
  const signature = parseSignatureHeader(req.headers[SIGNATURE_HEADER]);
  if (!signature) {
    refuse(req, res, options, 'missing or malformed X-Hub-Signature-256');
    return;
  }

  const body = await readRawBody(req, maxBodyBytes);
  if (body === 'too-large') {
    logger.warn({ maxBodyBytes }, 'whatsapp webhook: body over the size limit');
    // The rest is discarded unread, and the connection closed after the answer.
    req.resume();
    res.status(413).set('Connection', 'close').end();
    return;
  }
  if (body === 'aborted') return;
  if (!signatureMatches(body, signature, options.appSecret)) {
    refuse(req, res, options, 'signature does not match the body (wrong WHATSAPP_APP_SECRET, or not from Meta)');
    return;
  }

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    logger.warn({ bytes: body.length }, 'whatsapp webhook: body is not UTF-8 JSON');
    res.status(400).end();
    return;
  }

  const parsed = notificationSchema.safeParse(json);
  if (!parsed.success || parsed.data.object !== WHATSAPP_OBJECT) {
    // Paths and codes only: values could be a person's words or number.
    const issues = parsed.success ? [] : parsed.error.issues.slice(0, 5).map((issue) => ({ path: issue.path.join('.'), code: issue.code }));
    logger.warn({ issues }, 'whatsapp webhook: not a WhatsApp Business Account notification of the expected shape, ignored');
    res.status(200).end();
    return;
  }

  const content = notificationContent(parsed.data, options.phoneNumberId);
  if (content.invalid.length > 0) logger.warn({ issues: content.invalid }, 'whatsapp webhook: a message does not match the schema, ignored');
  if (content.otherNumber > 0) logger.debug({ skipped: content.otherNumber }, 'whatsapp webhook: changes for another business number ignored');
  if (content.failedCodes.length > 0) {
    // Asynchronous send failures (e.g. 131047: the reply came after the 24-hour window). Codes only.
    // 131026 is the person blocking the number or leaving WhatsApp: theirs to decide, nothing to fix.
    const gone = content.failedCodes.filter((code) => code === UNDELIVERABLE_CODE);
    const other = content.failedCodes.filter((code) => code !== UNDELIVERABLE_CODE);
    if (gone.length > 0) logger.info({ codes: gone }, 'whatsapp webhook: a reply did not arrive: the person blocked this number or cannot get WhatsApp messages');
    if (other.length > 0) logger.warn({ codes: other }, 'whatsapp webhook: Meta reports messages that could not be delivered');
  } else if (content.statuses > 0) {
    logger.debug({ statuses: content.statuses }, 'whatsapp webhook: delivery receipts ignored');
  }
  const fresh = content.messages.filter((message) => {
    const first = dedupe.firstTime(`whatsapp:${messageDigest(message.id)}`);
    if (!first) logger.debug({ ref: messageDigest(message.id) }, 'whatsapp webhook: repeated message ignored');
    return first;
  });

  res.status(200).end();
  for (const message of fresh) {
    void Promise.resolve()
      .then(() => options.onMessage(message))
      .catch((error: unknown) => {
        logger.error({ ref: messageDigest(message.id), error: error instanceof Error ? error.message : String(error) }, 'whatsapp webhook: handling a message failed');
      });
  }
}

function refuse(req: Request, res: Response, options: WhatsAppWebhookOptions, reason: string): void {
  options.logger.warn({}, `whatsapp webhook: ${reason}; request refused`);
  options.onRejected?.();
  req.resume();
  res.status(401).end();
}
