/**
 * How an instance learns that the knowledge folder changed, and how saves take turns. Alone (SQLite), a
 * save queues in the process and fs.watch catches edits by hand or a `git pull`. With DATABASE_URL,
 * instances share the folder: a save takes a lock in PostgreSQL and every other instance is told to
 * reload (NOTIFY, and a counter read every few seconds); fs.watch stays on for edits by hand, but is not
 * what keeps instances together — on a network file system it often sees nothing.
 */
import type { Health } from '../health';
import type { Logger } from '../logger';
import type { KnowledgeStore } from '../knowledge/knowledge-store';
import { LocalSaveLock, type KnowledgeSaveLock } from '../knowledge/save-lock';
import { watchDirectory } from '../knowledge/watch';
import { PostgresKnowledgeSync } from '../storage/postgres-knowledge-sync';
import type { PgPool } from '../storage/postgres';

export interface KnowledgeSync {
  readonly lock: KnowledgeSaveLock;
  /** Starts noticing changes made elsewhere: on disk, and (with PostgreSQL) by other instances. */
  start(knowledge: KnowledgeStore): void;
  close(): Promise<void>;
}

export interface KnowledgeSyncSetup {
  dir: string;
  /** The shared database, when there is one, and its address (the listener has a connection of its own). */
  shared?: { pool: PgPool; url: string };
  health: Health;
  logger: Logger;
  /** fs.watch on the folder (default on). */
  watch?: boolean;
  /** How often the shared counter is read (default 5 s). */
  pollMs?: number;
}

/** Opens the shared part before the knowledge is loaded, so a save made meanwhile is reloaded at start. */
export async function openKnowledgeSync(setup: KnowledgeSyncSetup): Promise<KnowledgeSync> {
  const { health, logger } = setup;
  let shared: PostgresKnowledgeSync | undefined;
  if (setup.shared) {
    let down = false;
    shared = await PostgresKnowledgeSync.open({
      ...setup.shared,
      ...(setup.pollMs !== undefined ? { pollMs: setup.pollMs } : {}),
      onStatus(err) {
        if (err === undefined) {
          if (down) logger.info('hearing of other instances’ knowledge saves again');
          down = false;
          health.ok('knowledgeSync');
          return;
        }
        if (!down) logger.warn({ err }, 'not hearing of other instances’ knowledge saves; trying again');
        down = true;
        health.failed('knowledgeSync', err);
      },
    });
  }
  let watcher: { close(): void } | undefined;
  return {
    lock: shared ?? new LocalSaveLock(),
    start(knowledge) {
      const reload = async (why: string) => {
        const r = await knowledge.reload().catch((err: unknown) => {
          logger.error({ err }, 'knowledge reload failed');
          return undefined;
        });
        if (r && !r.ok) logger.warn({ problems: r.problems.filter((p) => p.severity === 'error').length }, `${why} but has errors; keeping the previous knowledge`);
      };
      if (setup.watch ?? true) watcher = watchDirectory(setup.dir, () => void reload('knowledge changed on disk'));
      shared?.start(() => reload('another instance saved the knowledge'));
    },
    async close() {
      watcher?.close();
      await shared?.close();
    },
  };
}
