/**
 * The messengers' outgoing queue shared by two instances on one PostgreSQL database: a person writing
 * through both gets the parts of the answers spaced as Telegram requires (not twice as fast), and replies
 * queued on an instance that is killed outright reach the person from the other one, each once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { FakeTelegram, type RecordedCall } from '../fakes/fake-telegram';
import { startServer, type Child } from './child-server';
import { postTo, startApp, until, type RunningApp } from './helpers';
import { describeWithPostgres, freshDatabase, type TestDatabase } from '../storage/postgres-helper';

const SECRET = 'e2e_several-outbox_0123456789';
const PSEUDONYM_SECRET = 'the-same-secret-on-every-instance-0123456789';
/** Telegram allows about one message a second to a chat; the outbox's own default. */
const PER_CHAT_MS = 1000;
const QUESTIONS = ['як записатися до сімейного лікаря', 'де отримати BSN', 'як відкрити рахунок у банку', 'як знайти житло'];

let nextUpdateId = 950_000;
let nextChatId = 95_000_001;

const messageUpdate = (chat: number, text: string) => ({
  update_id: nextUpdateId++,
  message: {
    message_id: nextUpdateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chat, type: 'private', first_name: 'Olena' },
    from: { id: chat, is_bot: false, first_name: 'Olena', language_code: 'uk' },
    text,
  },
});

describeWithPostgres('the outgoing queue shared by two instances', () => {
  let database: TestDatabase;
  let fake: FakeTelegram;
  let env: Record<string, string>;
  const running: RunningApp[] = [];

  const sentTo = (chat: number): RecordedCall[] => fake.accepted().filter((call) => call.params.chat_id === chat);
  const post = async (base: string, update: object): Promise<void> => {
    const res = await postTo(base, '/telegram/webhook', Buffer.from(JSON.stringify(update)), { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET });
    expect(res.status).toBe(200);
  };
  /** Rows of the shared Telegram queue, sent or not yet: a message is in it until its send is finished. */
  const queuedTelegram = async (): Promise<number> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query<{ rows: number }>(`SELECT count(*)::int AS rows FROM outbox WHERE channel = 'telegram'`)).rows[0]!.rows;
    } finally {
      await client.end();
    }
  };
  const instance = async (): Promise<RunningApp> => {
    const app = await startApp(env, { outboxRetry: { baseMs: 50, maxMs: 200 } });
    running.push(app);
    return app;
  };

  beforeAll(async () => {
    database = await freshDatabase();
    fake = await FakeTelegram.start();
    env = {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: fake.apiRoot,
      DATABASE_URL: database.url,
      PSEUDONYM_SECRET,
      RATE_LIMIT_USER_PER_MIN: '100',
    };
  });
  afterAll(async () => {
    await Promise.all(running.map((app) => app.stop()));
    await fake?.close();
    await database?.drop();
  });

  test('a burst to one chat through A and B is spaced as Telegram requires, across both', async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    const chat = nextChatId++;
    await Promise.all(QUESTIONS.map((question, k) => post((k % 2 ? b : a).base, messageUpdate(chat, question))));
    // Every answer, and the shared queue empty: nothing is left that either instance could still send.
    await until(() => sentTo(chat).length >= QUESTIONS.length, 20_000, 'the answers');
    await until(async () => (await queuedTelegram()) === 0, 20_000, 'the shared queue to empty');
    const at = sentTo(chat).map((call) => call.at);
    const gaps = at.slice(1).map((time, k) => time - at[k]!);
    // Telegram counts arrivals; the queue counts from the answer to the previous message, so each gap is at least the spacing.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(PER_CHAT_MS - 5);
  }, 60_000);

  test('replies queued on A when it is killed outright are sent by B, each once', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'prykhystok-killed-'));
    let child: Child | undefined;
    try {
      // Telegram refuses everything for now, asking to wait 4 s: A's replies wait in the queue.
      fake.block('sendMessage', { status: 429, retryAfter: 4 });
      child = await startServer({ ...env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
      const a = `http://127.0.0.1:${child.port}`;
      const chats = [nextChatId++, nextChatId++, nextChatId++];
      await Promise.all(chats.map((chat, k) => post(a, messageUpdate(chat, QUESTIONS[k]!))));

      // A tried each chat's first message once and was refused; nothing is on its way to Telegram.
      const queue = async () =>
        (
          await client.query<{ rows: number; recipients: number; tried: number; leaving: number }>(
            `SELECT count(*)::int AS rows, count(DISTINCT recipient)::int AS recipients,
                    count(DISTINCT recipient) FILTER (WHERE failures > 0)::int AS tried, count(*) FILTER (WHERE leaving)::int AS leaving
             FROM outbox WHERE channel = 'telegram'`,
          )
        ).rows[0]!;
      let state = await queue();
      for (const started = Date.now(); Date.now() - started < 20_000; state = await queue()) {
        if (state.recipients === chats.length && state.tried === chats.length && state.leaving === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(state).toMatchObject({ recipients: chats.length, tried: chats.length, leaving: 0 });
      child.process.kill('SIGKILL');
      await child.exited;
      const queued = (await queue()).rows;
      const received = () => fake.accepted().filter((call) => chats.includes(call.params.chat_id as number));
      expect(received()).toHaveLength(0);

      // B starts; Telegram takes messages again.
      fake.unblock('sendMessage');
      await instance();
      await until(() => received().length >= queued, 20_000, 'the queued replies');
      // A message stays queued until its send is finished: with the queue empty no second copy can come.
      await until(async () => (await queue()).rows === 0, 20_000, 'the shared queue to empty');
      expect(received()).toHaveLength(queued);
      for (const chat of chats) {
        const texts = sentTo(chat).map((call) => String(call.params.text));
        expect(texts.length).toBeGreaterThan(0);
        expect(new Set(texts).size).toBe(texts.length);
      }
      expect((await queue()).rows).toBe(0);
    } finally {
      if (child && child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      fake.unblock('sendMessage');
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
