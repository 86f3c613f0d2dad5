/**
 * The outgoing queue for Viber. A turn hands over its rendered messages and returns at once; the outbox
 * sends them in order per person, paced.
 *
 * A send that fails for a passing reason — Viber unreachable before the request left, a 5xx, status 12 or
 * HTTP 429 — keeps the message at the head of that person's queue and is tried again with capped
 * exponential backoff and jitter, for as long as the process lives, so an outage delays replies instead of
 * losing them and the order holds. A final refusal (5/6 receiver gone, bad data…) drops it with a log line
 * and a counter, as does a timeout or a connection lost after the request left: Viber may have delivered
 * it, and the outbox never sends a message twice. Memory is bounded by `maxPending` overall and
 * `maxPerChat` per person.
 *
 * Queues are keyed by the person's pseudonymous key; the raw Viber id rides on each queued message only,
 * so it is gone from memory as soon as the message has left.
 */
import type { Logger } from 'pino';
import { RECEIVER_GONE, retryableSendFailure, ViberApiError, type ViberBotApi } from './bot-api';
import { messageBody, type ViberOutgoing } from './render';

export interface OutboxRetryOptions {
  /** First wait after a passing failure; doubled each time. Default 1000 ms. */
  baseMs?: number;
  /** Longest wait between two tries (a Retry-After may ask for more, and is honoured). Default 60 s. */
  maxMs?: number;
  /** Jitter source in [0, 1), injectable for tests. */
  random?: () => number;
}

export interface ViberOutboxOptions {
  api: Pick<ViberBotApi, 'sendMessage'>;
  logger: Pick<Logger, 'warn' | 'error'>;
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

export interface ViberOutboxStats {
  sent: number;
  /** Dropped because Viber refused them, or because they may have arrived (timeout after sending). */
  failed: number;
  /** Refused by enqueue: the outbox (or the person's queue) was full, or closed. */
  rejected: number;
  pending: number;
  /** People whose next message waits to be tried again after a passing failure. */
  retrying: number;
  /** Passing failures so far (each followed by a wait and another try). */
  retries: number;
}

interface Queued {
  receiverId: string;
  message: ViberOutgoing;
}

type Outcome = { done: true } | { done: false; retryAfterMs: number; error: string };

export const OUTBOX_RETRY_DEFAULTS = Object.freeze({ baseMs: 1000, maxMs: 60_000 });

export class ViberOutbox {
  private readonly api: Pick<ViberBotApi, 'sendMessage'>;
  private readonly logger: Pick<Logger, 'warn' | 'error'>;
  private readonly senderName: string;
  private readonly perChatIntervalMs: number;
  private readonly globalIntervalMs: number;
  private readonly maxPending: number;
  private readonly maxPerChat: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly random: () => number;

  /** People with a running sender, each with their messages in order; the head is the one being sent. */
  private readonly queues = new Map<string, Queued[]>();
  /** When each person's last send ended, oldest first, so spacing holds across separate replies too. */
  private readonly lastSendAt = new Map<string, number>();
  /** People waiting out a backoff. */
  private readonly backingOff = new Set<string>();
  /** Ends every backoff wait at once (drain: try now; shutdown: give up). */
  private wakers = new Set<() => void>();
  private nextGlobalSlot = 0;
  private pendingCount = 0;
  private closed = false;
  /** Set when a drain ran out of time: senders stop instead of waiting for another try. */
  private abandoned = false;
  private readonly counts = { sent: 0, failed: 0, rejected: 0, retries: 0 };
  private idleWaiters: Array<() => void> = [];

  constructor(options: ViberOutboxOptions) {
    this.api = options.api;
    this.logger = options.logger;
    this.senderName = options.senderName;
    this.perChatIntervalMs = options.perChatIntervalMs ?? 250;
    const perSecond = options.globalPerSecond ?? 20;
    this.globalIntervalMs = perSecond > 0 ? 1000 / perSecond : 0;
    this.maxPending = options.maxPending ?? 1000;
    this.maxPerChat = options.maxPerChat ?? 50;
    this.retryBaseMs = options.retry?.baseMs ?? OUTBOX_RETRY_DEFAULTS.baseMs;
    this.retryMaxMs = options.retry?.maxMs ?? OUTBOX_RETRY_DEFAULTS.maxMs;
    this.random = options.retry?.random ?? Math.random;
  }

  /**
   * Queues the parts of one reply to a person. Returns false, and logs, when the outbox or the person's
   * queue is full, or the outbox is closed: a reply is accepted or refused whole, so nobody gets half an
   * answer from the queue.
   */
  enqueue(userKey: string, receiverId: string, messages: readonly ViberOutgoing[]): boolean {
    if (messages.length === 0) return true;
    const running = this.queues.get(userKey);
    const personFull = (running?.length ?? 0) + messages.length > this.maxPerChat;
    if (this.closed || personFull || this.pendingCount + messages.length > this.maxPending) {
      this.counts.rejected += messages.length;
      this.logger.error(
        { user: userKey, messages: messages.length, pending: this.pendingCount, closed: this.closed },
        this.closed ? 'viber outbox: closed for shutdown, reply not sent' : personFull ? "viber outbox: this person's queue is full, reply not sent" : 'viber outbox: full, reply not sent',
      );
      return false;
    }
    this.pendingCount += messages.length;
    const items = messages.map((message) => ({ receiverId, message }));
    if (running) {
      running.push(...items);
    } else {
      this.queues.set(userKey, items);
      void this.sendAll(userKey, items);
    }
    return true;
  }

  /** Messages waiting or in flight. */
  pending(): number {
    return this.pendingCount;
  }

  stats(): ViberOutboxStats {
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
        this.logger.warn({ pending: this.pendingCount }, 'viber outbox: shutdown before every message was sent');
        this.abandoned = true;
        this.wakeAll();
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.push(onIdle);
    });
  }

  private async sendAll(userKey: string, queue: Queued[]): Promise<void> {
    let failures = 0;
    try {
      for (let item = queue[0]; item !== undefined && !this.abandoned; item = queue[0]) {
        await this.waitForTurn(userKey);
        const outcome = await this.sendOne(userKey, item, queue);
        this.rememberSend(userKey, performance.now());
        if (!outcome.done) {
          // Viber surely did not take it: it stays at the head, so the person's order holds.
          failures += 1;
          this.counts.retries += 1;
          if (this.abandoned) break;
          const delayMs = this.backoff(failures, outcome.retryAfterMs);
          if (failures <= 3 || failures % 10 === 0) {
            this.logger.warn({ user: userKey, failures, delayMs, waiting: queue.length, error: outcome.error }, 'viber outbox: send failed for now; will try again');
          }
          this.backingOff.add(userKey);
          await this.sleep(delayMs);
          this.backingOff.delete(userKey);
          continue;
        }
        failures = 0;
        queue.shift();
        this.pendingCount -= 1;
      }
      if (queue.length > 0) {
        this.logger.error({ user: userKey, dropped: queue.length }, 'viber outbox: not sent before shutdown');
        this.counts.failed += queue.length;
        this.pendingCount -= queue.length;
      }
    } catch (error) {
      // Not expected (sendOne catches); without this an unexpected throw would be an unhandled rejection.
      this.logger.error({ user: userKey, error: errorText(error) }, 'viber outbox: sender stopped');
      this.pendingCount -= queue.length;
      this.counts.failed += queue.length;
    } finally {
      this.backingOff.delete(userKey);
      this.queues.delete(userKey);
      if (this.pendingCount === 0) this.notifyIdle();
    }
  }

  private async sendOne(userKey: string, item: Queued, queue: Queued[]): Promise<Outcome> {
    try {
      // The outbox does the retrying, so a long outage holds the message here instead of failing it.
      await this.api.sendMessage({ receiver: item.receiverId, ...messageBody(item.message, this.senderName) }, { maxRetries: 0 });
      this.counts.sent += 1;
      return { done: true };
    } catch (error) {
      const retry = retryableSendFailure(error);
      if (retry) return { done: false, retryAfterMs: retry.retryAfterMs, error: errorText(error, item.receiverId) };
      this.counts.failed += 1;
      const gone = error instanceof ViberApiError && RECEIVER_GONE.has(error.status);
      this.logger.error({ user: userKey, error: errorText(error, item.receiverId), droppedAfter: gone ? queue.length - 1 : 0 }, 'viber outbox: message dropped');
      if (gone) {
        // Unsubscribed or not on Viber: every later message to this person would fail the same way.
        const rest = queue.splice(1);
        this.counts.failed += rest.length;
        this.pendingCount -= rest.length;
      }
      return { done: true };
    }
  }

  /** "Equal jitter" on base × 2^(failures-1), capped; never shorter than what Viber asked for. */
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

  /** Waits for this person's spacing, then for a global slot (in that order, so a slow person holds no slot). */
  private async waitForTurn(userKey: string): Promise<void> {
    const last = this.lastSendAt.get(userKey);
    if (last !== undefined) await delay(last + this.perChatIntervalMs - performance.now());
    const now = performance.now();
    const slot = Math.max(now, this.nextGlobalSlot);
    this.nextGlobalSlot = slot + this.globalIntervalMs;
    await delay(slot - now);
  }

  private rememberSend(userKey: string, at: number): void {
    this.lastSendAt.delete(userKey);
    this.lastSendAt.set(userKey, at);
    for (const [key, sentAt] of this.lastSendAt) {
      if (sentAt + this.perChatIntervalMs > at) break;
      this.lastSendAt.delete(key);
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

/** An error's text for a log line, without the person's Viber id should Viber quote it. */
function errorText(error: unknown, receiverId?: string): string {
  const text = error instanceof Error ? error.message : String(error);
  return receiverId ? text.split(receiverId).join('<receiver>') : text;
}
