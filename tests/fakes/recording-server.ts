/**
 * What the local API fakes share: a real HTTP server on 127.0.0.1 (port 0), the calls it recorded, waiting
 * for calls, and a close that ends hung requests and every connection so jest can exit. Each fake answers
 * in its platform's own way.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export abstract class RecordingServer<Call> {
  readonly calls: Call[] = [];
  /** 'call' whenever a call is recorded or answered; 'closing' when `close` begins. */
  protected readonly events = new EventEmitter();
  private readonly openResponses = new Set<ServerResponse>();
  private readonly server = createServer((req, res) => {
    this.openResponses.add(res);
    res.on('close', () => this.openResponses.delete(res));
    void this.handle(req, res);
  });
  private root = '';

  protected constructor(private readonly name: string) {}

  /** http://127.0.0.1:<port>, once listening. */
  get apiRoot(): string {
    return this.root;
  }

  protected async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.root = `http://127.0.0.1:${port}`;
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  protected record(call: Call): void {
    this.calls.push(call);
    this.events.emit('call');
  }

  /** Tells waiters that a recorded call got its answer. */
  protected answered(): void {
    this.events.emit('call');
  }

  /** Resolves with `matching()` once it holds at least `n` calls; rejects after `timeoutMs`. */
  protected waitUntil(matching: () => Call[], n: number, timeoutMs: number, what: string): Promise<Call[]> {
    if (matching().length >= n) return Promise.resolve(matching());
    return new Promise((resolve, reject) => {
      const onCall = (): void => {
        if (matching().length < n) return;
        cleanup();
        resolve(matching());
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.name}: expected ${n} ${what} within ${timeoutMs} ms, got ${matching().length}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('call', onCall);
      };
      this.events.on('call', onCall);
    });
  }

  /** Ends pending long polls and hung requests, then closes the server and every connection. */
  async close(): Promise<void> {
    this.events.emit('closing');
    for (const res of this.openResponses) res.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
