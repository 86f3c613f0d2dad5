/**
 * SIGTERM on the real process (`node --import tsx src/main.ts`): it stops accepting connections at once,
 * finishes the replies in flight to a slow Telegram, closes the database cleanly and exits 0 within 10 s.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FAKE_TOKEN, FakeTelegram } from '../fakes/fake-telegram';
import { FaultyProxy } from '../channels/faulty-proxy';
import { startServer, type Child } from './child-server';
import { postTo, telegramMessage, tempDataDir, until } from './helpers';

const SECRET = 'shutdown_webhook-SECRET_7';
const SLOW_MS = 1500;

function connect(port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('SIGTERM', () => {
  let fake: FakeTelegram;
  let proxy: FaultyProxy;
  let dataDir: string;
  let child: Child | undefined;

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    proxy = await FaultyProxy.start(fake.apiRoot);
    dataDir = tempDataDir();
  });
  afterAll(async () => {
    if (child && child.process.exitCode === null) child.process.kill('SIGKILL');
    await proxy.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('stops accepting, finishes the replies in flight, closes the database and exits 0 within 10 s', async () => {
    child = await startServer({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      PSEUDONYM_SECRET: 'a-test-secret-of-more-than-thirty-two-characters',
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: proxy.url,
    });
    const { port } = child;
    const base = `http://127.0.0.1:${port}`;
    // Telegram answers each sendMessage only after 1.5 s: the reply is still in flight when the signal comes.
    proxy.slow(SLOW_MS, (req) => (req.url ?? '').endsWith('/sendMessage'));

    const chat = { id: 90_000_001, first_name: 'Олена', language_code: 'uk' };
    const posted = await postTo(base, '/telegram/webhook', JSON.stringify(telegramMessage(chat, 'як записатися до сімейного лікаря')), {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': SECRET,
    });
    expect(posted.status).toBe(200);
    await until(() => proxy.seen.arrived >= 1, 5000, 'the reply reaching (slow) Telegram');
    expect(proxy.seen.answered).toBe(0);

    const signalled = Date.now();
    child.process.kill('SIGTERM');

    // New connections are refused at once, while the process is still finishing the reply.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await connect(port)).toBe('ECONNREFUSED');
    expect(child.process.exitCode).toBeNull();

    const { code, signal, at } = await child.exited;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(10_000);
    expect(at - signalled).toBeGreaterThanOrEqual(SLOW_MS - 400);

    // Every reply that left reached Telegram and was answered: nothing was cut off or dropped.
    const sent = fake.accepted().filter((call) => call.params.chat_id === chat.id);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(proxy.seen.answered).toBe(proxy.seen.arrived);
    expect(fake.callsOf('sendMessage')).toHaveLength(sent.length);
    const logged = child.logs.join('\n');
    expect(logged).toContain('"msg":"stopping"');
    expect(logged).toContain('"msg":"stopped"');
    expect(logged).not.toContain('shutdown before every message was sent');
    expect(logged).not.toContain('closed for shutdown');

    // The database was closed cleanly: the WAL was checkpointed and removed, and the file is sound.
    const file = path.join(dataDir, 'prykhystok.sqlite');
    expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((db.prepare("SELECT COUNT(*) AS n FROM kv WHERE key LIKE 'user/%'").get() as { n: number }).n).toBe(1);
    } finally {
      db.close();
    }
  }, 45_000);
});
