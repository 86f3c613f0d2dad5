/**
 * The server side of `npm run bench -- http`, started as a child process so the load generator runs in
 * another process: `app` is Prykhystok as deployed (web chat + Telegram webhook), `bare` is an express
 * route that does nothing, the reference for what this machine can serve.
 */
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApplication } from '../src/app';
import { loadConfig } from '../src/config';

async function main(mode: string): Promise<void> {
  if (mode === 'bare') {
    const app = express();
    app.use(express.json());
    app.post('/bare', (req, res) => {
      res.json({ ok: true, echo: typeof req.body?.text === 'string' ? req.body.text.length : 0 });
    });
    app.get('/memory', (_req, res) => res.json(process.memoryUsage()));
    const server = http.createServer(app).listen(0, '127.0.0.1', () => {
      process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
    });
    return;
  }
  const root = path.resolve(__dirname, '..');
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'prykhystok-bench-')),
    KNOWLEDGE_DIR: path.join(root, 'knowledge'),
    LOCALES_DIR: path.join(root, 'locales'),
    STATIC_DIR: path.join(root, 'src/web/static'),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_IP_PER_MIN: '0',
    RATE_LIMIT_USER_PER_MIN: '0',
  });
  const app = await createApplication(config, { telegramPacing: { perChatIntervalMs: 0, globalPerSecond: 0 } });
  const port = await app.start();
  process.stdout.write(`READY ${port}\n`);
  process.on('SIGTERM', () => {
    void app.stop().then(() => process.exit(0));
  });
}

void main(process.argv[2] ?? 'app');
