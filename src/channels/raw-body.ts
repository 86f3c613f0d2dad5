/**
 * Reads a request body as bytes, bounded. Webhook signatures are computed over exactly these bytes, and
 * chunks are joined before anything decodes them, so a Cyrillic character split across two TCP segments
 * survives (a generic body parser either has no bound or, like Botkit's string concatenation of chunks,
 * breaks it).
 */
import type { IncomingMessage } from 'node:http';

export type RawBody = Buffer | 'too-large' | 'aborted';

export function readRawBody(req: IncomingMessage, limit: number): Promise<RawBody> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: RawBody): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('close', onAborted);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) finish('too-large');
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish(Buffer.concat(chunks, size));
    const onAborted = (): void => finish('aborted');
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('close', onAborted);
  });
}
