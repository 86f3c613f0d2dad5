/**
 * Whether PostgreSQL answers, as this instance last found out, so a database that is gone costs a turn a
 * moment once instead of a connection timeout at every call. Without it, while the host did not answer
 * (a network cut), each of a turn's calls — the turn-order lock, the state, the rate limit — waited out
 * the connection timeout one after the other (15 s a message), and a query on a connection the pool had
 * open before the cut waited for ever.
 *
 * Two things open it: a new connection that fails (refused, or not set up within
 * NEW_CONNECTION_TIMEOUT_MS), and a quick statement (`quick()`: a row read or written for a turn) that
 * gets no answer within QUICK_QUERY_TIMEOUT_MS. A single connection ended by the server (an
 * administrator's pg_terminate_backend) does not: the next connection tells. While open, the pools it made
 * fail every connect at once with DatabaseUnavailable — each part then does what it does today without
 * the database (the turn runs unordered, the state is not read, the limit is kept in memory). A probe of
 * its own (connect, SELECT 1) tries the server at once and then every `probeEveryMs`; when it answers,
 * the pools are used again. Probing in the background keeps the wait of a probe off every person's turn.
 */
import pg from 'pg';

/** How long setting up a new connection may take: milliseconds on a working network, seconds mean it is not there. */
export const NEW_CONNECTION_TIMEOUT_MS = 2000;
/** How long a quick statement may go unanswered: a working server answers them in milliseconds. */
export const QUICK_QUERY_TIMEOUT_MS = 1500;

/** Thrown at once by a connect while the database is taken for gone; the code is that of the failure that opened it. */
export class DatabaseUnavailable extends Error {
  readonly code: string;

  constructor(cause: unknown) {
    super(`PostgreSQL did not answer a moment ago (${describe(cause)}); not asked again until a probe gets through`, { cause });
    this.name = 'DatabaseUnavailable';
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' ? code : 'DATABASE_UNAVAILABLE';
  }
}

/**
 * A statement of a turn, given up (and the database taken for gone) after QUICK_QUERY_TIMEOUT_MS without
 * an answer — plus `waitMs` for one that may wait that long for a lock.
 */
export function quick(text: string, values?: unknown[], waitMs = 0): pg.QueryConfig {
  // pg reads query_timeout from the query's config; its type declarations leave it out.
  const config = { text, ...(values ? { values } : {}), query_timeout: QUICK_QUERY_TIMEOUT_MS + waitMs };
  return config;
}

export interface BreakerOptions {
  url: string;
  /** Between probes while the database is taken for gone (default 2 s). */
  probeEveryMs?: number;
  connectTimeoutMs?: number;
  onDown?: (err: unknown) => void;
  onUp?: () => void;
}

export class PostgresBreaker {
  private failure: unknown;
  private isDown = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly probeEveryMs: number;
  private readonly connectTimeoutMs: number;

  constructor(private readonly options: BreakerOptions) {
    this.probeEveryMs = options.probeEveryMs ?? 2000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? NEW_CONNECTION_TIMEOUT_MS;
  }

  get down(): boolean {
    return this.isDown;
  }

  /** A pool whose connects fail at once while the database is taken for gone, and whose failures tell this breaker. */
  pool(config: pg.PoolConfig): pg.Pool {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the classes below are built per breaker
    const breaker = this;
    class WatchedClient extends pg.Client {
      constructor(clientConfig?: pg.ClientConfig) {
        super({ ...clientConfig, connectionTimeoutMillis: breaker.connectTimeoutMs });
      }

      override connect(): Promise<pg.Client>;
      override connect(callback: (err: Error) => void): void;
      override connect(callback?: (err: Error) => void): Promise<pg.Client> | void {
        if (!callback) {
          return super.connect().catch((err: unknown) => {
            breaker.trip(err);
            throw err;
          });
        }
        super.connect((err: Error) => {
          if (err) breaker.trip(err);
          callback(err);
        });
      }
    }
    class GuardedPool extends pg.Pool {
      override connect(): Promise<pg.PoolClient>;
      override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
      override connect(
        callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
      ): Promise<pg.PoolClient> | void {
        if (breaker.down) {
          const err = new DatabaseUnavailable(breaker.failure);
          if (!callback) return Promise.reject(err);
          process.nextTick(() => callback(err, undefined, () => undefined));
          return;
        }
        return callback ? super.connect(callback) : super.connect();
      }
    }
    const pool = new GuardedPool({ ...config, Client: WatchedClient });
    // A quick statement that timed out is released with its error (pg-pool removes that connection).
    pool.on('release', (err: Error | undefined) => {
      if (err?.message === 'Query read timeout') this.trip(err);
    });
    return pool;
  }

  /** Stops probing (shutdown). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private trip(err: unknown): void {
    if (this.closed || err instanceof DatabaseUnavailable) return;
    this.failure = err;
    if (this.isDown) return;
    this.isDown = true;
    this.options.onDown?.(err);
    // The first probe at once: a busy moment (an event loop held up past a timeout) costs a round trip,
    // not seconds without the database.
    void this.probe();
  }

  private probeLater(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => void this.probe(), this.probeEveryMs);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    this.timer = undefined;
    const client = new pg.Client({ connectionString: this.options.url, connectionTimeoutMillis: this.connectTimeoutMs, query_timeout: QUICK_QUERY_TIMEOUT_MS, application_name: 'prykhystok probe' });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      if (this.closed) return;
      this.isDown = false;
      this.failure = undefined;
      this.options.onUp?.();
    } catch (err) {
      this.failure = err;
      this.probeLater();
    } finally {
      client.end().catch(() => undefined);
    }
  }
}

function describe(err: unknown): string {
  const { code, message } = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  return [code, message].filter((part) => typeof part === 'string').join(': ') || String(err);
}
