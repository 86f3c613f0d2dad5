/**
 * `POST /viber/webhook`: what is Viber's own — the X-Viber-Content-Signature HMAC over the exact bytes, the
 * callback's schema, the message_token read as exact digits, and the welcome message. Reading, size limit,
 * de-duplication, the 200 and the hand-over are the shared receiver's (../webhook-receiver.ts).
 *
 * One callback is answered with content: `conversation_started`. Viber lets a bot write to someone who has
 * not subscribed only through the HTTP response to that callback (the "welcome message"), so its handler
 * is awaited, within `welcomeTimeoutMs`, and its result becomes the response body. Every other callback
 * is answered 200 at once and handled afterwards.
 */
import { Router } from 'express';
import type { Logger } from 'pino';
import type { RecentIds } from '../dedupe';
import { webhookReceiver } from '../webhook-receiver';
import { exactMessageToken, parseCallback, tokenDigest, type ConversationStartedCallback, type ViberCallback } from './callback';
import { looksLikeSignature, signatureMatches, SIGNATURE_HEADER } from './signature';

export const VIBER_WEBHOOK_PATH = '/viber/webhook';
/** Callbacks are a few kilobytes (a text message is at most 7000 characters); 256 KB is ample. */
const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
/** The welcome turn is in memory and takes milliseconds; past this the person gets no welcome message. */
const DEFAULT_WELCOME_TIMEOUT_MS = 3000;
const REFUSED = 'missing or wrong signature';

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
  /** How long a hand-over may take before the operator is warned (see ../webhook-receiver.ts). */
  handOverTimeoutMs?: number;
  maxBodyBytes?: number;
  path?: string;
}

/** A callback and its message_token's exact digits (a JSON number may be past 2^53). */
interface Received {
  callback: ViberCallback;
  token: string | undefined;
}

export function viberWebhook(options: ViberWebhookOptions): Router {
  if (!options.authToken) throw new Error('viberWebhook: an auth token is required to check signatures; set VIBER_AUTH_TOKEN');
  const { authToken } = options;
  const router = Router();
  router.post(
    options.path ?? VIBER_WEBHOOK_PATH,
    webhookReceiver<Received>({
      platform: 'viber',
      itemName: 'callback',
      logger: options.logger,
      dedupe: options.dedupe,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      ...(options.handOverTimeoutMs !== undefined ? { handOverTimeoutMs: options.handOverTimeoutMs } : {}),
      // Without anything shaped like a signature there is nothing to verify: refused before reading the body.
      checkHeaders: (req) => (looksLikeSignature(req.headers[SIGNATURE_HEADER]) ? undefined : REFUSED),
      checkBody: (body, req) => (signatureMatches(req.headers[SIGNATURE_HEADER], body, authToken) ? undefined : REFUSED),
      receive: (json, text) => {
        const parsed = parseCallback(json);
        if (parsed.kind === 'invalid') return { ignored: 'callback does not match the schema', level: 'warn', fields: { issues: parsed.issues } };
        if (parsed.kind === 'unknown-event') return { ignored: 'event we do not handle', level: 'debug', fields: { event: parsed.event } };
        return { items: [{ callback: parsed.callback, token: exactMessageToken(text, parsed.callback.message_token) }] };
      },
      // Keyed by event too: delivered and seen receipts carry the token of the message they are about.
      key: ({ callback, token }) => (token === undefined ? undefined : `viber:${callback.event}:${token}`),
      ref: ({ callback, token }) => ({ event: callback.event, ref: tokenDigest(token) }),
      handOver: ({ callback, token }) => options.onCallback(callback, token),
      inResponse: {
        what: 'the welcome turn',
        answer: ({ callback, token }) => {
          if (callback.event !== 'conversation_started') return undefined;
          return () => options.onConversationStarted(callback, token);
        },
        timeoutMs: options.welcomeTimeoutMs ?? DEFAULT_WELCOME_TIMEOUT_MS,
      },
    }),
  );
  return router;
}
