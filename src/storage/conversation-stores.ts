/**
 * What a conversation turn keeps between messages, chosen by the configuration: conversation state,
 * the per-person rate limit and (on PostgreSQL) the update ids seen and the order of a person's turns.
 * On the embedded SQLite file one process owns them: state is cached and written behind, limits and
 * dedupe live in memory, turns are ordered in memory. With DATABASE_URL they live in PostgreSQL and every
 * instance sees the same: no cache of state, a token bucket per person, one row per update id, and an
 * advisory lock per person around each turn.
 */
import { RateLimiter, type PersonLimiter } from '../rate-limiter';
import { RecentIds, type UpdateDedupe } from '../channels/dedupe';
import type { Db } from './database';
import type { StateStore } from './state-port';
import type { HealthSink, WriteGate } from './resilient-storage';
import { SqliteStateStore } from './sqlite-state';
import { WriteBehindStateStore } from './write-behind-storage';
import { openPostgres, type PgPool } from './postgres';
import { PostgresBreaker } from './postgres-breaker';
import { PostgresStateStore } from './postgres-state';
import { PostgresRateLimiter } from './postgres-rate-limiter';
import { PostgresDedupe } from './postgres-dedupe';
import { PostgresTurnOrder } from './postgres-turn-order';
import { migrateOutbox, PostgresOutboxStore } from './postgres-outbox';
import type { OutboxStore } from '../channels/outbox-store';
import type { TurnOrder } from '../bot/bot-runtime';
import type { Logger } from '../logger';

export interface ConversationStores {
  readonly kind: 'sqlite' | 'postgres';
  readonly state: StateStore;
  /** True when a state write reaches the database at once, so it proves the storage well. */
  readonly writesReachDatabase: boolean;
  readonly userLimiter: PersonLimiter;
  /** Update ids seen by any instance; undefined when each instance's own memory is all there is. */
  readonly sharedDedupe?: UpdateDedupe;
  /** Orders a person's turns across instances; undefined when this process is the only one. */
  readonly turnOrder?: TurnOrder;
  /** The messengers' outgoing queue shared by the instances; undefined: each channel queues in memory. */
  readonly outbox?: OutboxStore;
  readonly pool?: PgPool;
  pendingWrites(): number;
  /** Writes what waits in memory (shutdown). */
  flush(): Promise<void>;
  /** Deletes state idle since `cutoff` and expired dedupe keys and idle buckets; returns the states deleted. */
  deleteIdle(cutoff: number): Promise<number>;
  close(): Promise<void>;
}

export interface StoresOptions {
  databaseUrl?: string;
  db: Db;
  health: HealthSink;
  writes: WriteGate;
  userPerMinute: number;
  flushMs?: number;
  /** The server secret (PSEUDONYM_SECRET): the shared outgoing queue is sealed with a key derived from it. */
  secret?: string;
  /** Says when PostgreSQL stops answering and when it is back. */
  logger?: Logger;
}

/** Telegram and WhatsApp stop redelivering within a day, Viber within hours. */
const SEEN_UPDATE_TTL_MS = 24 * 60 * 60 * 1000;

export async function openConversationStores(options: StoresOptions): Promise<ConversationStores> {
  const { health, writes } = options;
  const local = new RateLimiter(options.userPerMinute);
  if (!options.databaseUrl) {
    const sqlite = new SqliteStateStore(options.db);
    const state = new WriteBehindStateStore(sqlite, {
      flushMs: options.flushMs ?? 200,
      runBatch: (write) => writes.run(write),
      onFlush: (err) => (err === undefined ? health.ok('storage') : health.failed('storage', err)),
    });
    return {
      kind: 'sqlite',
      state,
      writesReachDatabase: false,
      userLimiter: local,
      pendingWrites: () => state.pending,
      flush: () => state.flush(),
      async deleteIdle(cutoff) {
        await state.deleteIdleSince(cutoff);
        return writes.run(() => sqlite.deleteIdleSinceSync(cutoff));
      },
      close: async () => undefined,
    };
  }
  // Both pools skip the database for a while once it stops answering, rather than each call waiting.
  const breaker = new PostgresBreaker({
    url: options.databaseUrl,
    onDown: (err) => {
      health.failed('postgres', err);
      options.logger?.warn({ err }, 'PostgreSQL does not answer: going on without it, trying it again every 2 s');
    },
    onUp: () => {
      health.ok('postgres');
      options.logger?.info('PostgreSQL answers again');
    },
  });
  // Start-up fails when the shared database cannot be reached: running alone on a private store would
  // split the instances silently.
  const pool = await openPostgres(options.databaseUrl, { breaker }).catch((err: unknown) => {
    breaker.close();
    throw err;
  });
  health.ok('postgres');
  const outbox = options.secret ? new PostgresOutboxStore(pool, options.secret) : undefined;
  if (outbox) {
    await migrateOutbox(pool).catch(async (err: unknown) => {
      breaker.close();
      await pool.end().catch(() => undefined);
      throw err;
    });
  }
  const report = (component: string) => (err: unknown) => health.failed(component, err);
  const dedupe = new PostgresDedupe(pool, SEEN_UPDATE_TTL_MS, new RecentIds({ ttlMs: SEEN_UPDATE_TTL_MS, maxEntries: 100_000 }), report('dedupe'));
  const limiter = new PostgresRateLimiter(pool, options.userPerMinute, local, report('rateLimits'));
  const turnOrder = new PostgresTurnOrder(options.databaseUrl, { onError: report('turnOrder'), breaker });
  return {
    kind: 'postgres',
    state: new PostgresStateStore(pool),
    writesReachDatabase: true,
    userLimiter: limiter,
    sharedDedupe: dedupe,
    turnOrder,
    ...(outbox ? { outbox } : {}),
    pool,
    pendingWrites: () => 0,
    flush: async () => undefined,
    async deleteIdle(cutoff) {
      const [states] = await Promise.all([new PostgresStateStore(pool).deleteIdleSince(cutoff), dedupe.deleteExpired(), limiter.deleteIdle(), outbox?.deleteIdle()]);
      return states;
    },
    close: async () => {
      breaker.close();
      await Promise.all([pool.end(), turnOrder.close()]);
    },
  };
}
