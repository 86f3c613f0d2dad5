/**
 * A TCP proxy in front of the test PostgreSQL that a test can cut, the two ways a database goes away:
 * - `refuse()`: as a restart or a stopped server — every open connection is dropped and the port is
 *   closed, so a new connection is refused at once (ECONNREFUSED);
 * - `blackhole()`: as a network cut or a host that is down — nothing answers: new connections are
 *   accepted and never forwarded, and open ones stop carrying bytes either way (held, not dropped, as a
 *   lost route does not tell either end).
 * `restore()` forwards again (what a black hole held is delivered, as TCP would after a short cut).
 */
import net from 'node:net';

type Mode = 'forward' | 'refuse' | 'blackhole';

interface Pipe {
  client: net.Socket;
  server?: net.Socket;
  /** Bytes held while black-holed, per direction. */
  toServer: Buffer[];
  toClient: Buffer[];
  serverClosed?: boolean;
}

export class CuttableProxy {
  private mode: Mode = 'forward';
  private readonly pipes = new Set<Pipe>();
  private listener: net.Server;
  private bound = 0;

  private constructor(private readonly target: { host: string; port: number }) {
    this.listener = net.createServer((socket) => this.accept(socket));
  }

  /** Starts a proxy to the server `databaseUrl` names, on a free port of 127.0.0.1. */
  static async start(databaseUrl: string): Promise<CuttableProxy> {
    const url = new URL(databaseUrl);
    const proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    proxy.bound = await listen(proxy.listener, 0);
    return proxy;
  }

  get port(): number {
    return this.bound;
  }

  /** `databaseUrl` with its host and port replaced by the proxy's. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async refuse(): Promise<void> {
    this.mode = 'refuse';
    for (const pipe of this.pipes) this.drop(pipe);
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
  }

  blackhole(): void {
    this.mode = 'blackhole';
  }

  async restore(): Promise<void> {
    const was = this.mode;
    this.mode = 'forward';
    if (was === 'refuse') {
      // Listen on the same port again: the app's DATABASE_URL names it.
      this.listener = net.createServer((socket) => this.accept(socket));
      await listen(this.listener, this.port);
      return;
    }
    for (const pipe of this.pipes) {
      if (!pipe.server) this.connect(pipe);
      else if (pipe.serverClosed) this.drop(pipe);
      else flush(pipe);
    }
  }

  async close(): Promise<void> {
    this.mode = 'refuse';
    for (const pipe of this.pipes) this.drop(pipe);
    if (this.listener.listening) await new Promise<void>((resolve) => this.listener.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.mode === 'refuse') {
      client.destroy();
      return;
    }
    const pipe: Pipe = { client, toServer: [], toClient: [] };
    this.pipes.add(pipe);
    client.on('data', (chunk) => (this.mode === 'blackhole' || !pipe.server ? pipe.toServer.push(chunk) : pipe.server.write(chunk)));
    client.on('error', () => undefined);
    // The client gave up (its own timeout): the server end goes too; the app cannot tell when it would.
    client.on('close', () => this.drop(pipe));
    if (this.mode === 'forward') this.connect(pipe);
  }

  private drop(pipe: Pipe): void {
    this.pipes.delete(pipe);
    pipe.client.destroy();
    pipe.server?.destroy();
  }

  private connect(pipe: Pipe): void {
    const server = net.connect(this.target.port, this.target.host);
    pipe.server = server;
    server.on('connect', () => flush(pipe));
    server.on('data', (chunk) => (this.mode === 'blackhole' ? pipe.toClient.push(chunk) : pipe.client.write(chunk)));
    server.on('error', () => undefined);
    // A server end that closes while black-holed is not passed on until the route is back.
    server.on('close', () => (this.mode === 'blackhole' ? (pipe.serverClosed = true) : this.drop(pipe)));
  }
}

function flush(pipe: Pipe): void {
  if (pipe.server && !pipe.server.connecting) for (const chunk of pipe.toServer.splice(0)) pipe.server.write(chunk);
  for (const chunk of pipe.toClient.splice(0)) pipe.client.write(chunk);
}


function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}
