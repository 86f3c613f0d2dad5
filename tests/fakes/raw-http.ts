/** Raw HTTP for webhook tests and fakes: bytes exactly as given, optionally as separate socket writes. */
import { request, type IncomingMessage } from 'node:http';

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * POSTs raw bytes; with several chunks, each is a separate write (a separate TCP segment) after a pause.
 * `headers` adds to or replaces content-type and content-length; an undefined value is left out.
 */
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

function collect(res: IncomingMessage, resolve: (answer: Answer) => void): void {
  const body: Buffer[] = [];
  res.on('data', (chunk: Buffer) => body.push(chunk));
  res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(body).toString('utf8'), headers: res.headers }));
}
