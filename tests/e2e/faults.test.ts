/**
 * The whole app when what it depends on fails: the Telegram Bot API answering 500 or refusing connections
 * for a few seconds (replies wait and arrive once, in order; the webhook stays fast), and the SQLite
 * database full or locked by another process (questions are still answered; /healthz says what is wrong
 * and says so again when it is over).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { FakeTelegram, type RecordedCall } from '../fakes/fake-telegram';
import { FaultyProxy, SERVER_ERROR } from '../channels/faulty-proxy';
import {
  ChatClient,
  healthz,
  postTo,
  repliesOf,
  startApp,
  telegramMessage,
  operatorGet,
  until,
  type RunningApp,
  type TelegramPerson,
} from './helpers';

const SECRET = 'faults_webhook-SECRET_42';
const GP_QUESTION_UK = 'як записатися до сімейного лікаря';
const DENTIST_QUESTION_UK = 'як знайти стоматолога';
const UNANSWERABLE = 'яка погода буде завтра в Амстердамі';

describe('the Telegram Bot API is down or failing for a few seconds', () => {
  let fake: FakeTelegram;
  let proxy: FaultyProxy;
  let running: RunningApp;
  let nextChat = 81_000_001;
  const person = (): TelegramPerson => ({ id: nextChat++, first_name: 'Олена', language_code: 'uk' });

  const post = (update: Record<string, unknown>) =>
    postTo(running.base, '/telegram/webhook', JSON.stringify(update), { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET });
  const acceptedFor = (chat: number): RecordedCall[] => fake.accepted().filter((call) => call.params.chat_id === chat);
  /** What a person is sent, in order, comparable across people (the chat id left out). */
  const sent = (calls: RecordedCall[]) => calls.map((call) => JSON.stringify([call.params.text, call.params.reply_markup ?? null]));

  /** The two replies a healthy API delivers for the two questions, as the reference. */
  let reference: string[];

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    proxy = await FaultyProxy.start(fake.apiRoot);
    running = await startApp(
      { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: proxy.url },
      { telegramPacing: { perChatIntervalMs: 0, globalPerSecond: 0 }, outboxRetry: { baseMs: 100, maxMs: 400 } },
    );
    const control = person();
    expect((await post(telegramMessage(control, GP_QUESTION_UK))).status).toBe(200);
    await until(() => running.app.telegram!.outbox.pending() === 0 && acceptedFor(control.id).length > 0, 5000, 'first reply');
    const first = acceptedFor(control.id).length;
    expect((await post(telegramMessage(control, DENTIST_QUESTION_UK))).status).toBe(200);
    await until(() => running.app.telegram!.outbox.pending() === 0 && acceptedFor(control.id).length > first, 5000, 'second reply');
    reference = sent(acceptedFor(control.id));
  });
  afterAll(async () => {
    await running.stop();
    await proxy.close();
    await fake.close();
  });

  /**
   * During the fault, a person asks, then asks again; the webhook answers 200 at once each time. After the
   * fault both replies arrive exactly once and in order — the same messages a healthy API delivered.
   */
  async function askThrough(fault: { start(): Promise<void> | void; end(): Promise<void> | void }, faultMs: number): Promise<void> {
    const olena = person();
    const { sent: sendsBefore, retries: retriesBefore } = running.app.telegram!.outbox.stats();
    await fault.start();
    const started = Date.now();
    const first = await post(telegramMessage(olena, GP_QUESTION_UK));
    await until(async () => ((await healthz(running.base)).details.telegramOutbox as { retrying: number }).retrying === 1, 3000, 'retrying shows');
    const second = await post(telegramMessage(olena, DENTIST_QUESTION_UK));
    for (const answer of [first, second]) {
      expect(answer.status).toBe(200);
      expect(answer.ms).toBeLessThan(200);
    }
    await until(() => running.app.telegram!.outbox.pending() === reference.length, 3000, 'both replies queued');
    // A try in flight is not "retrying" until it has failed: read it between tries, not at one instant.
    const outbox = async () => (await healthz(running.base)).details.telegramOutbox as { pending: number; retrying: number; retries: number };
    await until(async () => {
      const during = await outbox();
      return during.pending === reference.length && during.retrying === 1 && during.retries >= 1;
    }, 3000, 'both replies waiting for one person, retrying');
    expect(acceptedFor(olena.id)).toHaveLength(0);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, faultMs - (Date.now() - started))));
    expect(acceptedFor(olena.id)).toHaveLength(0);
    await fault.end();
    await until(() => acceptedFor(olena.id).length >= reference.length, 5000, 'replies after the fault');
    await new Promise((resolve) => setTimeout(resolve, 300)); // a duplicate would show up now
    expect(sent(acceptedFor(olena.id))).toEqual(reference);
    const after = running.app.telegram!.outbox.stats();
    expect(after).toMatchObject({ pending: 0, retrying: 0, failed: 0, sent: sendsBefore + reference.length });
    // More failed tries in a row than the API client's own retries (1 + 3) would ever have survived.
    expect(after.retries - retriesBefore).toBeGreaterThanOrEqual(5);
  }

  test('500 for 2.5 s: the replies arrive exactly once, in order, after the fault; the webhook answered fast', async () => {
    const before = proxy.seen.failed;
    await askThrough({ start: () => proxy.failWith(SERVER_ERROR.telegram), end: () => proxy.pass() }, 2500);
    expect(proxy.seen.failed - before).toBeGreaterThanOrEqual(5);
  });

  test('connections refused for 2.5 s: the replies arrive exactly once, in order, after the fault', async () => {
    await askThrough({ start: () => proxy.down(), end: () => proxy.up() }, 2500);
  });

  test('/metrics shows the retrying gauge, with nothing per person', async () => {
    const metrics = await (await operatorGet(running.base, '/metrics')).text();
    expect(metrics).toContain('prykhystok_telegram_outbox_retrying 0');
  });
});

describe('the database is full or locked', () => {
  let running: RunningApp;
  let file: string;

  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_USER_PER_MIN: '1000', RATE_LIMIT_IP_PER_MIN: '10000' }, { storage: { busyTimeoutMs: 200, lockCoolDownMs: 400, flushMs: 20 } });
    file = path.join(running.dataDir, 'prykhystok.sqlite');
  });
  afterAll(async () => {
    await running.stop();
  });

  /** Conversation state is written in batches, so /healthz learns of a failed write a moment later. */
  async function healthOnceWritten(status: 'ok' | 'degraded') {
    await until(async () => (await healthz(running.base)).status === status, 3000, `/healthz says ${status}`);
    return healthz(running.base);
  }

  async function expectAnswered(question = 'як записатися до сімейного лікаря'): Promise<number> {
    const started = performance.now();
    const replies = repliesOf(await new ChatClient(running.base, { 'accept-language': 'uk' }).text(question));
    expect(replies.length).toBeGreaterThan(0);
    if (question !== UNANSWERABLE) expect(replies.some((r) => r.answerId === 'healthcare.gp')).toBe(true);
    return performance.now() - started;
  }

  test('disk full (SQLITE_FULL): questions are answered, what fits is recorded, /healthz names the part and the code, ok again once writes work', async () => {
    const db = running.app.db;
    const inboxBefore = await running.app.inbox.count('open');
    // No room to grow: the database may not get a page more than it has now…
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    try {
      // …and the room left in the conversation-state table is filled with small rows, so no new state
      // fits (the inbox's pages still have room: what can be recorded, is).
      const fill = db.prepare("INSERT INTO kv (key, value, updated_at) VALUES (?, '', 0)");
      for (let k = 0; ; k++) {
        try {
          fill.run(`~fill/${k}`);
        } catch (err) {
          expect((err as { code?: string }).code).toBe('SQLITE_FULL');
          break;
        }
      }

      await expectAnswered();
      await expectAnswered(UNANSWERABLE);
      const report = await healthOnceWritten('degraded');
      expect(report.status).toBe('degraded');
      expect(report.components.storage).toMatchObject({ ok: false, code: 'SQLITE_FULL' });
      expect(report.components.storage?.error).toMatch(/^SQLITE_FULL: /);
      expect(report.components.inbox?.ok).toBe(true);
      expect(await running.app.inbox.count('open')).toBe(inboxBefore + 1);
    } finally {
      // The disk has room again…
      db.pragma('max_page_count = 1073741823');
      db.prepare("DELETE FROM kv WHERE key LIKE '~fill/%'").run();
    }
    // …and the next write succeeds and says so.
    await expectAnswered(UNANSWERABLE);
    const healed = await healthOnceWritten('ok');
    expect(healed.status).toBe('ok');
    expect(healed.components.storage?.ok).toBe(true);
    expect(await running.app.inbox.count('open')).toBe(inboxBefore + 2);
  });

  test('locked by another process (SQLITE_BUSY): answers stay quick, /healthz is degraded, and ok again after the lock, with the questions asked meanwhile in the inbox', async () => {
    const inboxBefore = await running.app.inbox.count('open');
    const other = new Database(file);
    try {
      other.exec('BEGIN EXCLUSIVE');
      const times: number[] = [];
      for (let k = 0; k < 6; k++) times.push(await expectAnswered(k % 2 ? UNANSWERABLE : undefined));
      const report = await healthOnceWritten('degraded');
      expect(report.status).toBe('degraded');
      expect(report.components.storage).toMatchObject({ ok: false, code: 'SQLITE_BUSY' });
      expect(report.components.inbox).toMatchObject({ ok: false, code: 'SQLITE_BUSY' });
      // One write waits out the short busy timeout; the others within the cool-down do not wait.
      expect(Math.max(...times)).toBeLessThan(1500);
      expect(times.reduce((a, b) => a + b, 0)).toBeLessThan(2500);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 450)); // the cool-down after the last SQLITE_BUSY
    await expectAnswered(UNANSWERABLE);
    const healed = await healthOnceWritten('ok');
    expect(healed.status).toBe('ok');
    expect(healed.components.storage?.ok).toBe(true);
    expect(healed.components.inbox?.ok).toBe(true);
    // The three unanswered questions the lock kept out were tried again, and the one asked after it.
    await until(async () => (await running.app.inbox.count('open')) === inboxBefore + 4, 5000, 'the questions asked during the lock in the inbox');
  });
});
