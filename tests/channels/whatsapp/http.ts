/** Raw HTTP for webhook tests: bytes exactly as given, optionally as separate socket writes. */
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** POSTs raw bytes; with several chunks, each is a separate write (a separate TCP segment) after a pause. */
export function post(url: URL, chunks: Buffer[], headers: Record<string, string | undefined>, options: { chunked?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const sent = Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Record<string, string>;
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(options.chunked ? {} : { 'content-length': String(total) }), ...sent } });
    req.on('response', (res) => collect(res, resolve));
    req.on('error', reject);
    void (async () => {
      for (const [k, chunk] of chunks.entries()) {
        if (k > 0) await new Promise((r) => setTimeout(r, 20));
        req.write(chunk);
      }
      req.end();
    })();
  });
}

export function get(url: URL): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET' });
    req.on('response', (res) => collect(res, resolve));
    req.on('error', reject);
    req.end();
  });
}

function collect(res: import('node:http').IncomingMessage, resolve: (answer: Answer) => void): void {
  const body: Buffer[] = [];
  res.on('data', (chunk: Buffer) => body.push(chunk));
  res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(body).toString('utf8'), headers: res.headers }));
}

/** Listens on 127.0.0.1:0; `close` ends every connection so jest can exit. */
export async function listen(app: Express): Promise<{ base: URL; close: () => Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: new URL(`http://127.0.0.1:${port}`),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
