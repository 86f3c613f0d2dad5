/**
 * The port the shared outgoing queue (./shared-outbox.ts) works through: a table every instance takes
 * messages from (storage/postgres-outbox.ts). The store keeps each message sealed (it names a person and
 * holds the answer) and each recipient as a keyed digest; the channel validates what comes back.
 *
 * A message is queued, then taken (leased to one instance for a while), then leaving (its request may be
 * on its way), then finished (deleted) or put back to be tried again later. Only the oldest message of a
 * recipient can be taken, and only once the recipient's spacing has passed, so order and per-recipient
 * pacing hold whichever instances send.
 */
export interface OutboxLimits {
  /** The latest time (ms since the epoch) the messages may still be sent; later they are dropped unsent. */
  sendBy?: number;
  /** Beyond these the reply is refused whole: messages waiting for this recipient, and for everyone. */
  maxPerRecipient: number;
  maxPending: number;
}

export interface OutboxPacing {
  /** How long a taken message stays this instance's before another may take it (or, if it was leaving, drop it). */
  leaseMs: number;
  /** Spacing of sends over everyone, across instances; 0 = none. */
  globalIntervalMs: number;
}

export interface TakenMessage {
  id: string;
  /** The recipient's digest, as the store keeps it. */
  recipient: string;
  /** What `add` was given, opened; undefined when it cannot be opened (sealed under another secret, damaged). */
  item: unknown;
  /** Passing failures so far, on any instance. */
  failures: number;
  sendBy?: number;
  /** This instance's claim; every later call about the message names it. */
  lease: string;
  /** How long to wait for the global slot reserved for this message before sending it. */
  waitMs: number;
}

export interface OutboxStore {
  /** Queues a reply's messages in order, or none when a limit is passed. */
  add(channel: string, recipient: string, items: readonly unknown[], limits: OutboxLimits): Promise<'added' | 'recipientFull' | 'full'>;
  /** Takes the next message that may leave now, with a global slot reserved for it; undefined when none. */
  take(channel: string, pacing: OutboxPacing): Promise<TakenMessage | undefined>;
  /** Marks it as leaving, just before the request; false when the lease was lost (do not send). */
  leaving(channel: string, taken: TakenMessage, leaseMs: number): Promise<boolean>;
  /**
   * Sent, or given up: deletes it, and with `dropRest` everything queued after it for the recipient (how
   * many is returned). The recipient's next message may be taken `spacingMs` from now.
   */
  finish(channel: string, taken: TakenMessage, outcome: { dropRest: boolean; spacingMs: number }): Promise<number>;
  /** Surely not delivered: back in the queue, to be taken again (by any instance) after `delayMs`. */
  retry(channel: string, taken: TakenMessage, outcome: { delayMs: number; spacingMs: number }): Promise<void>;
  /** Not sent after all (shutting down): back in the queue at once. */
  release(channel: string, taken: TakenMessage): Promise<void>;
  /**
   * Deletes messages whose instance stopped while they were leaving (their lease ran out): they may have
   * arrived, and are never sent twice. Returns how many.
   */
  dropAbandoned(channel: string): Promise<number>;
  /** Milliseconds until a message may be taken (0: now); undefined when nothing is queued. */
  nextDue(channel: string): Promise<number | undefined>;
  /** Messages queued, and recipients whose next message waits to be tried again. */
  counts(channel: string): Promise<{ pending: number; retrying: number }>;
}
