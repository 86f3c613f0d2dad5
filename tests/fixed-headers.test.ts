import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import type { AddressInfo } from 'node:net';
import { fixedHeaders } from '../src/fixed-headers';

async function headersOf(middleware: RequestHandler): Promise<Record<string, string>> {
  const app = express();
  app.disable('x-powered-by');
  app.use(middleware);
  app.get('/', (_req, res) => void res.json({ ok: true }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const out: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      if (name !== 'date' && name !== 'connection' && name !== 'keep-alive') out[name] = value;
    });
    return out;
  } finally {
    await new Promise((r) => server.close(r));
  }
}

const options = { contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], frameAncestors: ['*'] } }, frameguard: false } as const;

test('a response gets exactly the security headers helmet itself would set', async () => {
  const replayed = await headersOf(fixedHeaders(helmet(options)));
  expect(replayed).toEqual(await headersOf(helmet(options)));
  expect(replayed['content-security-policy']).toBe("default-src 'self';frame-ancestors *");
  expect(replayed['x-content-type-options']).toBe('nosniff');
});

test('a middleware whose headers depend on the request is refused when the server is built', () => {
  const perRequest: RequestHandler = (req, res, next) => {
    res.setHeader('X-Path', req.path);
    next();
  };
  expect(() => fixedHeaders(perRequest)).toThrow();
  const later: RequestHandler = (_req, _res, next) => void setTimeout(next, 1);
  expect(() => fixedHeaders(later)).toThrow(/did not finish/);
});
