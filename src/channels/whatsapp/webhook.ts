/**
 * `/whatsapp/webhook`, both verbs. Nothing else happens here:
 * - GET: Meta's subscription handshake — echo `hub.challenge` when the verify token matches;
 * - POST: what is WhatsApp's own — the X-Hub-Signature-256 HMAC over the exact bytes, the notification's
 *   envelope, delivery failures it reports — on the shared receiver (../webhook-receiver.ts), which reads,
 *   bounds, de-duplicates, answers 200 and hands each new message over.
 */
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { RecentIds } from '../dedupe';
import { schemaIssues, webhookReceiver, type WebhookHandler } from '../webhook-receiver';
import { UNDELIVERABLE_CODE } from './cloud-api';
import { messageDigest } from './message';
import { notificationContent, notificationSchema, WHATSAPP_OBJECT, type NotificationContent, type WhatsAppMessage } from './notification';
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
  /** How long a hand-over may take before the operator is warned (see ../webhook-receiver.ts). */
  handOverTimeoutMs?: number;
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
  router.post(path, notificationReceiver(options));
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

/** What is WhatsApp's own in a notification: the signature, the envelope, and what else it reports. */
function notificationReceiver(options: WhatsAppWebhookOptions): WebhookHandler {
  const { logger } = options;
  return webhookReceiver<WhatsAppMessage>({
    platform: 'whatsapp',
    itemName: 'message',
    logger,
    dedupe: options.dedupe,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    ...(options.handOverTimeoutMs !== undefined ? { handOverTimeoutMs: options.handOverTimeoutMs } : {}),
    ...(options.onRejected ? { onRejected: options.onRejected } : {}),
    checkHeaders: (req) => (parseSignatureHeader(req.headers[SIGNATURE_HEADER]) ? undefined : 'missing or malformed X-Hub-Signature-256'),
    checkBody: (body, req) => {
      const signature = parseSignatureHeader(req.headers[SIGNATURE_HEADER]);
      if (signature && signatureMatches(body, signature, options.appSecret)) return undefined;
      return 'signature does not match the body (wrong WHATSAPP_APP_SECRET, or not from Meta)';
    },
    receive: (json) => {
      const parsed = notificationSchema.safeParse(json);
      if (!parsed.success || parsed.data.object !== WHATSAPP_OBJECT) {
        const issues = parsed.success ? [] : schemaIssues(parsed.error);
        return { ignored: 'not a WhatsApp Business Account notification of the expected shape', level: 'warn', fields: { issues } };
      }
      const content = notificationContent(parsed.data, options.phoneNumberId);
      logWhatIsNotAMessage(content, logger);
      return { items: content.messages };
    },
    key: (message) => `whatsapp:${messageDigest(message.id)}`,
    // The wamid embeds the sender's phone number: logs carry its digest only.
    ref: (message) => ({ ref: messageDigest(message.id) }),
    handOver: options.onMessage,
  });
}

function logWhatIsNotAMessage(content: NotificationContent, logger: WhatsAppWebhookOptions['logger']): void {
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
}
