/**
 * The outgoing queue in this process's memory, every messenger channel's default (with DATABASE_URL the
 * channels use the queue in PostgreSQL instead, ./shared-outbox.ts). A turn hands over its rendered
 * messages and returns at once; the outbox sends them in order per person, paced per person and overall.
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
import {
  delay,
  emptyCounts,
  judge,
  logsFailure,
  refusalText,
  retryDelay,
  type Counter,
  type OutboxOptions,
  type OutboxStats,
  type ReplyQueue,
} from './outbox-policy';

export {
  OUTBOX_RETRY_DEFAULTS,
  type OutboxOptions,
  type OutboxRetryOptions,
  type OutboxStats,
  type ReplyQueue,
  type SendVerdict,
  type Unreachable,
} from './outbox-policy';

interface Queued<Message, Address> {
  to: Address;
  message: Message;
}

type Outcome = { done: true } | { done: false; retryAfterMs: number; error: string };

export abstract class Outbox<Message, Address, Key = string, Reason extends string = never> implements ReplyQueue<Message, Address, Key, Reason> {
  private readonly options: OutboxOptions<Message, Address, Key, Reason>;
  private readonly globalIntervalMs: number;
  private readonly maxPending: number;
  private readonly maxPerRecipient: number;

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
    this.counts = emptyCounts(options.reasons);
  }

  add(key: Key, to: Address, messages: readonly Message[]): Promise<boolean> {
    return Promise.resolve(this.enqueueFor(key, to, messages));
  }

  /** Nothing to pick up: a queue in memory starts empty. */
  start(): void {}

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
        refusalText(name, this.options.queueOwner, this.closed ? 'closed' : personFull ? 'recipientFull' : 'full'),
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
            const delayMs = retryDelay(this.options.retry, failures, outcome.retryAfterMs);
            if (logsFailure(failures)) {
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
    try {
      await this.options.send(item.to, item.message);
      this.counts.sent += 1;
      return { done: true };
    } catch (error) {
      const judged = judge(this.options, error, item.to, key);
      if (judged.retry) return { done: false, retryAfterMs: judged.retryAfterMs, error: judged.error };
      this.counts[judged.counter] += 1;
      const droppedAfter = judged.dropRest ? this.dropRest(queue, judged.counter) : 0;
      this.options.logger[judged.level]({ ...this.options.logFields(key), ...judged.fields, droppedAfter }, judged.text);
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
