/**
 * The outgoing queue for WhatsApp (in memory, ../outbox.ts, or shared by instances, ../shared-outbox.ts).
 * Each message to a person waits for the previous
 * one's answer, with a small gap, because WhatsApp does not promise to deliver a burst in order. Passing
 * failures are a rate limit, a server error, or Meta unreachable before the request left; 131026
 * (undeliverable: the person blocked the number or left WhatsApp) drops the rest of that person's queue
 * and is logged at info.
 *
 * When a reply is queued and before every try it checks the 24-hour customer-service window: outside it,
 * free-form messages are refused by Meta (131047) and templates are out of scope, so the rest of that
 * person's reply is dropped and counted instead. In the shared queue another instance may send the
 * message, one that has not seen the person write: the time the window closes travels with the message.
 *
 * People are known here by their pseudonymous key only; the raw address rides with the message to the
 * send call and is never logged.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import { Outbox, type OutboxOptions, type OutboxRetryOptions, type OutboxStats, type ReplyQueue, type SendVerdict, type Unreachable } from '../outbox';
import { replyQueue, type SharedQueue } from '../shared-outbox';
import { retryableSendFailure, UNDELIVERABLE_CODE, WhatsAppApiError, type WhatsAppCloudApi } from './cloud-api';
import type { WhatsAppAddress } from './message';
import type { WhatsAppOutgoing } from './render';
import type { ServiceWindow } from './service-window';

export { OUTBOX_RETRY_DEFAULTS, type OutboxRetryOptions } from '../outbox';

export interface WhatsAppOutboxOptions {
  api: Pick<WhatsAppCloudApi, 'sendMessage'>;
  window: Pick<ServiceWindow, 'isOpen' | 'close' | 'closesAt'>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Minimum spacing of messages to one person. Default 500 ms; 0 in tests. */
  perRecipientIntervalMs?: number;
  /** Messages per second over everyone. Default 60 (the Cloud API allows 80 per number); 0 = no limit. */
  globalPerSecond?: number;
  /** Messages waiting or in flight, over everyone; beyond it a reply is refused as a whole. Default 1000. */
  maxPending?: number;
  /** Messages waiting or in flight for one person; beyond it a reply is refused as a whole. Default 50. */
  maxPerRecipient?: number;
  retry?: OutboxRetryOptions;
}

export interface WhatsAppOutboxStats extends OutboxStats {
  /** Not sent because the 24-hour window had closed (a template would be needed). */
  outsideWindow: number;
}

/** Who a queued message is for: the pseudonymous key (queues, window, logs) and the address (send call). */
export interface Recipient {
  userKey: string;
  address: WhatsAppAddress;
}


const OUTSIDE_WINDOW: Unreachable<'outsideWindow'> = Object.freeze({
  reason: 'outsideWindow',
  refused: 'outside the 24-hour window, reply not sent (templates are not supported)',
  dropped: 'the 24-hour window closed before the reply left; not sent',
});

/** What WhatsApp decides: how a message is sent, which failures pass, the window, pacing. */
function whatsappPolicy(options: WhatsAppOutboxOptions): OutboxOptions<WhatsAppOutgoing, WhatsAppAddress, string, 'outsideWindow'> {
  const { api, window } = options;
  return {
    name: 'whatsapp',
    queueOwner: 'person',
    logger: options.logger,
    send: (address, message) => api.sendMessage(address, message, { maxRetries: 0 }),
    classify: (error, _address, user) => classify(error, () => window.close(user)),
    unreachable: (user) => (window.isOpen(user) ? undefined : OUTSIDE_WINDOW),
    logFields: (user) => ({ user }),
    errorText,
    reasons: ['outsideWindow'],
    perRecipientIntervalMs: options.perRecipientIntervalMs ?? 500,
    globalPerSecond: options.globalPerSecond ?? 60,
    maxPending: options.maxPending,
    maxPerRecipient: options.maxPerRecipient,
    retry: options.retry,
  };
}

export class WhatsAppOutbox extends Outbox<WhatsAppOutgoing, WhatsAppAddress, string, 'outsideWindow'> {
  constructor(options: WhatsAppOutboxOptions) {
    super(whatsappPolicy(options));
  }

  /** Queues the messages of one reply; false, logged, when refused (see `Outbox.enqueueFor`). */
  enqueue(recipient: Recipient, messages: readonly WhatsAppOutgoing[]): boolean {
    return this.enqueueFor(recipient.userKey, recipient.address, messages);
  }

  override stats(): WhatsAppOutboxStats {
    return super.stats();
  }
}

const text = z.object({ type: z.literal('text'), text: z.object({ body: z.string(), preview_url: z.boolean() }) });
const choice = { id: z.string(), title: z.string() };
const buttons = z.object({
  type: z.literal('button'),
  body: z.object({ text: z.string() }),
  action: z.object({ buttons: z.array(z.object({ type: z.literal('reply'), reply: z.object(choice) })) }),
});
const list = z.object({
  type: z.literal('list'),
  body: z.object({ text: z.string() }),
  action: z.object({ button: z.string(), sections: z.array(z.object({ rows: z.array(z.object({ ...choice, description: z.string().optional() })) })) }),
});
/** A queued message as the shared queue keeps it; read back through this schema. */
const queuedMessage = z.object({
  key: z.string(),
  to: z.object({ kind: z.enum(['phone', 'bsuid']), id: z.string() }),
  message: z.union([text, z.object({ type: z.literal('interactive'), interactive: z.union([buttons, list]) })]),
});

/**
 * WhatsApp's queue: shared by the instances when `shared` is given (PostgreSQL), else in this process's
 * memory. Shared, a message must leave before the window it was queued in closes, whichever instance sends it.
 */
export function whatsappReplyQueue(options: WhatsAppOutboxOptions, shared?: SharedQueue): ReplyQueue<WhatsAppOutgoing, WhatsAppAddress, string, 'outsideWindow'> {
  return replyQueue(whatsappPolicy(options), new WhatsAppOutbox(options), shared, {
    read: (item) => queuedMessage.safeParse(item).data,
    recipient: (userKey) => userKey,
    deadline: { at: (userKey) => options.window.closesAt(userKey), missed: OUTSIDE_WINDOW },
  });
}

function classify(error: unknown, closeWindow: () => void): SendVerdict<'outsideWindow'> {
  const retry = retryableSendFailure(error);
  if (retry) return retry;
  const apiError = error instanceof WhatsAppApiError ? error : undefined;
  if (apiError?.outsideWindow) {
    // Meta's clock says the window is closed: believe it until the person writes again.
    closeWindow();
    return { dropRest: true, reason: 'outsideWindow', warning: 'outside the 24-hour window (131047), reply not sent', fields: { code: apiError.code } };
  }
  if (apiError?.code === UNDELIVERABLE_CODE) {
    // Meta does not tell a business it was blocked: a block shows up as 131026, like a number that left
    // WhatsApp. Nobody can fix either, so it is not an error.
    return { gone: 'the person blocked this number or cannot get WhatsApp messages (131026); reply not sent', fields: { code: apiError.code } };
  }
  return { dropRest: false, fields: { code: apiError?.code } };
}

/** An error's text for a log line, without the person's address (the client masks numbers already). */
function errorText(error: unknown, address?: WhatsAppAddress): string {
  const text = error instanceof Error ? error.message : String(error);
  return address?.id ? text.split(address.id).join('<recipient>') : text;
}
