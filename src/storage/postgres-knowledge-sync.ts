/**
 * Instances that share one knowledge folder (a volume) and one PostgreSQL act as one for the volunteers'
 * saves:
 *
 * - the lock: a save's read-check-write runs inside a transaction that holds an advisory lock, so two
 *   saves on two instances cannot both pass the version check and the later silently undo the earlier;
 *   the lock goes with the transaction, so an instance that dies or hangs mid-save frees it (the server
 *   ends a transaction left idle longer than `holdTimeoutMs`). Right before it replaces the file a save
 *   asks the lock's connection (`stillHeld`): one whose connection has ended is refused with nothing
 *   written, as another instance may have saved the entry meanwhile;
 * - the reload: as soon as a save has written its file, it bumps the one-row `knowledge_version` (a
 *   counter and the instance that saved) and sends NOTIFY in one statement, still under the lock, so the
 *   other instances reload while this one does. Every instance LISTENs; as fs.watch misses changes on
 *   network file systems and a notice is lost while a connection is down, each instance also reads the
 *   counter every `pollMs`.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { LocalSaveLock, SaveLockLost, type KnowledgeSaveLock, type SaveTurn } from '../knowledge/save-lock';
import { migratePostgres, type PgPool } from './postgres';
import { PostgresListener } from './postgres-listener';

const CHANNEL = 'knowledge_saved';
/** A fixed number: the advisory lock every save of the knowledge takes. */
const SAVE_LOCK = 0x6b6e6f77; // "know"
/** How long a save waits for the lock's connection to answer before it gives up on writing. */
const STILL_HELD_TIMEOUT_MS = 5000;

const MIGRATIONS: readonly string[] = [
  // 1: one row: how many saves there have been, and which instance made the last.
  `CREATE TABLE knowledge_version (
     id BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
     version BIGINT NOT NULL,
     instance TEXT NOT NULL,
     saved_at BIGINT NOT NULL
   );
   INSERT INTO knowledge_version (id, version, instance, saved_at) VALUES (TRUE, 0, '', 0);`,
];

const versionRow = z.object({ version: z.coerce.number().int().nonnegative() });
const notice = z.object({ version: z.number().int().nonnegative(), instance: z.string() });

export interface KnowledgeSyncOptions {
  pool: PgPool;
  /** For the listening connection, which is not taken from the pool. */
  url: string;
  /** Names this instance in the version row: host, process and a random part (no personal data). */
  instance?: string;
  /** How often the counter is read in case a notice was missed (default 5 s). */
  pollMs?: number;
  /** How long a save waits for another instance's save before it fails (default 15 s). */
  lockTimeoutMs?: number;
  /** A save that holds the lock and does nothing this long is ended by the server (default 60 s). */
  holdTimeoutMs?: number;
  listenerBackoff?: { baseMs?: number; maxMs?: number };
  /** Whether this instance hears of other instances' saves; called on each change, with the cause when not. */
  onStatus?(err?: unknown): void;
}

export class PostgresKnowledgeSync implements KnowledgeSaveLock {
  readonly instance: string;
  private readonly local = new LocalSaveLock();
  private readonly listener: PostgresListener;
  private reload: (() => Promise<unknown>) | undefined;
  private seen: number;
  private pollTimer: NodeJS.Timeout | undefined;
  /** A save whose notice could not be sent: sent again by the next poll. */
  private unannounced = false;
  private running: Promise<void> = Promise.resolve();
  private waiting: Promise<void> | undefined;

  private constructor(
    private readonly options: KnowledgeSyncOptions,
    baseline: number,
  ) {
    this.instance = options.instance ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.seen = baseline;
    this.listener = new PostgresListener({
      url: options.url,
      channel: CHANNEL,
      applicationName: 'prykhystok knowledge listener',
      onNotify: (payload) => this.onNotice(payload),
      onListening: () => {
        options.onStatus?.();
        void this.poll();
      },
      onDown: (err) => options.onStatus?.(err),
      ...(options.listenerBackoff ? { backoff: options.listenerBackoff } : {}),
    });
  }

  /**
   * Creates the table if needed and reads the counter. Open it before the knowledge is loaded: a save
   * between the two is then seen as new and reloaded at start.
   */
  static async open(options: KnowledgeSyncOptions): Promise<PostgresKnowledgeSync> {
    await migratePostgres(options.pool, 'knowledge', MIGRATIONS);
    return new PostgresKnowledgeSync(options, await readVersion(options.pool));
  }

  /** The last save this instance knows of. */
  get version(): number {
    return this.seen;
  }

  get listening(): boolean {
    return this.listener.listening;
  }

  /** Starts listening and polling; `reload` re-reads the folder (KnowledgeStore.reload). */
  start(reload: () => Promise<unknown>): void {
    this.reload = reload;
    this.listener.start();
    this.pollTimer = setInterval(() => void this.poll(), this.options.pollMs ?? 5000);
    this.pollTimer.unref();
  }

  async close(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    await this.listener.close();
  }

  exclusive<T>(fn: (turn: SaveTurn) => Promise<T>): Promise<T> {
    // Saves in this process queue here first, so they wait without holding a connection each.
    return this.local.exclusive(() => this.underLock(fn));
  }

  private async underLock<T>(fn: (turn: SaveTurn) => Promise<T>): Promise<T> {
    const { pool, lockTimeoutMs = 15_000, holdTimeoutMs = 60_000 } = this.options;
    const client = await pool.connect();
    let connectionFailed: Error | undefined;
    // A checked-out connection the server ends (a hung save past holdTimeoutMs, a restart) emits 'error'
    // outside any query; unheard, that would end the process.
    const onError = (err: Error) => (connectionFailed = err);
    client.on('error', onError);
    const release = () => {
      client.removeListener('error', onError);
      client.release(connectionFailed);
    };
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('lock_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $2, true)", [`${lockTimeoutMs}ms`, `${holdTimeoutMs}ms`]);
      await client.query('SELECT pg_advisory_xact_lock($1)', [SAVE_LOCK]);
      // Another instance's save may have ended a moment ago with its notice still on the way: check this
      // save against the knowledge as that one left it.
      const current = versionRow.parse((await client.query('SELECT version FROM knowledge_version')).rows[0]).version;
      // (A notice may have started that reload already: then it is waited for.)
      await (current > this.seen ? this.catchUp(current) : this.running);
    } catch (err) {
      connectionFailed = err instanceof Error ? err : new Error(String(err));
      await client.query('ROLLBACK').catch(() => undefined);
      release();
      throw err;
    }
    let announced: Promise<void> | undefined;
    // Not on the lock's connection: its transaction (and so a NOTIFY in it) ends only after this
    // instance's own reload, and the others need not wait for that.
    const wrote = () => void (announced ??= this.announce().catch((err: unknown) => this.couldNotAnnounce(err)));
    // The lock lives as long as this connection's transaction: a connection the server ended (killed,
    // restarted, past holdTimeoutMs) has freed it, and another instance may have saved since. A query
    // answered on it now is the proof that it is still ours.
    const stillHeld = async () => {
      if (connectionFailed) throw new SaveLockLost(connectionFailed);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer on the lock's connection within ${STILL_HELD_TIMEOUT_MS} ms`)), STILL_HELD_TIMEOUT_MS);
      });
      try {
        await Promise.race([client.query('SELECT 1'), timedOut]);
      } catch (err) {
        connectionFailed ??= err instanceof Error ? err : new Error(String(err));
        throw new SaveLockLost(err);
      } finally {
        clearTimeout(timer);
      }
    };
    const outcome = await fn({ wrote, stillHeld }).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    await announced;
    try {
      await client.query('COMMIT');
    } catch (err) {
      connectionFailed = err instanceof Error ? err : new Error(String(err));
    } finally {
      release();
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Bumps the counter and tells every instance, in one statement: no notice without its count, nor the reverse. */
  private async announce(): Promise<void> {
    const { rows } = await this.options.pool.query(
      `WITH bumped AS (UPDATE knowledge_version SET version = version + 1, instance = $2, saved_at = $3 RETURNING version)
       SELECT version, pg_notify($1, json_build_object('version', version, 'instance', $2::text)::text) FROM bumped`,
      [CHANNEL, this.instance, Date.now()],
    );
    this.seen = Math.max(this.seen, versionRow.parse(rows[0]).version);
  }

  /** The file is written and this instance has it; the others hear of it when the next poll tells them. */
  private couldNotAnnounce(err: unknown): void {
    this.unannounced = true;
    this.options.onStatus?.(err);
  }

  private onNotice(payload: string): void {
    let parsed: z.infer<typeof notice>;
    try {
      parsed = notice.parse(JSON.parse(payload));
    } catch {
      return; // not ours
    }
    // This instance reloaded when it saved.
    if (parsed.instance === this.instance || parsed.version <= this.seen) return;
    void this.catchUp(parsed.version);
  }

  /** Reads the counter: a save this instance was not told of (or could not tell) is dealt with now. */
  async poll(): Promise<void> {
    try {
      if (this.unannounced) {
        this.unannounced = false;
        await this.announce().catch((err: unknown) => {
          this.unannounced = true;
          throw err;
        });
      }
      const version = await readVersion(this.options.pool);
      if (version > this.seen) await this.catchUp(version);
      if (this.listener.listening) this.options.onStatus?.();
    } catch (err) {
      this.options.onStatus?.(err);
    }
  }

  private catchUp(version: number): Promise<void> {
    this.seen = Math.max(this.seen, version);
    return this.reloadSoon();
  }

  /** A reload that has not begun yet will read the files as they are then: later requests join it. */
  private reloadSoon(): Promise<void> {
    if (this.waiting) return this.waiting;
    const next = this.running.then(async () => {
      this.waiting = undefined;
      await this.reload?.().catch((err: unknown) => this.options.onStatus?.(err));
    });
    this.waiting = next;
    this.running = next;
    return next;
  }
}

async function readVersion(pool: PgPool): Promise<number> {
  const { rows } = await pool.query('SELECT version FROM knowledge_version');
  return versionRow.parse(rows[0]).version;
}
