/**
 * The outgoing queue for Telegram (in memory, ../outbox.ts, or shared by instances, ../shared-outbox.ts),
 * within Telegram's limits: about 1 message/s per chat, 30/s overall — across all instances when shared.
 * Passing failures are a 429, a 5xx, or Telegram unreachable before the request left; a 403 (the person
 * blocked the bot) drops the rest of that chat's queue and is logged at info: it is the person's choice,
 * not a fault anyone can fix.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import { Outbox, type OutboxOptions, type OutboxRetryOptions, type OutboxStats, type ReplyQueue } from '../outbox';
import { replyQueue, type SharedQueue } from '../shared-outbox';
import { retryableSendFailure, TelegramApiError, type TelegramBotApi } from './bot-api';
import type { TelegramOutgoing } from './render';

export { OUTBOX_RETRY_DEFAULTS, type OutboxRetryOptions } from '../outbox';

export interface TelegramOutboxOptions {
  api: Pick<TelegramBotApi, 'sendMessage'>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Minimum spacing of messages to one chat. Default 1000 ms; 0 in tests. */
  perChatIntervalMs?: number;
  /** Messages per second over all chats. Default 25 (Telegram allows about 30); 0 = no limit. */
  globalPerSecond?: number;
  /** Messages waiting or in flight, over all chats; beyond it a reply is refused as a whole. Default 1000. */
  maxPending?: number;
  /** Messages waiting or in flight for one chat; beyond it a reply is refused as a whole. Default 50. */
  maxPerChat?: number;
  retry?: OutboxRetryOptions;
  /** A pseudonymous label for a chat in log lines (e.g. from the Pseudonymiser); omitted when absent. */
  chatLabel?: (chatId: number) => string;
}

export type TelegramOutboxStats = OutboxStats;

/** What Telegram decides: how a message is sent, which failures pass, pacing. */
function telegramPolicy(options: TelegramOutboxOptions): OutboxOptions<TelegramOutgoing, number, number, never> {
  const { api, chatLabel } = options;
  return {
    name: 'telegram',
    queueOwner: 'chat',
    logger: options.logger,
    send: (chatId, message) =>
      api.sendMessage(
        {
          chat_id: chatId,
          text: message.text,
          parse_mode: 'HTML',
          // Source links would otherwise each unfold a large preview under the answer.
          link_preview_options: { is_disabled: true },
          ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
        },
        { maxRetries: 0 },
      ),
    classify: (error, chatId) =>
      retryableSendFailure(error) ??
      // 403: the person blocked the bot or deleted their account ("Forbidden: bot was blocked by the user",
      // "user is deactivated"). Their choice, not a fault: every later message to this chat fails the same way.
      (error instanceof TelegramApiError && error.errorCode === 403
        ? { gone: 'the person blocked the bot or left Telegram; reply not sent', fields: { code: 403, error: errorText(error, chatId) } }
        : { dropRest: false }),
    logFields: (chatId) => ({ chat: chatLabel?.(chatId) }),
    errorText,
    perRecipientIntervalMs: options.perChatIntervalMs ?? 1000,
    globalPerSecond: options.globalPerSecond ?? 25,
    maxPending: options.maxPending,
    maxPerRecipient: options.maxPerChat,
    retry: options.retry,
  };
}

export class TelegramOutbox extends Outbox<TelegramOutgoing, number, number> {
  constructor(options: TelegramOutboxOptions) {
    super(telegramPolicy(options));
  }

  /** Queues the parts of one reply for a chat; false, logged, when refused (see `Outbox.enqueueFor`). */
  enqueue(chatId: number, messages: readonly TelegramOutgoing[]): boolean {
    return this.enqueueFor(chatId, chatId, messages);
  }
}

/** A queued message as the shared queue keeps it; read back through this schema. */
const queuedMessage = z.object({
  key: z.number().int(),
  to: z.number().int(),
  message: z.object({
    text: z.string(),
    reply_markup: z.object({ inline_keyboard: z.array(z.array(z.object({ text: z.string(), callback_data: z.string() }))) }).optional(),
  }),
});

/** Telegram's queue: shared by the instances when `shared` is given (PostgreSQL), else in this process's memory. */
export function telegramReplyQueue(options: TelegramOutboxOptions, shared?: SharedQueue): ReplyQueue<TelegramOutgoing, number, number> {
  return replyQueue(telegramPolicy(options), new TelegramOutbox(options), shared, { read: (item) => queuedMessage.safeParse(item).data, recipient: String });
}

/** An error's text for a log line, without the chat id or other long numbers Telegram may quote. */
function errorText(error: unknown, chatId?: number): string {
  const text = error instanceof Error ? error.message : String(error);
  const withoutChat = chatId === undefined ? text : text.split(String(chatId)).join('<chat>');
  return withoutChat.replace(/\d{7,}/g, '<number>');
}
