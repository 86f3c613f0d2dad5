/**
 * The stores the application writes to: the database (or a temporary one when it cannot be opened), the
 * conversation stores and the volunteers' data (inbox, feedback, admin accounts, sessions, audit, review;
 * in PostgreSQL with DATABASE_URL, shared with the other instances), plus retention over them.
 */
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Health } from '../health';
import { openDatabase, openMemoryDatabase, type Db } from '../storage/database';
import { WriteGate } from '../storage/resilient-storage';
import { openConversationStores, type ConversationStores } from '../storage/conversation-stores';
import type { InboxStore } from '../storage/inbox-store';
import type { FeedbackStore } from '../storage/feedback-store';
import type { AppOptions } from './options';
import { openVolunteerStores, type VolunteerStores } from './volunteer-stores';
import { WriteRetries } from './write-retries';

export interface AppStorage {
  readonly db: Db;
  /** Every write to the database goes through it, so a locked database is skipped for a while, not waited on. */
  readonly writes: WriteGate;
  readonly stores: ConversationStores;
  readonly volunteers: VolunteerStores;
  readonly inbox: InboxStore;
  readonly feedback: FeedbackStore;
  /**
   * Runs a write of a turn's side effects (inbox, feedback) without making the turn wait for it; it goes
   * through the write gate and reports under `component` in /healthz, and shutdown waits for it. One
   * that fails waits in `retries` and is tried again.
   */
  background(component: string, write: () => Promise<unknown>): void;
  /** Resolves when the background writes started so far have been tried once. */
  settled(): Promise<void>;
  readonly retries: WriteRetries;
}

export async function openStorage(config: Config, options: AppOptions, health: Health, logger: Logger): Promise<AppStorage> {
  let db: Db;
  try {
    db = openDatabase(config.dataDir);
    health.ok('storage');
  } catch (err) {
    // Answering questions needs no database: run on a temporary one and say so in /healthz — under its
    // own component, which stays failed: writes to the temporary database succeed but keep nothing.
    health.failed('database', err);
    logger.error({ err }, 'cannot open the database; running with temporary in-memory storage');
    db = openMemoryDatabase();
  }
  const writes = new WriteGate(options.storage?.lockCoolDownMs ?? 2000);
  const stores = await openConversationStores({
    db,
    health,
    writes,
    userPerMinute: config.rateLimitUserPerMin,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.pseudonymSecret ? { secret: config.pseudonymSecret } : {}),
    ...(options.storage?.flushMs !== undefined ? { flushMs: options.storage.flushMs } : {}),
    logger,
  });
  let volunteers: VolunteerStores;
  try {
    volunteers = await openVolunteerStores({ db, ...(stores.pool ? { pool: stores.pool } : {}) });
  } catch (err) {
    await stores.close().catch(() => undefined);
    throw err;
  }
  const inFlight = new Set<Promise<unknown>>();
  const attempt = async (component: string, write: () => Promise<unknown>): Promise<boolean> =>
    (await guardAsync(health, component, async () => {
      await writes.runAsync(write);
      return true;
    })) ?? false;
  const retries = new WriteRetries(attempt, { logger });
  return {
    db,
    writes,
    stores,
    volunteers,
    inbox: volunteers.inbox,
    feedback: volunteers.feedback,
    retries,
    background(component, write) {
      const done = attempt(component, write)
        .then((written) => {
          if (!written) retries.add(component, write);
        })
        .finally(() => inFlight.delete(done));
      inFlight.add(done);
    },
    async settled() {
      await Promise.all([...inFlight]);
    },
  };
}

/** Deletes unanswered questions and idle conversation state past their retention periods. */
export function retention(config: Config, storage: AppStorage, health: Health): () => Promise<{ questions: number; states: number }> {
  const { writes, inbox, stores } = storage;
  return async () => {
    const questions = (await guardAsync(health, 'inbox', () => writes.runAsync(() => inbox.deleteOlderThan(config.retentionDays)))) ?? 0;
    const cutoff = Date.now() - config.stateRetentionDays * 86_400_000;
    const states = await stores.deleteIdle(cutoff).catch((err: unknown) => void health.failed('storage', err));
    return { questions, states: states ?? 0 };
  };
}

/** Runs a write and reports it under `component` in /healthz when it settles; a failed write is reported, not thrown. */
export async function guardAsync<T>(health: Health, component: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    const result = await fn();
    health.ok(component);
    return result;
  } catch (err) {
    health.failed(component, err);
    return undefined;
  }
}
