/**
 * One turn at a time per person across every instance: two messages of one person that reach instances A
 * and B at the same moment are handled one after the other, so the second reads the state the first
 * saved (within one instance the channel adapter already queues them).
 *
 * A turn runs inside a transaction that holds `pg_advisory_xact_lock` on a hash of the person's
 * pseudonymous key; PostgreSQL queues the waiters and frees the lock when the transaction ends — also
 * when an instance dies mid-turn, since its connection goes with it. The locks take connections from a
 * pool of their own: a turn holds one while its reads and writes use the shared pool, so a full lock pool
 * only makes turns wait, it cannot starve them of the connection they need to finish.
 *
 * A lock that cannot be had (the database unreachable, or held past `waitMs` by a turn that hangs) does
 * not stop the answer: the turn runs unordered and the failure goes to /healthz.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { TurnOrder } from '../bot/bot-runtime';

/** The first key of the two-key advisory locks taken here ("turn"); the migration lock uses the one-key form. */
const TURN_LOCKS = 0x7475726e;

export interface PostgresTurnOrderOptions {
  /** Connections for held locks, per instance: at most this many people's turns run at once. Default 10. */
  connections?: number;
  /** How long a turn waits for the person's previous turn on another instance. Default 10 s. */
  waitMs?: number;
  onError?: (err: unknown) => void;
}

export class PostgresTurnOrder implements TurnOrder {
  private readonly pool: pg.Pool;
  private readonly waitMs: number;
  private readonly onError: (err: unknown) => void;

  constructor(url: string, options: PostgresTurnOrderOptions = {}) {
    this.pool = new pg.Pool({ connectionString: url, max: options.connections ?? 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
    // An idle connection the server dropped must not end the process; the next turn reconnects.
    this.pool.on('error', () => undefined);
    this.waitMs = options.waitMs ?? 10_000;
    this.onError = options.onError ?? (() => undefined);
  }

  async run<T>(person: string, turn: () => Promise<T>): Promise<T> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      // One round trip; the key is a number we computed, so it is written into the text, not bound.
      await client.query(`BEGIN; SET LOCAL lock_timeout = ${Math.max(1, Math.round(this.waitMs))}; SELECT pg_advisory_xact_lock(${TURN_LOCKS}, ${lockKey(person)})`);
    } catch (err) {
      this.onError(err);
      if (client) await end(client, 'ROLLBACK');
      return turn();
    }
    try {
      return await turn();
    } finally {
      await end(client, 'COMMIT');
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** A signed 32-bit number from the key: two people sharing one only wait for each other now and then. */
function lockKey(person: string): number {
  return createHash('sha256').update(person).digest().readInt32BE(0);
}

/** Ends the transaction (freeing the lock) and returns the connection; a broken one is thrown away. */
async function end(client: pg.PoolClient, statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  try {
    await client.query(statement);
    client.release();
  } catch (err) {
    client.release(err instanceof Error ? err : true);
  }
}
