/**
 * The outgoing queue for Telegram. A turn hands over its rendered messages and returns at once; the
 * outbox sends them in order per chat within Telegram's limits (about 1 message/s per chat, 30/s overall).
 *
 * A send that fails for a passing reason — Telegram unreachable before the request left, a 5xx, a 429 —
 * keeps the message at the head of its chat's queue and is tried again with capped exponential backoff and
 * jitter, for as long as the process lives, so an outage delays replies instead of losing them and the
 * order per chat holds. A final refusal (400, 403 blocked…) drops it with a log line and a counter, as does
 * a timeout or a connection lost after the request left: Telegram may have delivered it, and the outbox
 * never sends a message twice. Memory is bounded by `maxPending` overall and `maxPerChat` per chat.
 */
import type { Logger } from 'pino';
import { retryableSendFailure, TelegramApiError, type TelegramBotApi } from './bot-api';
import type { TelegramOutgoing } from './render';

export interface OutboxRetryOptions {
  /** First wait after a passing failure; doubled each time. Default 1000 ms. */
  baseMs?: number;
  /** Longest wait between two tries (a 429's retry_after may ask for more, and is honoured). Default 60 s. */
  maxMs?: number;
  /** Jitter source in [0, 1), injectable for tests. */
  random?: () => number;
}

export interface TelegramOutboxOptions {
  api: Pick<TelegramBotApi, 'sendMessage'>;
  logger: Pick<Logger, 'warn' | 'error'>;
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

export interface TelegramOutboxStats {
  sent: number;
  /** Dropped because Telegram refused them, or because they may have arrived (timeout after sending). */
  failed: number;
  /** Refused by enqueue: the outbox (or the chat's queue) was full, or closed. */
  rejected: number;
  pending: number;
  /** Chats whose next message waits to be tried again after a passing failure. */
  retrying: number;
  /** Passing failures so far (each followed by a wait and another try). */
  retries: number;
}

export const OUTBOX_RETRY_DEFAULTS = Object.freeze({ baseMs: 1000, maxMs: 60_000 });

type Outcome = { done: true } | { done: false; retryAfterMs: number; error: string };

export class TelegramOutbox {
  private readonly api: Pick<TelegramBotApi, 'sendMessage'>;
  private readonly logger: Pick<Logger, 'warn' | 'error'>;
  private readonly perChatIntervalMs: number;
  private readonly globalIntervalMs: number;
  private readonly maxPending: number;
  private readonly maxPerChat: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly random: () => number;
  private readonly chatLabel: ((chatId: number) => string) | undefined;

  /** Chats with a running sender, each with its messages in order; the head is the one being sent. */
  private readonly queues = new Map<number, TelegramOutgoing[]>();
  /** When each chat's last send ended, oldest first, so spacing holds across separate replies too. */
  private readonly lastSendAt = new Map<number, number>();
  /** Chats waiting out a backoff. */
  private readonly backingOff = new Set<number>();
  /** Ends every backoff wait at once (drain: try now; shutdown: give up). */
  private wakers = new Set<() => void>();
  private nextGlobalSlot = 0;
  private pendingCount = 0;
  private closed = false;
  /** Set when a drain ran out of time: senders stop instead of waiting for another try. */
  private abandoned = false;
  private readonly counts = { sent: 0, failed: 0, rejected: 0, retries: 0 };
  private idleWaiters: Array<() => void> = [];

  constructor(options: TelegramOutboxOptions) {
    this.api = options.api;
    this.logger = options.logger;
    this.perChatIntervalMs = options.perChatIntervalMs ?? 1000;
    const perSecond = options.globalPerSecond ?? 25;
    this.globalIntervalMs = perSecond > 0 ? 1000 / perSecond : 0;
    this.maxPending = options.maxPending ?? 1000;
    this.maxPerChat = options.maxPerChat ?? 50;
    this.retryBaseMs = options.retry?.baseMs ?? OUTBOX_RETRY_DEFAULTS.baseMs;
    this.retryMaxMs = options.retry?.maxMs ?? OUTBOX_RETRY_DEFAULTS.maxMs;
    this.random = options.retry?.random ?? Math.random;
    this.chatLabel = options.chatLabel;
  }

  /**
   * Queues the parts of one reply for a chat. Returns false, and logs, when the outbox or the chat's queue
   * is full, or the outbox is closed: a reply is accepted or refused whole, so a person never gets half an
   * answer from the queue.
   */
  enqueue(chatId: number, messages: readonly TelegramOutgoing[]): boolean {
    if (messages.length === 0) return true;
    const running = this.queues.get(chatId);
    const chatFull = (running?.length ?? 0) + messages.length > this.maxPerChat;
    if (this.closed || chatFull || this.pendingCount + messages.length > this.maxPending) {
      this.counts.rejected += messages.length;
      this.logger.error(
        { chat: this.chatLabel?.(chatId), messages: messages.length, pending: this.pendingCount, closed: this.closed },
        this.closed ? 'telegram outbox: closed for shutdown, reply not sent' : chatFull ? "telegram outbox: this chat's queue is full, reply not sent" : 'telegram outbox: full, reply not sent',
      );
      return false;
    }
    this.pendingCount += messages.length;
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
    return { ...this.counts, pending: this.pendingCount, retrying: this.backingOff.size };
  }

  /**
   * Stops accepting messages, tries messages that wait out a backoff at once, and waits until the queue is
   * empty, at most `timeoutMs`. Resolves true when it emptied in time; otherwise the senders stop and what
   * is left is dropped (counted as failed), since the process is about to end.
   */
  drain(timeoutMs: number): Promise<boolean> {
    this.closed = true;
    this.wakeAll();
    if (this.pendingCount === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onIdle = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== onIdle);
        this.logger.warn({ pending: this.pendingCount }, 'telegram outbox: shutdown before every message was sent');
        this.abandoned = true;
        this.wakeAll();
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.push(onIdle);
    });
  }

  private async sendAll(chatId: number, queue: TelegramOutgoing[]): Promise<void> {
    let failures = 0;
    try {
      for (let message = queue[0]; message !== undefined && !this.abandoned; message = queue[0]) {
        await this.waitForTurn(chatId);
        const outcome = await this.sendOne(chatId, message, queue);
        // Spacing counts from the answer, not the request: Telegram sees arrivals, and network delay can
        // bunch requests that left us a second apart.
        this.rememberSend(chatId, performance.now());
        if (!outcome.done) {
          // Telegram surely did not take it: it stays at the head, so the chat's order holds.
          failures += 1;
          this.counts.retries += 1;
          if (this.abandoned) break;
          const delayMs = this.backoff(failures, outcome.retryAfterMs);
          if (failures <= 3 || failures % 10 === 0) {
            this.logger.warn({ chat: this.chatLabel?.(chatId), failures, delayMs, waiting: queue.length, error: outcome.error }, 'telegram outbox: send failed for now; will try again');
          }
          this.backingOff.add(chatId);
          await this.sleep(delayMs);
          this.backingOff.delete(chatId);
          continue;
        }
        failures = 0;
        queue.shift();
        this.pendingCount -= 1;
      }
      if (queue.length > 0) {
        this.logger.error({ chat: this.chatLabel?.(chatId), dropped: queue.length }, 'telegram outbox: not sent before shutdown');
        this.counts.failed += queue.length;
        this.pendingCount -= queue.length;
      }
    } catch (error) {
      // Not expected (sendOne catches); without this an unexpected throw would be an unhandled rejection.
      this.logger.error({ chat: this.chatLabel?.(chatId), error: errorText(error) }, 'telegram outbox: sender stopped');
      this.pendingCount -= queue.length;
      this.counts.failed += queue.length;
    } finally {
      this.backingOff.delete(chatId);
      this.queues.delete(chatId);
      if (this.pendingCount === 0) this.notifyIdle();
    }
  }

  private async sendOne(chatId: number, message: TelegramOutgoing, queue: TelegramOutgoing[]): Promise<Outcome> {
    try {
      await this.api.sendMessage(
        {
          chat_id: chatId,
          text: message.text,
          parse_mode: 'HTML',
          // Source links would otherwise each unfold a large preview under the answer.
          link_preview_options: { is_disabled: true },
          ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
        },
        // The outbox does the retrying, so a long outage holds the message here instead of failing it.
        { maxRetries: 0 },
      );
      this.counts.sent += 1;
      return { done: true };
    } catch (error) {
      const retry = retryableSendFailure(error);
      if (retry) return { done: false, retryAfterMs: retry.retryAfterMs, error: errorText(error, chatId) };
      this.counts.failed += 1;
      const blocked = error instanceof TelegramApiError && error.errorCode === 403;
      this.logger.error(
        { chat: this.chatLabel?.(chatId), error: errorText(error, chatId), droppedAfter: blocked ? queue.length - 1 : 0 },
        'telegram outbox: message dropped',
      );
      if (blocked) {
        // The person blocked the bot: every later message to this chat would fail the same way.
        const rest = queue.splice(1);
        this.counts.failed += rest.length;
        this.pendingCount -= rest.length;
      }
      return { done: true };
    }
  }

  /** "Equal jitter" on base × 2^(failures-1), capped; never shorter than what Telegram asked for. */
  private backoff(failures: number, retryAfterMs: number): number {
    const ceiling = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(failures - 1, 30));
    return Math.max(retryAfterMs, Math.round(ceiling / 2 + (ceiling / 2) * this.random()));
  }

  /** Waits `ms`, or less when `wakeAll` is called. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  private wakeAll(): void {
    const wakers = this.wakers;
    this.wakers = new Set();
    for (const wake of wakers) wake();
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

/** An error's text for a log line, without the chat id or other long numbers Telegram may quote. */
function errorText(error: unknown, chatId?: number): string {
  const text = error instanceof Error ? error.message : String(error);
  const withoutChat = chatId === undefined ? text : text.split(String(chatId)).join('<chat>');
  return withoutChat.replace(/\d{7,}/g, '<number>');
}
