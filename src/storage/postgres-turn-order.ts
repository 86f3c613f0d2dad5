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
 * not stop the answer: the turn runs unordered and the failure goes to /healthz. Every statement here is
 * given up when the connection stops answering (`quick`), so a turn never waits for a lost network.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import type { TurnOrder } from '../bot/bot-runtime';
import { quick, type PostgresBreaker } from './postgres-breaker';

/** The first key of the two-key advisory locks taken here ("turn"); the migration lock uses the one-key form. */
const TURN_LOCKS = 0x7475726e;

const gotRow = z.object({ rows: z.array(z.object({ got: z.boolean() })) });

export interface PostgresTurnOrderOptions {
  /** Connections for held locks, per instance: at most this many people's turns run at once. Default 10. */
  connections?: number;
  /** How long a turn waits for the person's previous turn on another instance. Default 10 s. */
  waitMs?: number;
  onError?: (err: unknown) => void;
  /** Makes the pool of held locks, so that a database taken for gone is not waited for (postgres-breaker.ts). */
  breaker?: PostgresBreaker;
}

export class PostgresTurnOrder implements TurnOrder {
  private readonly pool: pg.Pool;
  private readonly waitMs: number;
  private readonly onError: (err: unknown) => void;

  constructor(url: string, options: PostgresTurnOrderOptions = {}) {
    const config = { connectionString: url, max: options.connections ?? 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 };
    this.pool = options.breaker ? options.breaker.pool(config) : new pg.Pool(config);
    // An idle connection the server dropped must not end the process; the next turn reconnects.
    this.pool.on('error', () => undefined);
    this.waitMs = options.waitMs ?? 10_000;
    this.onError = options.onError ?? (() => undefined);
  }

  async run<T>(person: string, turn: () => Promise<T>): Promise<T> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      await this.lock(client, lockKey(person));
    } catch (err) {
      this.onError(err);
      // Not given back for reuse: it may be a connection that stopped answering, and closing it ends
      // its transaction on the server.
      client?.release(err instanceof Error ? err : true);
      return turn();
    }
    try {
      return await turn();
    } finally {
      await end(client);
    }
  }

  /**
   * Most turns find the lock free: one quick round trip, which also finds out whether the connection
   * still answers. Only a lock another instance holds is waited for, up to `waitMs`.
   */
  private async lock(client: pg.PoolClient, key: number): Promise<void> {
    // The key is a number we computed, so it is written into the text, not bound.
    const tried = await client.query(
      quick(`BEGIN; SET LOCAL lock_timeout = ${Math.max(1, Math.round(this.waitMs))}; SELECT pg_try_advisory_xact_lock(${TURN_LOCKS}, ${key}) AS got`),
    );
    // Several statements in one query: pg answers with a result for each.
    const results: unknown = tried;
    const last = Array.isArray(results) ? results.at(-1) : results;
    if (gotRow.parse(last).rows[0]?.got) return;
    await client.query(quick(`SELECT pg_advisory_xact_lock(${TURN_LOCKS}, ${key})`, undefined, this.waitMs));
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
async function end(client: pg.PoolClient): Promise<void> {
  try {
    await client.query(quick('COMMIT'));
    client.release();
  } catch (err) {
    client.release(err instanceof Error ? err : true);
  }
}
