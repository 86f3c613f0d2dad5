/**
 * The outgoing queue for Viber (in memory, ../outbox.ts, or shared by instances, ../shared-outbox.ts). Passing failures are status 12 or HTTP 429 (too many
 * requests), a 5xx, or Viber unreachable before the request left; status 5 or 6 (the person unsubscribed
 * or is not on Viber) drops the rest of that person's queue and is logged at info.
 *
 * Queues are keyed by the person's pseudonymous key; the raw Viber id rides on each queued message only,
 * so it is gone from memory as soon as the message has left.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import { Outbox, type OutboxOptions, type OutboxRetryOptions, type OutboxStats, type ReplyQueue } from '../outbox';
import { replyQueue, type SharedQueue } from '../shared-outbox';
import { RECEIVER_GONE, retryableSendFailure, ViberApiError, type ViberBotApi } from './bot-api';
import { messageBody, type ViberOutgoing } from './render';

export { OUTBOX_RETRY_DEFAULTS, type OutboxRetryOptions } from '../outbox';

export interface ViberOutboxOptions {
  api: Pick<ViberBotApi, 'sendMessage'>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** `sender.name` of every message. */
  senderName: string;
  /**
   * Minimum spacing of messages to one person. Viber publishes no per-second figure (it answers status 12
   * when exceeded), so a modest default keeps the parts of a long answer from arriving as a burst. Default
   * 250 ms; 0 in tests.
   */
  perChatIntervalMs?: number;
  /** Messages per second over all people. Default 20; 0 = no limit. */
  globalPerSecond?: number;
  /** Messages waiting or in flight, over all people; beyond it a reply is refused as a whole. Default 1000. */
  maxPending?: number;
  /** Messages waiting or in flight for one person; beyond it a reply is refused as a whole. Default 50. */
  maxPerChat?: number;
  retry?: OutboxRetryOptions;
}

export type ViberOutboxStats = OutboxStats;

/** What Viber decides: how a message is sent, which failures pass, pacing. */
function viberPolicy(options: ViberOutboxOptions): OutboxOptions<ViberOutgoing, string, string, never> {
  const { api, senderName } = options;
  return {
    name: 'viber',
    queueOwner: 'person',
    logger: options.logger,
    send: (receiverId, message) => api.sendMessage({ receiver: receiverId, ...messageBody(message, senderName) }, { maxRetries: 0 }),
    classify: (error, receiverId) =>
      retryableSendFailure(error) ??
      // Unsubscribed (Viber's word for blocking a bot) or not on Viber: the person's choice, not a fault,
      // and every later message to them would fail the same way.
      (error instanceof ViberApiError && RECEIVER_GONE.has(error.status)
        ? { gone: 'the person unsubscribed or left Viber; reply not sent', fields: { status: error.status, error: errorText(error, receiverId) } }
        : { dropRest: false }),
    logFields: (userKey) => ({ user: userKey }),
    errorText,
    perRecipientIntervalMs: options.perChatIntervalMs ?? 250,
    globalPerSecond: options.globalPerSecond ?? 20,
    maxPending: options.maxPending,
    maxPerRecipient: options.maxPerChat,
    retry: options.retry,
  };
}

export class ViberOutbox extends Outbox<ViberOutgoing, string> {
  constructor(options: ViberOutboxOptions) {
    super(viberPolicy(options));
  }

  /** Queues the parts of one reply to a person; false, logged, when refused (see `Outbox.enqueueFor`). */
  enqueue(userKey: string, receiverId: string, messages: readonly ViberOutgoing[]): boolean {
    return this.enqueueFor(userKey, receiverId, messages);
  }
}

const button = z.object({
  Columns: z.number().int(),
  Rows: z.literal(1),
  ActionType: z.literal('reply'),
  ActionBody: z.string(),
  Text: z.string(),
  TextSize: z.literal('regular'),
  Silent: z.literal(true),
});
/** A queued message as the shared queue keeps it; read back through this schema. */
const queuedMessage = z.object({
  key: z.string(),
  to: z.string(),
  message: z.object({
    text: z.string(),
    keyboard: z.object({ Type: z.literal('keyboard'), DefaultHeight: z.literal(false), Buttons: z.array(button) }).optional(),
  }),
});

/** Viber's queue: shared by the instances when `shared` is given (PostgreSQL), else in this process's memory. */
export function viberReplyQueue(options: ViberOutboxOptions, shared?: SharedQueue): ReplyQueue<ViberOutgoing, string, string> {
  return replyQueue(viberPolicy(options), new ViberOutbox(options), shared, { read: (item) => queuedMessage.safeParse(item).data, recipient: (userKey) => userKey });
}

/** An error's text for a log line, without the person's Viber id should Viber quote it. */
function errorText(error: unknown, receiverId?: string): string {
  const text = error instanceof Error ? error.message : String(error);
  return receiverId ? text.split(receiverId).join('<receiver>') : text;
}
