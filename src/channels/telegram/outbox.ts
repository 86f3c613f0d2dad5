/**
 * The outgoing queue for Telegram. A turn hands over its rendered messages and returns at once; the
 * outbox sends them in order per chat within Telegram's limits (about 1 message/s per chat, 30/s overall),
 * lets the API client retry, and drops — with a log line and a counter — what still fails. A message leaves
 * the queue once Telegram accepted it or finally refused it, so it is never sent twice by the outbox.
 */
import type { Logger } from 'pino';
import { TelegramApiError, type TelegramBotApi } from './bot-api';
import type { TelegramOutgoing } from './render';

export interface TelegramOutboxOptions {
  api: Pick<TelegramBotApi, 'sendMessage'>;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Minimum spacing of messages to one chat. Default 1000 ms; 0 in tests. */
  perChatIntervalMs?: number;
  /** Messages per second over all chats. Default 25 (Telegram allows about 30); 0 = no limit. */
  globalPerSecond?: number;
  /** Messages waiting or in flight, over all chats; beyond it a reply is refused as a whole. Default 1000. */
  maxPending?: number;
  /** A pseudonymous label for a chat in log lines (e.g. from the Pseudonymiser); omitted when absent. */
  chatLabel?: (chatId: number) => string;
}

export interface TelegramOutboxStats {
  sent: number;
  /** Dropped after the API client's retries, or because Telegram refused them. */
  failed: number;
  /** Refused by enqueue: the outbox was full or closed. */
  rejected: number;
  pending: number;
}

export class TelegramOutbox {
  private readonly api: Pick<TelegramBotApi, 'sendMessage'>;
  private readonly logger: Pick<Logger, 'warn' | 'error'>;
  private readonly perChatIntervalMs: number;
  private readonly globalIntervalMs: number;
  private readonly maxPending: number;
  private readonly chatLabel: ((chatId: number) => string) | undefined;

  /** Chats with a running sender, each with its messages in order; the head is the one being sent. */
  private readonly queues = new Map<number, TelegramOutgoing[]>();
  /** When each chat's last send ended, oldest first, so spacing holds across separate replies too. */
  private readonly lastSendAt = new Map<number, number>();
  private nextGlobalSlot = 0;
  private pendingCount = 0;
  private closed = false;
  private readonly counts = { sent: 0, failed: 0, rejected: 0 };
  private idleWaiters: Array<() => void> = [];

  constructor(options: TelegramOutboxOptions) {
    this.api = options.api;
    this.logger = options.logger;
    this.perChatIntervalMs = options.perChatIntervalMs ?? 1000;
    const perSecond = options.globalPerSecond ?? 25;
    this.globalIntervalMs = perSecond > 0 ? 1000 / perSecond : 0;
    this.maxPending = options.maxPending ?? 1000;
    this.chatLabel = options.chatLabel;
  }

  /**
   * Queues the parts of one reply for a chat. Returns false, and logs, when the outbox is full or closed:
   * a reply is accepted or refused whole, so a person never gets half an answer from the queue.
   */
  enqueue(chatId: number, messages: readonly TelegramOutgoing[]): boolean {
    if (messages.length === 0) return true;
    if (this.closed || this.pendingCount + messages.length > this.maxPending) {
      this.counts.rejected += messages.length;
      this.logger.error(
        { chat: this.chatLabel?.(chatId), messages: messages.length, pending: this.pendingCount, closed: this.closed },
        this.closed ? 'telegram outbox: closed for shutdown, reply not sent' : 'telegram outbox: full, reply not sent',
      );
      return false;
    }
    this.pendingCount += messages.length;
    const running = this.queues.get(chatId);
    if (running) {
      running.push(...messages);
    } else {
      const queue = [...messages];
      this.queues.set(chatId, queue);
      void this.sendAll(chatId, queue);
    }
    return true;
  }

  /** Messages waiting or in flight. */
  pending(): number {
    return this.pendingCount;
  }

  stats(): TelegramOutboxStats {
    return { ...this.counts, pending: this.pendingCount };
  }

  /**
   * Stops accepting messages and waits until the queued ones are sent (or dropped), at most `timeoutMs`.
   * Resolves true when the outbox emptied in time.
   */
  drain(timeoutMs: number): Promise<boolean> {
    this.closed = true;
    if (this.pendingCount === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onIdle = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== onIdle);
        this.logger.warn({ pending: this.pendingCount }, 'telegram outbox: shutdown before every message was sent');
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.push(onIdle);
    });
  }

  private async sendAll(chatId: number, queue: TelegramOutgoing[]): Promise<void> {
    try {
      for (let message = queue[0]; message !== undefined; message = queue[0]) {
        await this.waitForTurn(chatId);
        await this.sendOne(chatId, message, queue);
        // Spacing counts from the answer, not the request: Telegram sees arrivals, and network delay can
        // bunch requests that left us a second apart.
        this.rememberSend(chatId, performance.now());
        queue.shift();
        this.pendingCount -= 1;
      }
    } catch (error) {
      // Not expected (sendOne catches); without this an unexpected throw would be an unhandled rejection.
      this.logger.error({ chat: this.chatLabel?.(chatId), error: errorText(error) }, 'telegram outbox: sender stopped');
      this.pendingCount -= queue.length;
      this.counts.failed += queue.length;
    } finally {
      this.queues.delete(chatId);
      if (this.pendingCount === 0) this.notifyIdle();
    }
  }

  private async sendOne(chatId: number, message: TelegramOutgoing, queue: TelegramOutgoing[]): Promise<void> {
    try {
      await this.api.sendMessage({
        chat_id: chatId,
        text: message.text,
        parse_mode: 'HTML',
        // Source links would otherwise each unfold a large preview under the answer.
        link_preview_options: { is_disabled: true },
        ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
      });
      this.counts.sent += 1;
    } catch (error) {
      this.counts.failed += 1;
      const blocked = error instanceof TelegramApiError && error.errorCode === 403;
      this.logger.error(
        { chat: this.chatLabel?.(chatId), error: errorText(error), droppedAfter: blocked ? queue.length - 1 : 0 },
        'telegram outbox: message dropped',
      );
      if (blocked) {
        // The person blocked the bot: every later message to this chat would fail the same way.
        const rest = queue.splice(1);
        this.counts.failed += rest.length;
        this.pendingCount -= rest.length;
      }
    }
  }

  /** Waits for this chat's spacing, then for a global slot (in that order, so a slow chat holds no slot). */
  private async waitForTurn(chatId: number): Promise<void> {
    const last = this.lastSendAt.get(chatId);
    if (last !== undefined) await delay(last + this.perChatIntervalMs - performance.now());
    const now = performance.now();
    const slot = Math.max(now, this.nextGlobalSlot);
    this.nextGlobalSlot = slot + this.globalIntervalMs;
    await delay(slot - now);
  }

  private rememberSend(chatId: number, at: number): void {
    this.lastSendAt.delete(chatId);
    this.lastSendAt.set(chatId, at);
    for (const [chat, sentAt] of this.lastSendAt) {
      if (sentAt + this.perChatIntervalMs > at) break;
      this.lastSendAt.delete(chat);
    }
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
