/**
 * The outgoing queue for WhatsApp. A turn hands over its rendered messages and returns at once; the outbox
 * sends them in order per person (each waits for the previous one's answer, with a small gap, because
 * WhatsApp does not promise to deliver a burst in order), under an overall rate, lets the API client retry,
 * and drops — with a log line and a counter — what still fails. A message leaves the queue once Meta
 * accepted it or finally refused it, so the outbox never sends it twice.
 *
 * Before every send it checks the 24-hour customer-service window: outside it, free-form messages are
 * refused by Meta (131047) and templates are out of scope, so the rest of that person's reply is dropped
 * and counted instead.
 *
 * People are known here by their pseudonymous key only; the raw address rides with the message to the
 * send call and is never logged.
 */
import type { Logger } from 'pino';
import { WhatsAppApiError, type WhatsAppCloudApi } from './cloud-api';
import type { WhatsAppAddress } from './message';
import type { WhatsAppOutgoing } from './render';
import type { ServiceWindow } from './service-window';

export interface WhatsAppOutboxOptions {
  api: Pick<WhatsAppCloudApi, 'sendMessage'>;
  window: Pick<ServiceWindow, 'isOpen' | 'close'>;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Minimum spacing of messages to one person. Default 500 ms; 0 in tests. */
  perRecipientIntervalMs?: number;
  /** Messages per second over everyone. Default 60 (the Cloud API allows 80 per number); 0 = no limit. */
  globalPerSecond?: number;
  /** Messages waiting or in flight, over everyone; beyond it a reply is refused as a whole. Default 1000. */
  maxPending?: number;
}

export interface WhatsAppOutboxStats {
  sent: number;
  /** Dropped after the API client's retries, or because Meta refused them. */
  failed: number;
  /** Refused by enqueue: the outbox was full or closed. */
  rejected: number;
  /** Not sent because the 24-hour window had closed (a template would be needed). */
  outsideWindow: number;
  pending: number;
}

/** Who a queued message is for: the pseudonymous key (queues, window, logs) and the address (send call). */
export interface Recipient {
  userKey: string;
  address: WhatsAppAddress;
}

interface Queued {
  recipient: Recipient;
  message: WhatsAppOutgoing;
}

/** Meta will not deliver anything else to this person now: drop the rest of their queue. */
const UNDELIVERABLE_CODES = new Set([131026]);

export class WhatsAppOutbox {
  private readonly api: Pick<WhatsAppCloudApi, 'sendMessage'>;
  private readonly window: Pick<ServiceWindow, 'isOpen' | 'close'>;
  private readonly logger: Pick<Logger, 'warn' | 'error'>;
  private readonly perRecipientIntervalMs: number;
  private readonly globalIntervalMs: number;
  private readonly maxPending: number;

  /** People with a running sender, each with their messages in order; the head is the one being sent. */
  private readonly queues = new Map<string, Queued[]>();
  /** When each person's last send ended, oldest first, so spacing holds across separate replies too. */
  private readonly lastSendAt = new Map<string, number>();
  private nextGlobalSlot = 0;
  private pendingCount = 0;
  private closed = false;
  private readonly counts = { sent: 0, failed: 0, rejected: 0, outsideWindow: 0 };
  private idleWaiters: Array<() => void> = [];

  constructor(options: WhatsAppOutboxOptions) {
    this.api = options.api;
    this.window = options.window;
    this.logger = options.logger;
    this.perRecipientIntervalMs = options.perRecipientIntervalMs ?? 500;
    const perSecond = options.globalPerSecond ?? 60;
    this.globalIntervalMs = perSecond > 0 ? 1000 / perSecond : 0;
    this.maxPending = options.maxPending ?? 1000;
  }

  /**
   * Queues the messages of one reply. Returns false, and logs, when the window is closed or the outbox is
   * full or closed: a reply is accepted or refused whole, so a person never gets half an answer.
   */
  enqueue(recipient: Recipient, messages: readonly WhatsAppOutgoing[]): boolean {
    if (messages.length === 0) return true;
    const user = recipient.userKey;
    if (!this.window.isOpen(user)) {
      this.counts.outsideWindow += messages.length;
      this.logger.warn({ user, messages: messages.length }, 'whatsapp outbox: outside the 24-hour window, reply not sent (templates are not supported)');
      return false;
    }
    if (this.closed || this.pendingCount + messages.length > this.maxPending) {
      this.counts.rejected += messages.length;
      this.logger.error(
        { user, messages: messages.length, pending: this.pendingCount, closed: this.closed },
        this.closed ? 'whatsapp outbox: closed for shutdown, reply not sent' : 'whatsapp outbox: full, reply not sent',
      );
      return false;
    }
    this.pendingCount += messages.length;
    const items = messages.map((message) => ({ recipient, message }));
    const running = this.queues.get(user);
    if (running) {
      running.push(...items);
    } else {
      this.queues.set(user, items);
      void this.sendAll(user, items);
    }
    return true;
  }

  /** Messages waiting or in flight. */
  pending(): number {
    return this.pendingCount;
  }

  stats(): WhatsAppOutboxStats {
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
        this.logger.warn({ pending: this.pendingCount }, 'whatsapp outbox: shutdown before every message was sent');
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.push(onIdle);
    });
  }

  private async sendAll(user: string, queue: Queued[]): Promise<void> {
    try {
      for (let item = queue[0]; item !== undefined; item = queue[0]) {
        await this.waitForTurn(user);
        if (this.window.isOpen(user)) {
          await this.sendOne(item, queue);
          // Spacing counts from the answer, not the request: network delay can bunch requests.
          this.rememberSend(user, performance.now());
        } else {
          this.counts.outsideWindow += 1;
          const dropped = 1 + this.dropRest(queue, 'outsideWindow');
          this.logger.warn({ user, dropped }, 'whatsapp outbox: the 24-hour window closed before the reply left; not sent');
        }
        queue.shift();
        this.pendingCount -= 1;
      }
    } catch (error) {
      // Not expected (sendOne catches); without this an unexpected throw would be an unhandled rejection.
      this.logger.error({ user, error: errorText(error) }, 'whatsapp outbox: sender stopped');
      this.pendingCount -= queue.length;
      this.counts.failed += queue.length;
    } finally {
      this.queues.delete(user);
      if (this.pendingCount === 0) this.notifyIdle();
    }
  }

  private async sendOne(item: Queued, queue: Queued[]): Promise<void> {
    const user = item.recipient.userKey;
    try {
      await this.api.sendMessage(item.recipient.address, item.message);
      this.counts.sent += 1;
    } catch (error) {
      const apiError = error instanceof WhatsAppApiError ? error : undefined;
      if (apiError?.outsideWindow) {
        // Meta's clock says the window is closed: believe it until the person writes again.
        this.window.close(user);
        this.counts.outsideWindow += 1;
        const dropped = this.dropRest(queue, 'outsideWindow');
        this.logger.warn({ user, code: apiError.code, droppedAfter: dropped }, 'whatsapp outbox: outside the 24-hour window (131047), reply not sent');
        return;
      }
      this.counts.failed += 1;
      const undeliverable = apiError?.code !== undefined && UNDELIVERABLE_CODES.has(apiError.code);
      const dropped = undeliverable ? this.dropRest(queue, 'failed') : 0;
      this.logger.error({ user, code: apiError?.code, error: errorText(error), droppedAfter: dropped }, 'whatsapp outbox: message dropped');
    }
  }

  /** Drops everything queued after the head (the caller accounts for the head); returns how many. */
  private dropRest(queue: Queued[], reason: 'outsideWindow' | 'failed'): number {
    const rest = queue.splice(1);
    this.counts[reason] += rest.length;
    this.pendingCount -= rest.length;
    return rest.length;
  }

  /** Waits for this person's spacing, then for a global slot (in that order, so a slow queue holds no slot). */
  private async waitForTurn(user: string): Promise<void> {
    const last = this.lastSendAt.get(user);
    if (last !== undefined) await delay(last + this.perRecipientIntervalMs - performance.now());
    const now = performance.now();
    const slot = Math.max(now, this.nextGlobalSlot);
    this.nextGlobalSlot = slot + this.globalIntervalMs;
    await delay(slot - now);
  }

  private rememberSend(user: string, at: number): void {
    this.lastSendAt.delete(user);
    this.lastSendAt.set(user, at);
    for (const [key, sentAt] of this.lastSendAt) {
      if (sentAt + this.perRecipientIntervalMs > at) break;
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
