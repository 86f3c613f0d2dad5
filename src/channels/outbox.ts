/**
 * The outgoing queue every messenger channel uses. A turn hands over its rendered messages and returns at
 * once; the outbox sends them in order per person, paced per person and overall.
 *
 * A send that fails for a passing reason (the platform unreachable before the request left, a server
 * error, a rate limit) keeps the message at the head of that person's queue and is tried again with capped
 * exponential backoff and jitter, for as long as the process lives, so an outage delays replies instead of
 * losing them and the order holds. A final refusal drops it with a log line and a counter, as does a
 * timeout or a connection lost after the request left: the platform may have delivered it, and the outbox
 * never sends a message twice. Memory is bounded by `maxPending` overall and `maxPerRecipient` per person.
 *
 * A channel's outbox extends this class: it passes in what the platform decides (how one message is sent,
 * which failures pass and which end one message or everything queued for that person, how a person is
 * named in log lines, its pacing) and offers `enqueue` in the platform's terms.
 */
import type { Logger } from 'pino';
import { backoffMs } from './http-retry';

export interface OutboxRetryOptions {
  /** First wait after a passing failure; doubled each time. Default 1000 ms. */
  baseMs?: number;
  /** Longest wait between two tries (a platform asking for longer, e.g. by Retry-After, is honoured). Default 60 s. */
  maxMs?: number;
  /** Jitter source in [0, 1), injectable for tests. */
  random?: () => number;
}

export const OUTBOX_RETRY_DEFAULTS = Object.freeze({ baseMs: 1000, maxMs: 60_000 });

/** What a platform makes of a failed send. */
export type SendVerdict<Reason extends string> =
  /** Surely not delivered, and may go through later: tried again after at least this wait. */
  | { retryAfterMs: number }
  /** Refused for good: counted as failed and logged as dropped, with `fields` (e.g. the platform's code). */
  | { dropRest: boolean; fields?: Record<string, unknown> }
  /**
   * The person blocked the bot, deleted their account or left the platform: nothing is wrong on our side
   * and nobody can act on it, so it is logged at info (`gone` says what happened), not as an error.
   * Counted as failed; the rest of their queue is dropped, since it would fail the same way.
   */
  | { gone: string; fields?: Record<string, unknown> }
  /** Not sent for a platform reason of its own: counted under `reason`, logged as a warning. */
  | { dropRest: boolean; reason: Reason; warning: string; fields?: Record<string, unknown> };

/** A platform reason why nothing may be sent to a person now (WhatsApp: the 24-hour window is closed). */
export interface Unreachable<Reason extends string> {
  /** The counter for what is not sent. */
  reason: Reason;
  /** The log line when a reply is refused as it is queued. */
  refused: string;
  /** The log line when what is queued is dropped before it is tried. */
  dropped: string;
}

export interface OutboxOptions<Message, Address, Key, Reason extends string> {
  /** Starts every log line: "<name> outbox: …". */
  name: string;
  /** Whose queue, in log lines: "this chat's queue is full". */
  queueOwner: 'chat' | 'person';
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Sends one message, once: the outbox does the retrying, so a long outage holds the message here. */
  send: (to: Address, message: Message) => Promise<unknown>;
  /** Which failures pass, and which end this message or everything queued for this person: platform rules. */
  classify: (error: unknown, to: Address, key: Key) => SendVerdict<Reason>;
  /** Checked as a reply is queued and before every try. */
  unreachable?: (key: Key) => Unreachable<Reason> | undefined;
  /** The log fields naming the person a line is about, without their platform id. */
  logFields: (key: Key) => Record<string, unknown>;
  /** An error's text for a log line, without the person's platform id should the platform quote it. */
  errorText: (error: unknown, to?: Address) => string;
  /** The platform's own counters, reported by `stats()` beside the others. */
  reasons?: readonly Reason[];
  /** Minimum spacing of messages to one person (0 in tests). */
  perRecipientIntervalMs: number;
  /** Messages per second over everyone; 0 = no limit. */
  globalPerSecond: number;
  /** Messages waiting or in flight, over everyone; beyond it a reply is refused as a whole. Default 1000. */
  maxPending?: number;
  /** Messages waiting or in flight for one person; beyond it a reply is refused as a whole. Default 50. */
  maxPerRecipient?: number;
  retry?: OutboxRetryOptions;
}

export interface OutboxStats {
  sent: number;
  /** Dropped because the platform refused them, or because they may have arrived (timeout after sending). */
  failed: number;
  /** Refused by enqueue: the outbox (or the person's queue) was full, or closed. */
  rejected: number;
  pending: number;
  /** People whose next message waits to be tried again after a passing failure. */
  retrying: number;
  /** Passing failures so far (each followed by a wait and another try). */
  retries: number;
}

interface Queued<Message, Address> {
  to: Address;
  message: Message;
}

type Counter<Reason extends string> = 'sent' | 'failed' | 'rejected' | 'retries' | Reason;

type Outcome = { done: true } | { done: false; retryAfterMs: number; error: string };

export abstract class Outbox<Message, Address, Key = string, Reason extends string = never> {
  private readonly options: OutboxOptions<Message, Address, Key, Reason>;
  private readonly globalIntervalMs: number;
  private readonly maxPending: number;
  private readonly maxPerRecipient: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly random: () => number;

  /** People with a running sender, each with their messages in order; the head is the one being sent. */
  private readonly queues = new Map<Key, Array<Queued<Message, Address>>>();
  /** When each person's last send ended, oldest first, so spacing holds across separate replies too. */
  private readonly lastSendAt = new Map<Key, number>();
  /** People waiting out a backoff. */
  private readonly backingOff = new Set<Key>();
  /** Ends every backoff wait at once (drain: try now; shutdown: give up). */
  private wakers = new Set<() => void>();
  private nextGlobalSlot = 0;
  private pendingCount = 0;
  private closed = false;
  /** Set when a drain ran out of time: senders stop instead of waiting for another try. */
  private abandoned = false;
  private readonly counts: Record<Counter<Reason>, number>;
  private idleWaiters: Array<() => void> = [];

  protected constructor(options: OutboxOptions<Message, Address, Key, Reason>) {
    this.options = options;
    this.globalIntervalMs = options.globalPerSecond > 0 ? 1000 / options.globalPerSecond : 0;
    this.maxPending = options.maxPending ?? 1000;
    this.maxPerRecipient = options.maxPerRecipient ?? 50;
    this.retryBaseMs = options.retry?.baseMs ?? OUTBOX_RETRY_DEFAULTS.baseMs;
    this.retryMaxMs = options.retry?.maxMs ?? OUTBOX_RETRY_DEFAULTS.maxMs;
    this.random = options.retry?.random ?? Math.random;
    const own = Object.fromEntries((options.reasons ?? []).map((reason) => [reason, 0]));
    this.counts = { sent: 0, failed: 0, rejected: 0, ...own, retries: 0 } as Record<Counter<Reason>, number>;
  }

  /**
   * Queues the messages of one reply to a person. Returns false, and logs, when the person cannot be
   * reached now, the outbox or the person's queue is full, or the outbox is closed: a reply is accepted or
   * refused whole, so a person never gets half an answer from the queue.
   */
  protected enqueueFor(key: Key, to: Address, messages: readonly Message[]): boolean {
    if (messages.length === 0) return true;
    const { logger, name } = this.options;
    const unreachable = this.options.unreachable?.(key);
    if (unreachable) {
      this.counts[unreachable.reason] += messages.length;
      logger.warn({ ...this.options.logFields(key), messages: messages.length }, `${name} outbox: ${unreachable.refused}`);
      return false;
    }
    const running = this.queues.get(key);
    const personFull = (running?.length ?? 0) + messages.length > this.maxPerRecipient;
    if (this.closed || personFull || this.pendingCount + messages.length > this.maxPending) {
      this.counts.rejected += messages.length;
      logger.error(
        { ...this.options.logFields(key), messages: messages.length, pending: this.pendingCount, closed: this.closed },
        this.closed
          ? `${name} outbox: closed for shutdown, reply not sent`
          : personFull
            ? `${name} outbox: this ${this.options.queueOwner}'s queue is full, reply not sent`
            : `${name} outbox: full, reply not sent`,
      );
      return false;
    }
    this.pendingCount += messages.length;
    const items = messages.map((message) => ({ to, message }));
    if (running) {
      running.push(...items);
    } else {
      this.queues.set(key, items);
      void this.sendAll(key, items);
    }
    return true;
  }

  /** Messages waiting or in flight. */
  pending(): number {
    return this.pendingCount;
  }

  stats(): OutboxStats & Record<Reason, number> {
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
        this.options.logger.warn({ pending: this.pendingCount }, `${this.options.name} outbox: shutdown before every message was sent`);
        this.abandoned = true;
        this.wakeAll();
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.push(onIdle);
    });
  }

  private async sendAll(key: Key, queue: Array<Queued<Message, Address>>): Promise<void> {
    const { logger, name, logFields } = this.options;
    let failures = 0;
    try {
      for (let item = queue[0]; item !== undefined && !this.abandoned; item = queue[0]) {
        await this.waitForTurn(key);
        const unreachable = this.options.unreachable?.(key);
        if (unreachable) {
          this.counts[unreachable.reason] += 1;
          const dropped = 1 + this.dropRest(queue, unreachable.reason);
          logger.warn({ ...logFields(key), dropped }, `${name} outbox: ${unreachable.dropped}`);
        } else {
          const outcome = await this.sendOne(key, item, queue);
          // Spacing counts from the answer, not the request: the platform sees arrivals, and network delay
          // can bunch requests that left us far enough apart.
          this.rememberSend(key, performance.now());
          if (!outcome.done) {
            // The platform surely did not take it: it stays at the head, so the person's order holds.
            failures += 1;
            this.counts.retries += 1;
            if (this.abandoned) break;
            const delayMs = this.backoff(failures, outcome.retryAfterMs);
            if (failures <= 3 || failures % 10 === 0) {
              logger.warn({ ...logFields(key), failures, delayMs, waiting: queue.length, error: outcome.error }, `${name} outbox: send failed for now; will try again`);
            }
            this.backingOff.add(key);
            await this.sleep(delayMs);
            this.backingOff.delete(key);
            continue;
          }
        }
        failures = 0;
        queue.shift();
        this.pendingCount -= 1;
      }
      if (queue.length > 0) {
        logger.error({ ...logFields(key), dropped: queue.length }, `${name} outbox: not sent before shutdown`);
        this.counts.failed += queue.length;
        this.pendingCount -= queue.length;
      }
    } catch (error) {
      // Not expected (sendOne catches); without this an unexpected throw would be an unhandled rejection.
      logger.error({ ...logFields(key), error: this.options.errorText(error) }, `${name} outbox: sender stopped`);
      this.pendingCount -= queue.length;
      this.counts.failed += queue.length;
    } finally {
      this.backingOff.delete(key);
      this.queues.delete(key);
      if (this.pendingCount === 0) this.notifyIdle();
    }
  }

  private async sendOne(key: Key, item: Queued<Message, Address>, queue: Array<Queued<Message, Address>>): Promise<Outcome> {
    const { logger, name, logFields, errorText } = this.options;
    try {
      await this.options.send(item.to, item.message);
      this.counts.sent += 1;
      return { done: true };
    } catch (error) {
      const verdict = this.options.classify(error, item.to, key);
      if ('retryAfterMs' in verdict) return { done: false, retryAfterMs: verdict.retryAfterMs, error: errorText(error, item.to) };
      if ('gone' in verdict) {
        this.counts.failed += 1;
        const droppedAfter = this.dropRest(queue, 'failed');
        logger.info({ ...logFields(key), ...verdict.fields, droppedAfter }, `${name} outbox: ${verdict.gone}`);
        return { done: true };
      }
      if ('reason' in verdict) {
        this.counts[verdict.reason] += 1;
        const droppedAfter = verdict.dropRest ? this.dropRest(queue, verdict.reason) : 0;
        logger.warn({ ...logFields(key), ...verdict.fields, droppedAfter }, `${name} outbox: ${verdict.warning}`);
        return { done: true };
      }
      this.counts.failed += 1;
      const droppedAfter = verdict.dropRest ? this.dropRest(queue, 'failed') : 0;
      logger.error({ ...logFields(key), ...verdict.fields, error: errorText(error, item.to), droppedAfter }, `${name} outbox: message dropped`);
      return { done: true };
    }
  }

  /** Drops everything queued after the head (the caller accounts for the head); returns how many. */
  private dropRest(queue: Array<Queued<Message, Address>>, counter: 'failed' | Reason): number {
    const rest = queue.splice(1);
    this.counts[counter] += rest.length;
    this.pendingCount -= rest.length;
    return rest.length;
  }

  /** "Equal jitter" on base × 2^(failures-1), capped; never shorter than what the platform asked for. */
  private backoff(failures: number, retryAfterMs: number): number {
    return Math.max(retryAfterMs, backoffMs(this.retryBaseMs, this.retryMaxMs, Math.min(failures - 1, 30), this.random));
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
  private async waitForTurn(key: Key): Promise<void> {
    const last = this.lastSendAt.get(key);
    if (last !== undefined) await delay(last + this.options.perRecipientIntervalMs - performance.now());
    const now = performance.now();
    const slot = Math.max(now, this.nextGlobalSlot);
    this.nextGlobalSlot = slot + this.globalIntervalMs;
    await delay(slot - now);
  }

  private rememberSend(key: Key, at: number): void {
    this.lastSendAt.delete(key);
    this.lastSendAt.set(key, at);
    for (const [other, sentAt] of this.lastSendAt) {
      if (sentAt + this.options.perRecipientIntervalMs > at) break;
      this.lastSendAt.delete(other);
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
