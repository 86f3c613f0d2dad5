/**
 * The stores the application writes to: the database (or a temporary one when it cannot be opened), the
 * conversation stores, the volunteers' inbox and the feedback, plus retention over them.
 */
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Health } from '../health';
import { openDatabase, openMemoryDatabase, type Db } from '../storage/database';
import { WriteGate } from '../storage/resilient-storage';
import { openConversationStores, type ConversationStores } from '../storage/conversation-stores';
import { InboxStore } from '../storage/inbox-store';
import { FeedbackStore } from '../storage/feedback-store';
import type { AppOptions } from './options';

export interface AppStorage {
  readonly db: Db;
  /** Every write to the database goes through it, so a locked database is skipped for a while, not waited on. */
  readonly writes: WriteGate;
  readonly stores: ConversationStores;
  readonly inbox: InboxStore;
  readonly feedback: FeedbackStore;
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
    ...(options.storage?.flushMs !== undefined ? { flushMs: options.storage.flushMs } : {}),
  });
  return { db, writes, stores, inbox: new InboxStore(db), feedback: new FeedbackStore(db) };
}

/** Deletes unanswered questions and idle conversation state past their retention periods. */
export function retention(config: Config, storage: AppStorage, health: Health): () => Promise<{ questions: number; states: number }> {
  const { writes, inbox, stores } = storage;
  return async () => {
    const questions = guard(health, 'inbox', () => writes.run(() => inbox.deleteOlderThan(config.retentionDays))) ?? 0;
    const cutoff = Date.now() - config.stateRetentionDays * 86_400_000;
    const states = await stores.deleteIdle(cutoff).catch((err: unknown) => void health.failed('storage', err));
    return { questions, states: states ?? 0 };
  };
}

/** Runs a write and reports it under `component` in /healthz; a failed write is reported, not thrown. */
export function guard<T>(health: Health, component: string, fn: () => T): T | undefined {
  try {
    const result = fn();
    health.ok(component);
    return result;
  } catch (err) {
    health.failed(component, err);
    return undefined;
  }
}
