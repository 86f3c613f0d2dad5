/**
 * The outgoing queue for WhatsApp. A turn hands over its rendered messages and returns at once; the outbox
 * sends them in order per person (each waits for the previous one's answer, with a small gap, because
 * WhatsApp does not promise to deliver a burst in order), under an overall rate.
 *
 * A send that fails for a passing reason — Meta unreachable before the request left, a server error, a rate
 * limit — keeps the message at the head of that person's queue and is tried again with capped exponential
 * backoff and jitter, for as long as the process lives (and the 24-hour window stays open), so an outage
 * delays replies instead of losing them and the order holds. A final refusal drops it with a log line and a
 * counter, as does a timeout or a connection lost after the request left: Meta may have delivered it, and
 * the outbox never sends a message twice. Memory is bounded by `maxPending` overall and
 * `maxPerRecipient` per person.
 *
 * Before every try it checks the 24-hour customer-service window: outside it, free-form messages are
 * refused by Meta (131047) and templates are out of scope, so the rest of that person's reply is dropped
 * and counted instead.
 *
 * People are known here by their pseudonymous key only; the raw address rides with the message to the
 * send call and is never logged.
 */
import type { Logger } from 'pino';
import { retryableSendFailure, WhatsAppApiError, type WhatsAppCloudApi } from './cloud-api';
import type { WhatsAppAddress } from './message';
import type { WhatsAppOutgoing } from './render';
import type { ServiceWindow } from './service-window';

export interface OutboxRetryOptions {
  /** First wait after a passing failure; doubled each time. Default 1000 ms. */
  baseMs?: number;
  /** Longest wait between two tries (a Retry-After may ask for more, and is honoured). Default 60 s. */
  maxMs?: number;
  /** Jitter source in [0, 1), injectable for tests. */
  random?: () => number;
}

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
  /** Messages waiting or in flight for one person; beyond it a reply is refused as a whole. Default 50. */
  maxPerRecipient?: number;
  retry?: OutboxRetryOptions;
}

export interface WhatsAppOutboxStats {
  sent: number;
  /** Dropped because Meta refused them, or because they may have arrived (timeout after sending). */
  failed: number;
  /** Refused by enqueue: the outbox (or the person's queue) was full, or closed. */
  rejected: number;
  /** Not sent because the 24-hour window had closed (a template would be needed). */
  outsideWindow: number;
  pending: number;
  /** People whose next message waits to be tried again after a passing failure. */
  retrying: number;
  /** Passing failures so far (each followed by a wait and another try). */
  retries: number;
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

type Outcome = { done: true } | { done: false; retryAfterMs: number; error: string };

/** Meta will not deliver anything else to this person now: drop the rest of their queue. */
const UNDELIVERABLE_CODES = new Set([131026]);

export const OUTBOX_RETRY_DEFAULTS = Object.freeze({ baseMs: 1000, maxMs: 60_000 });

export class WhatsAppOutbox {
  private readonly api: Pick<WhatsAppCloudApi, 'sendMessage'>;
  private readonly window: Pick<ServiceWindow, 'isOpen' | 'close'>;
  private readonly logger: Pick<Logger, 'warn' | 'error'>;
  private readonly perRecipientIntervalMs: number;
  private readonly globalIntervalMs: number;
  private readonly maxPending: number;
  private readonly maxPerRecipient: number;
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
  private readonly counts = { sent: 0, failed: 0, rejected: 0, outsideWindow: 0, retries: 0 };
  private idleWaiters: Array<() => void> = [];

  constructor(options: WhatsAppOutboxOptions) {
    this.api = options.api;
    this.window = options.window;
    this.logger = options.logger;
    this.perRecipientIntervalMs = options.perRecipientIntervalMs ?? 500;
    const perSecond = options.globalPerSecond ?? 60;
    this.globalIntervalMs = perSecond > 0 ? 1000 / perSecond : 0;
    this.maxPending = options.maxPending ?? 1000;
    this.maxPerRecipient = options.maxPerRecipient ?? 50;
    this.retryBaseMs = options.retry?.baseMs ?? OUTBOX_RETRY_DEFAULTS.baseMs;
    this.retryMaxMs = options.retry?.maxMs ?? OUTBOX_RETRY_DEFAULTS.maxMs;
    this.random = options.retry?.random ?? Math.random;
  }

  /**
   * Queues the messages of one reply. Returns false, and logs, when the window is closed, the outbox or the
   * person's queue is full, or the outbox is closed: a reply is accepted or refused whole, so a person never
   * gets half an answer.
   */
  enqueue(recipient: Recipient, messages: readonly WhatsAppOutgoing[]): boolean {
    if (messages.length === 0) return true;
    const user = recipient.userKey;
    if (!this.window.isOpen(user)) {
      this.counts.outsideWindow += messages.length;
      this.logger.warn({ user, messages: messages.length }, 'whatsapp outbox: outside the 24-hour window, reply not sent (templates are not supported)');
      return false;
    }
    const running = this.queues.get(user);
    const personFull = (running?.length ?? 0) + messages.length > this.maxPerRecipient;
    if (this.closed || personFull || this.pendingCount + messages.length > this.maxPending) {
      this.counts.rejected += messages.length;
      this.logger.error(
        { user, messages: messages.length, pending: this.pendingCount, closed: this.closed },
        this.closed ? 'whatsapp outbox: closed for shutdown, reply not sent' : personFull ? "whatsapp outbox: this person's queue is full, reply not sent" : 'whatsapp outbox: full, reply not sent',
      );
      return false;
    }
    this.pendingCount += messages.length;
    const items = messages.map((message) => ({ recipient, message }));
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
        this.logger.warn({ pending: this.pendingCount }, 'whatsapp outbox: shutdown before every message was sent');
        this.abandoned = true;
        this.wakeAll();
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.push(onIdle);
    });
  }

  private async sendAll(user: string, queue: Queued[]): Promise<void> {
    let failures = 0;
    try {
      for (let item = queue[0]; item !== undefined && !this.abandoned; item = queue[0]) {
        await this.waitForTurn(user);
        if (this.window.isOpen(user)) {
          const outcome = await this.sendOne(item, queue);
          // Spacing counts from the answer, not the request: network delay can bunch requests.
          this.rememberSend(user, performance.now());
          if (!outcome.done) {
            // Meta surely did not send it: it stays at the head, so the person's order holds.
            failures += 1;
            this.counts.retries += 1;
            if (this.abandoned) break;
            const delayMs = this.backoff(failures, outcome.retryAfterMs);
            if (failures <= 3 || failures % 10 === 0) {
              this.logger.warn({ user, failures, delayMs, waiting: queue.length, error: outcome.error }, 'whatsapp outbox: send failed for now; will try again');
            }
            this.backingOff.add(user);
            await this.sleep(delayMs);
            this.backingOff.delete(user);
            continue;
          }
        } else {
          this.counts.outsideWindow += 1;
          const dropped = 1 + this.dropRest(queue, 'outsideWindow');
          this.logger.warn({ user, dropped }, 'whatsapp outbox: the 24-hour window closed before the reply left; not sent');
        }
        failures = 0;
        queue.shift();
        this.pendingCount -= 1;
      }
      if (queue.length > 0) {
        this.logger.error({ user, dropped: queue.length }, 'whatsapp outbox: not sent before shutdown');
        this.counts.failed += queue.length;
        this.pendingCount -= queue.length;
      }
    } catch (error) {
      // Not expected (sendOne catches); without this an unexpected throw would be an unhandled rejection.
      this.logger.error({ user, error: errorText(error) }, 'whatsapp outbox: sender stopped');
      this.pendingCount -= queue.length;
      this.counts.failed += queue.length;
    } finally {
      this.backingOff.delete(user);
      this.queues.delete(user);
      if (this.pendingCount === 0) this.notifyIdle();
    }
  }

  private async sendOne(item: Queued, queue: Queued[]): Promise<Outcome> {
    const user = item.recipient.userKey;
    try {
      // The outbox does the retrying, so a long outage holds the message here instead of failing it.
      await this.api.sendMessage(item.recipient.address, item.message, { maxRetries: 0 });
      this.counts.sent += 1;
      return { done: true };
    } catch (error) {
      const retry = retryableSendFailure(error);
      if (retry) return { done: false, retryAfterMs: retry.retryAfterMs, error: errorText(error, item.recipient.address.id) };
      const apiError = error instanceof WhatsAppApiError ? error : undefined;
      if (apiError?.outsideWindow) {
        // Meta's clock says the window is closed: believe it until the person writes again.
        this.window.close(user);
        this.counts.outsideWindow += 1;
        const dropped = this.dropRest(queue, 'outsideWindow');
        this.logger.warn({ user, code: apiError.code, droppedAfter: dropped }, 'whatsapp outbox: outside the 24-hour window (131047), reply not sent');
        return { done: true };
      }
      this.counts.failed += 1;
      const undeliverable = apiError?.code !== undefined && UNDELIVERABLE_CODES.has(apiError.code);
      const dropped = undeliverable ? this.dropRest(queue, 'failed') : 0;
      this.logger.error({ user, code: apiError?.code, error: errorText(error, item.recipient.address.id), droppedAfter: dropped }, 'whatsapp outbox: message dropped');
      return { done: true };
    }
  }

  /** Drops everything queued after the head (the caller accounts for the head); returns how many. */
  private dropRest(queue: Queued[], reason: 'outsideWindow' | 'failed'): number {
    const rest = queue.splice(1);
    this.counts[reason] += rest.length;
    this.pendingCount -= rest.length;
    return rest.length;
  }

  /** "Equal jitter" on base × 2^(failures-1), capped; never shorter than what Meta asked for. */
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

/** An error's text for a log line, without the person's address (the client masks numbers already). */
function errorText(error: unknown, address?: string): string {
  const text = error instanceof Error ? error.message : String(error);
  return address ? text.split(address).join('<recipient>') : text;
}
