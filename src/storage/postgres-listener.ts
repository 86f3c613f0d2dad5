/**
 * LISTEN on one PostgreSQL channel over a connection of its own (a pooled connection is handed to other
 * queries and would stop listening). When the connection drops — a server restart, a failover, an
 * administrator ending it — it connects again, waiting longer after each failure, and says so: notices
 * sent while nobody listened are lost, so the caller checks what it missed each time it listens again.
 */
import pg from 'pg';

export interface ListenerOptions {
  url: string;
  /** A fixed SQL identifier (never user input: LISTEN takes no parameters). */
  channel: string;
  /** Shown in pg_stat_activity, so an operator can tell this connection apart. */
  applicationName: string;
  onNotify(payload: string): void;
  /** Listening (again): check what changed while not listening. */
  onListening(): void;
  /** The connection failed or dropped; a new one is tried after a backoff. */
  onDown(err: unknown): void;
  /** First wait and the most the waits grow to (default 250 ms and 30 s). */
  backoff?: { baseMs?: number; maxMs?: number };
  random?: () => number;
}

export class PostgresListener {
  private client: pg.Client | undefined;
  private readonly given = new WeakSet<pg.Client>();
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(private readonly options: ListenerOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) throw new Error(`not a plain channel name: ${options.channel}`);
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  start(): void {
    void this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    if (client) {
      this.given.add(client);
      await client.end().catch(() => undefined);
    }
  }

  private async connect(): Promise<void> {
    this.timer = undefined;
    if (this.closed) return;
    const { url, channel, applicationName } = this.options;
    const client = new pg.Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: 5000, keepAlive: true });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('the listening connection ended')));
    client.on('notification', (message) => {
      if (message.channel === channel) this.options.onNotify(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (err) {
      this.lost(client, err);
      return;
    }
    if (this.closed || this.given.has(client)) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.options.onListening();
  }

  /** Gives up a connection (once) and plans the next one. */
  private lost(client: pg.Client, err: unknown): void {
    if (this.given.has(client)) return;
    this.given.add(client);
    if (this.client === client) this.client = undefined;
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.options.onDown(err);
    const { baseMs = 250, maxMs = 30_000 } = this.options.backoff ?? {};
    const random = this.options.random ?? Math.random;
    // Jitter: instances that lost the server together do not all come back in the same millisecond.
    const delay = Math.min(maxMs, baseMs * 2 ** this.failures) * (0.5 + random() / 2);
    this.failures += 1;
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref();
  }
}
