/**
 * The outgoing queue for Viber. A turn hands over its rendered messages and returns at once; the outbox
 * sends them in order per person, paced, lets the API client retry, and drops — with a log line and a
 * counter — what still fails. A message leaves the queue once Viber accepted or finally refused it, so the
 * outbox never sends it twice.
 *
 * Queues are keyed by the person's pseudonymous key; the raw Viber id rides on each queued message only,
 * so it is gone from memory as soon as the message has left.
 */
import type { Logger } from 'pino';
import { RECEIVER_GONE, ViberApiError, type ViberBotApi } from './bot-api';
import { messageBody, type ViberOutgoing } from './render';

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
}

export interface ViberOutboxStats {
  sent: number;
  /** Dropped after the API client's retries, or because Viber refused them. */
  failed: number;
  /** Refused by enqueue: the outbox was full or closed. */
  rejected: number;
  pending: number;
}

interface Queued {
  receiverId: string;
  message: ViberOutgoing;
}

export class ViberOutbox {
  private readonly api: Pick<ViberBotApi, 'sendMessage'>;
  private readonly logger: Pick<Logger, 'warn' | 'error'>;
  private readonly senderName: string;
  private readonly perChatIntervalMs: number;
  private readonly globalIntervalMs: number;
  private readonly maxPending: number;

  /** People with a running sender, each with their messages in order; the head is the one being sent. */
  private readonly queues = new Map<string, Queued[]>();
  /** When each person's last send ended, oldest first, so spacing holds across separate replies too. */
  private readonly lastSendAt = new Map<string, number>();
  private nextGlobalSlot = 0;
  private pendingCount = 0;
  private closed = false;
  private readonly counts = { sent: 0, failed: 0, rejected: 0 };
  private idleWaiters: Array<() => void> = [];

  constructor(options: ViberOutboxOptions) {
    this.api = options.api;
    this.logger = options.logger;
    this.senderName = options.senderName;
    this.perChatIntervalMs = options.perChatIntervalMs ?? 250;
    const perSecond = options.globalPerSecond ?? 20;
    this.globalIntervalMs = perSecond > 0 ? 1000 / perSecond : 0;
    this.maxPending = options.maxPending ?? 1000;
  }

  /**
   * Queues the parts of one reply to a person. Returns false, and logs, when the outbox is full or closed:
   * a reply is accepted or refused whole, so nobody gets half an answer from the queue.
   */
  enqueue(userKey: string, receiverId: string, messages: readonly ViberOutgoing[]): boolean {
    if (messages.length === 0) return true;
    if (this.closed || this.pendingCount + messages.length > this.maxPending) {
      this.counts.rejected += messages.length;
      this.logger.error(
        { user: userKey, messages: messages.length, pending: this.pendingCount, closed: this.closed },
        this.closed ? 'viber outbox: closed for shutdown, reply not sent' : 'viber outbox: full, reply not sent',
      );
      return false;
    }
    this.pendingCount += messages.length;
    const items = messages.map((message) => ({ receiverId, message }));
    const running = this.queues.get(userKey);
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
        this.logger.warn({ pending: this.pendingCount }, 'viber outbox: shutdown before every message was sent');
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.push(onIdle);
    });
  }

  private async sendAll(userKey: string, queue: Queued[]): Promise<void> {
    try {
      for (let item = queue[0]; item !== undefined; item = queue[0]) {
        await this.waitForTurn(userKey);
        await this.sendOne(userKey, item, queue);
        this.rememberSend(userKey, performance.now());
        queue.shift();
        this.pendingCount -= 1;
      }
    } catch (error) {
      // Not expected (sendOne catches); without this an unexpected throw would be an unhandled rejection.
      this.logger.error({ user: userKey, error: errorText(error) }, 'viber outbox: sender stopped');
      this.pendingCount -= queue.length;
      this.counts.failed += queue.length;
    } finally {
      this.queues.delete(userKey);
      if (this.pendingCount === 0) this.notifyIdle();
    }
  }

  private async sendOne(userKey: string, item: Queued, queue: Queued[]): Promise<void> {
    try {
      await this.api.sendMessage({ receiver: item.receiverId, ...messageBody(item.message, this.senderName) });
      this.counts.sent += 1;
    } catch (error) {
      this.counts.failed += 1;
      const gone = error instanceof ViberApiError && RECEIVER_GONE.has(error.status);
      this.logger.error({ user: userKey, error: errorText(error), droppedAfter: gone ? queue.length - 1 : 0 }, 'viber outbox: message dropped');
      if (gone) {
        // Unsubscribed or not on Viber: every later message to this person would fail the same way.
        const rest = queue.splice(1);
        this.counts.failed += rest.length;
        this.pendingCount -= rest.length;
      }
    }
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

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
