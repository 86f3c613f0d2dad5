/**
 * The outgoing queue shared by every instance (with DATABASE_URL): a reply is written to the database
 * before anything is sent, and workers on any instance take messages from there (./outbox-store.ts), in
 * order per person, spaced per person and paced overall across all instances, by the same platform rules
 * as the queue in memory (./outbox-policy.ts).
 *
 * What survives what:
 * - Queued replies survive a restart, and an instance that dies: another instance (or the next start)
 *   sends them.
 * - A message an instance had taken but not begun to send goes back to the others when its lease runs out.
 * - A message whose request may have left when its instance died is never sent again (at most once):
 *   Telegram, WhatsApp and Viber take no idempotency key, so a second try could deliver it twice. Such
 *   messages are dropped when their lease runs out, counted and logged.
 * - A passing failure (the platform down, 5xx, a rate limit) puts the message back with a backoff any
 *   instance honours; the platform's Retry-After holds for all.
 *
 * If the database cannot take a reply, it goes to this instance's queue in memory instead (`fallback`),
 * so the person is answered all the same; the failure shows in /healthz.
 */
import type { OutboxStore, TakenMessage } from './outbox-store';
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
  type Unreachable,
} from './outbox-policy';

/** What the application gives a channel to share its queue: the store, and where its failures go. */
export interface SharedQueue {
  store: OutboxStore;
  /** Messages this instance sends at once (each waits for its answer). Default 8. */
  workers?: number;
  /** How long a taken message is this instance's. Longer than a send can take. Default 60 s. */
  leaseMs?: number;
  /** How often an idle instance looks for messages others left (a dead instance's, or after a restart). Default 1 s. */
  pollMs?: number;
  onError?: (err: unknown) => void;
  onOk?: () => void;
}

export interface SharedOutboxOptions<Message, Address, Key, Reason extends string> extends SharedQueue {
  /** Reads back a queued `{key, to, message}` (zod); undefined when it is not one of this channel's. */
  read: (item: unknown) => { key: Key; to: Address; message: Message } | undefined;
  /** The recipient as text, for per-recipient order and spacing (the store keeps a keyed digest of it). */
  recipient: (key: Key) => string;
  /** A time after which queued messages must not be sent (WhatsApp's window), and what to count then. */
  deadline?: { at: (key: Key) => number | undefined; missed: Unreachable<Reason> };
  /** This instance's queue in memory, for replies the database cannot take. */
  fallback: ReplyQueue<Message, Address, Key, Reason>;
}

export class SharedOutbox<Message, Address, Key, Reason extends string = never> implements ReplyQueue<Message, Address, Key, Reason> {
  private readonly counts: Record<Counter<Reason>, number>;
  private readonly workers: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly globalIntervalMs: number;
  private readonly shared = { pending: 0, retrying: 0 };
  private readonly running: Array<Promise<void>> = [];
  private sleepers = new Set<() => void>();
  private drainDeadline: number | undefined;
  private stopped = false;
  private lastSweep = 0;
  /** Whether a worker already sleeps until the next message comes due. */
  private waitingForDue = false;

  constructor(
    private readonly policy: OutboxOptions<Message, Address, Key, Reason>,
    private readonly options: SharedOutboxOptions<Message, Address, Key, Reason>,
  ) {
    this.counts = emptyCounts(policy.reasons);
    this.workers = options.workers ?? 8;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 1000;
    this.globalIntervalMs = policy.globalPerSecond > 0 ? 1000 / policy.globalPerSecond : 0;
  }

  async add(key: Key, to: Address, messages: readonly Message[]): Promise<boolean> {
    if (messages.length === 0) return true;
    const { logger, name, logFields } = this.policy;
    const unreachable = this.policy.unreachable?.(key);
    if (unreachable) {
      this.counts[unreachable.reason] += messages.length;
      logger.warn({ ...logFields(key), messages: messages.length }, `${name} outbox: ${unreachable.refused}`);
      return false;
    }
    const sendBy = this.options.deadline?.at(key);
    let added: 'added' | 'recipientFull' | 'full';
    try {
      added = await this.options.store.add(name, this.options.recipient(key), messages.map((message) => ({ key, to, message })), {
        ...(sendBy !== undefined ? { sendBy } : {}),
        maxPerRecipient: this.policy.maxPerRecipient ?? 50,
        maxPending: this.policy.maxPending ?? 1000,
      });
      this.options.onOk?.();
    } catch (err) {
      this.options.onError?.(err);
      logger.warn({ ...logFields(key), messages: messages.length }, `${name} outbox: the shared queue cannot be written; this instance sends the reply itself`);
      return this.options.fallback.add(key, to, messages);
    }
    if (added !== 'added') {
      this.counts.rejected += messages.length;
      logger.error({ ...logFields(key), messages: messages.length, pending: this.shared.pending }, refusalText(name, this.policy.queueOwner, added));
      return false;
    }
    this.shared.pending += messages.length;
    this.wakeOne();
    return true;
  }

  /** Starts the workers; they also pick up what a stopped instance or an earlier run left. */
  start(): void {
    if (this.running.length > 0 || this.stopped) return;
    for (let k = 0; k < this.workers; k++) this.running.push(this.work());
  }

  pending(): number {
    return this.shared.pending + this.options.fallback.pending();
  }

  stats(): OutboxStats & Record<Reason, number> {
    const local = this.options.fallback.stats();
    const own = Object.fromEntries((this.policy.reasons ?? []).map((reason) => [reason, this.counts[reason] + local[reason]])) as Record<Reason, number>;
    return {
      ...own,
      sent: this.counts.sent + local.sent,
      failed: this.counts.failed + local.failed,
      rejected: this.counts.rejected + local.rejected,
      retries: this.counts.retries + local.retries,
      pending: this.pending(),
      retrying: this.shared.retrying + local.retrying,
    };
  }

  /**
   * Sends what becomes due within `timeoutMs` (this instance's and others'), then stops. What is left stays
   * queued for the other instances or the next start. True when the queue was empty at the end.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    this.drainDeadline = Date.now() + timeoutMs;
    this.wakeAll();
    const local = this.options.fallback.drain(timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const stoppedInTime = await Promise.race([
      Promise.all(this.running).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    this.stopped = true;
    this.wakeAll();
    if (!stoppedInTime) this.policy.logger.warn({ pending: this.shared.pending }, `${this.policy.name} outbox: shutdown before every due message was sent; the rest stays queued`);
    await this.refreshCounts();
    return (await local) && stoppedInTime && this.shared.pending === 0;
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      let taken: TakenMessage | undefined;
      try {
        await this.sweep();
        taken = await this.options.store.take(this.policy.name, { leaseMs: this.leaseMs, globalIntervalMs: this.globalIntervalMs });
        this.options.onOk?.();
      } catch (err) {
        if (this.stopped) return;
        this.options.onError?.(err);
        await this.sleep(this.pollMs);
        continue;
      }
      if (taken) {
        // There may be more: another worker looks too, and so on while they find some.
        this.wakeOne();
        await this.deliver(taken).catch((err: unknown) => this.options.onError?.(err));
      } else if (await this.idle()) return;
    }
  }

  /** Once a poll interval, on one worker: drops what a stopped instance was sending, and reads the queue's size. */
  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < this.pollMs) return;
    this.lastSweep = Date.now();
    const channel = this.policy.name;
    const dropped = await this.options.store.dropAbandoned(channel);
    if (dropped > 0) {
      this.counts.failed += dropped;
      this.policy.logger.warn({ dropped }, `${channel} outbox: an instance stopped while sending; those messages may have arrived and are not sent again`);
    }
    await this.refreshCounts();
  }

  /** Nothing to take now: waits until something is due, a reply is queued here, or the next look. True: stop. */
  private async idle(): Promise<boolean> {
    let due: number | undefined = this.pollMs;
    try {
      due = await this.options.store.nextDue(this.policy.name);
    } catch (err) {
      if (this.stopped) return true;
      this.options.onError?.(err);
    }
    if (this.drainDeadline !== undefined && (due === undefined || Date.now() + due > this.drainDeadline)) return true;
    // One worker waits for the next message to come due; the others for the next look, or to be woken.
    if (this.waitingForDue) {
      await this.sleep(this.pollMs);
    } else {
      this.waitingForDue = true;
      await this.sleep(Math.min(due ?? this.pollMs, this.pollMs));
      this.waitingForDue = false;
    }
    return false;
  }

  private async deliver(taken: TakenMessage): Promise<void> {
    const { store } = this.options;
    const { logger, name, logFields } = this.policy;
    const item = this.options.read(taken.item);
    if (!item) {
      await this.finish(taken, { dropRest: false, spacingMs: 0 }, 'failed');
      logger.error({ id: taken.id }, `${name} outbox: a queued message cannot be read (sealed with another PSEUDONYM_SECRET, or damaged); dropped`);
      return;
    }
    const { key, to, message } = item;
    const missed = this.options.deadline?.missed;
    if (missed && taken.sendBy !== undefined && taken.sendBy <= Date.now()) {
      const dropped = 1 + (await this.finish(taken, { dropRest: true, spacingMs: 0 }, missed.reason));
      logger.warn({ ...logFields(key), dropped }, `${name} outbox: ${missed.dropped}`);
      return;
    }
    await delay(taken.waitMs);
    if (this.stopped) return store.release(name, taken);
    // Past this point the request may leave: if this instance dies, the message is not sent again.
    if (!(await store.leaving(name, taken, this.leaseMs))) return;
    const spacingMs = this.policy.perRecipientIntervalMs;
    try {
      await this.policy.send(to, message);
    } catch (error) {
      const judged = judge(this.policy, error, to, key);
      if (judged.retry) {
        const failures = taken.failures + 1;
        const delayMs = retryDelay(this.policy.retry, failures, judged.retryAfterMs);
        this.counts.retries += 1;
        if (logsFailure(failures)) logger.warn({ ...logFields(key), failures, delayMs, error: judged.error }, `${name} outbox: send failed for now; will try again`);
        await store.retry(name, taken, { delayMs, spacingMs });
        return;
      }
      const droppedAfter = await this.finish(taken, { dropRest: judged.dropRest, spacingMs }, judged.counter);
      logger[judged.level]({ ...logFields(key), ...judged.fields, droppedAfter }, judged.text);
      return;
    }
    await this.finish(taken, { dropRest: false, spacingMs }, 'sent');
  }

  /** Ends a taken message in the store and counts it (and what is dropped after it) under `counter`. */
  private async finish(taken: TakenMessage, outcome: { dropRest: boolean; spacingMs: number }, counter: Counter<Reason>): Promise<number> {
    // Counted first: the message is sent or given up whether or not the store hears of it now (if not,
    // its lease runs out while leaving and it is dropped, never sent twice).
    this.counts[counter] += 1;
    const droppedAfter = await this.options.store.finish(this.policy.name, taken, outcome);
    this.counts[counter] += droppedAfter;
    this.shared.pending = Math.max(0, this.shared.pending - 1 - droppedAfter);
    return droppedAfter;
  }

  private async refreshCounts(): Promise<void> {
    try {
      Object.assign(this.shared, await this.options.store.counts(this.policy.name));
    } catch (err) {
      this.options.onError?.(err);
    }
  }

  /** Waits `ms`, or less when a reply is queued here or the outbox drains or stops. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private wakeOne(): void {
    const [first] = this.sleepers;
    first?.();
  }

  private wakeAll(): void {
    const sleepers = this.sleepers;
    this.sleepers = new Set();
    for (const wake of sleepers) wake();
  }
}

/** A channel's queue: in this process's memory, or, when `shared` is given, in the database with the memory one as its fallback. */
export function replyQueue<Message, Address, Key, Reason extends string>(
  policy: OutboxOptions<Message, Address, Key, Reason>,
  memory: ReplyQueue<Message, Address, Key, Reason>,
  shared: SharedQueue | undefined,
  reading: Pick<SharedOutboxOptions<Message, Address, Key, Reason>, 'read' | 'recipient' | 'deadline'>,
): ReplyQueue<Message, Address, Key, Reason> {
  return shared ? new SharedOutbox(policy, { ...shared, ...reading, fallback: memory }) : memory;
}
