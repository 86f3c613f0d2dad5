/**
 * What both outgoing queues share — the one in this process's memory (./outbox.ts, the default) and the
 * one in PostgreSQL that every instance works from (./shared-outbox.ts): the platform's rules a channel
 * passes in, the counters, how a failed send is judged and said in the log, and the backoff.
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
  /** Checked as a reply is queued and (in memory) before every try. */
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

/** A channel's outgoing queue, whichever kind: what the channel and the application use. */
export interface ReplyQueue<Message, Address, Key, Reason extends string = never> {
  /**
   * Queues the messages of one reply to a person, whole or not at all; false (and logged) when refused.
   * Never rejects.
   */
  add(key: Key, to: Address, messages: readonly Message[]): Promise<boolean>;
  /** Starts sending what earlier runs or other instances left queued (a no-op in memory). */
  start(): void;
  /** Messages waiting or in flight. */
  pending(): number;
  stats(): OutboxStats & Record<Reason, number>;
  /** Sends what it can within `timeoutMs`, then stops; true when nothing was left unsent. */
  drain(timeoutMs: number): Promise<boolean>;
}

export type Counter<Reason extends string> = 'sent' | 'failed' | 'rejected' | 'retries' | Reason;

export function emptyCounts<Reason extends string>(reasons: readonly Reason[] = []): Record<Counter<Reason>, number> {
  const own = Object.fromEntries(reasons.map((reason) => [reason, 0]));
  return { sent: 0, failed: 0, rejected: 0, ...own, retries: 0 } as Record<Counter<Reason>, number>;
}

/** Why a reply was refused as it was queued. */
export type Refusal = 'closed' | 'recipientFull' | 'full';

export function refusalText(name: string, queueOwner: 'chat' | 'person', refusal: Refusal): string {
  switch (refusal) {
    case 'closed':
      return `${name} outbox: closed for shutdown, reply not sent`;
    case 'recipientFull':
      return `${name} outbox: this ${queueOwner}'s queue is full, reply not sent`;
    case 'full':
      return `${name} outbox: full, reply not sent`;
  }
}

/** What becomes of a message whose send failed, and what the log says. */
export type Judgement<Reason extends string> =
  | { retry: true; retryAfterMs: number; error: string }
  | {
      retry: false;
      /** Counts this message, and what `dropRest` drops after it. */
      counter: 'failed' | Reason;
      dropRest: boolean;
      level: 'info' | 'warn' | 'error';
      text: string;
      fields: Record<string, unknown>;
    };

/** Turns the platform's verdict on a failed send into what both queues do with it. */
export function judge<Message, Address, Key, Reason extends string>(
  options: OutboxOptions<Message, Address, Key, Reason>,
  error: unknown,
  to: Address,
  key: Key,
): Judgement<Reason> {
  const { name, errorText } = options;
  const verdict = options.classify(error, to, key);
  if ('retryAfterMs' in verdict) return { retry: true, retryAfterMs: verdict.retryAfterMs, error: errorText(error, to) };
  if ('gone' in verdict) return { retry: false, counter: 'failed', dropRest: true, level: 'info', text: `${name} outbox: ${verdict.gone}`, fields: { ...verdict.fields } };
  if ('reason' in verdict) {
    return { retry: false, counter: verdict.reason, dropRest: verdict.dropRest, level: 'warn', text: `${name} outbox: ${verdict.warning}`, fields: { ...verdict.fields } };
  }
  return { retry: false, counter: 'failed', dropRest: verdict.dropRest, level: 'error', text: `${name} outbox: message dropped`, fields: { ...verdict.fields, error: errorText(error, to) } };
}

/** The wait before another try: "equal jitter" on base × 2^(failures-1), capped; never shorter than the platform asked. */
export function retryDelay(retry: OutboxRetryOptions | undefined, failures: number, retryAfterMs: number): number {
  const base = retry?.baseMs ?? OUTBOX_RETRY_DEFAULTS.baseMs;
  const max = retry?.maxMs ?? OUTBOX_RETRY_DEFAULTS.maxMs;
  return Math.max(retryAfterMs, backoffMs(base, max, Math.min(failures - 1, 30), retry?.random ?? Math.random));
}

/** Whether a passing failure is worth a log line: the first few, then every tenth. */
export function logsFailure(failures: number): boolean {
  return failures <= 3 || failures % 10 === 0;
}

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
