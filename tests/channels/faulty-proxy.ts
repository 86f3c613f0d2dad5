/**
 * An HTTP proxy in front of a fake messenger API that can be made to fail for a while, as the real API
 * does: `down()` closes the port (connections are refused: the request never leaves the client),
 * `failWith()` answers every request itself with an error (a 5xx or 429 from the platform or its proxy),
 * `slow()` holds each request before passing it on. `pass()` / `up()` end the fault.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FaultAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** What each platform answers on a server error. */
export const SERVER_ERROR = Object.freeze({
  telegram: { status: 500, body: JSON.stringify({ ok: false, error_code: 500, description: 'Internal Server Error' }) },
  whatsapp: { status: 500, body: JSON.stringify({ error: { message: '(#131000) Something went wrong', type: 'OAuthException', code: 131000, fbtrace_id: 'Afake' } }) },
  viber: { status: 500, body: '<html><body>500 Internal Server Error</body></html>', headers: { 'content-type': 'text/html' } },
} satisfies Record<string, FaultAnswer>);

export class FaultyProxy {
  /** Requests that arrived, were answered by the proxy itself (faults), were passed on and answered. */
  readonly seen = { arrived: 0, failed: 0, passed: 0, answered: 0 };
  private fault: FaultAnswer | undefined;
  private delayMs = 0;
  private delayIf: (req: IncomingMessage) => boolean = () => true;
  private readonly sockets = new Set<Socket>();
  private listening = true;

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
    readonly port: number,
  ) {}

  static async start(target: string): Promise<FaultyProxy> {
    const holder: { proxy?: FaultyProxy } = {};
    const server = createServer((req, res) => void holder.proxy?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new FaultyProxy(server, new URL(target), (server.address() as AddressInfo).port);
    server.on('connection', (socket: Socket) => {
      proxy.sockets.add(socket);
      socket.on('close', () => proxy.sockets.delete(socket));
    });
    holder.proxy = proxy;
    return proxy;
  }

  /** http://127.0.0.1:<port>, to use as the API root. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every request is answered with `answer` until `pass()`. */
  failWith(answer: FaultAnswer): void {
    this.fault = answer;
  }

  /** Requests (those `which` selects) wait `ms` before they are passed on. */
  slow(ms: number, which: (req: IncomingMessage) => boolean = () => true): void {
    this.delayMs = ms;
    this.delayIf = which;
  }

  pass(): void {
    this.fault = undefined;
    this.delayMs = 0;
  }

  /** Closes the port and every connection: new requests fail with ECONNREFUSED until `up()`. */
  async down(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    if (this.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listening = true;
  }

  async close(): Promise<void> {
    await this.down();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.seen.arrived += 1;
    const body = await readAll(req);
    const fault = this.fault;
    if (fault) {
      this.seen.failed += 1;
      res.writeHead(fault.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(fault.body), ...fault.headers });
      res.end(fault.body);
      return;
    }
    if (this.delayMs > 0 && this.delayIf(req)) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.seen.passed += 1;
    const { 'transfer-encoding': _chunked, ...headers } = req.headers;
    const upstream = request(
      new URL(req.url ?? '/', this.target),
      { method: req.method, headers: { ...headers, host: this.target.host, 'content-length': String(body.length) } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        res.on('finish', () => (this.seen.answered += 1));
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}
