/**
 * PostgreSQL going away while an instance runs, behind a TCP proxy the test cuts (tests/storage/
 * cuttable-proxy.ts). What a person or a volunteer would notice: a question the bot told them it saved
 * for the volunteers that never reaches the inbox, or every message taking 15 s while the database host
 * does not answer.
 */
import { ChatClient, postTo, repliesOf, startApp, telegramMessage, until, type RunningApp } from './helpers';
import { FakeTelegram } from '../fakes/fake-telegram';
import { DATABASE_URL, describeWithPostgres, freshDatabase, type TestDatabase } from '../storage/postgres-helper';
import { CuttableProxy } from '../storage/cuttable-proxy';

const PSEUDONYM_SECRET = 'the-same-secret-on-every-instance-0123456789';
const UNANSWERED = 'Яка погода буде завтра в Амстердамі?'; // nothing in knowledge/ answers it
const ANSWERED = 'як записатися до сімейного лікаря';
const GP = 'healthcare.gp';
const SECRET = 'e2e_postgres-outage_0123456789';

describeWithPostgres('PostgreSQL unavailable for a while', () => {
  let database: TestDatabase;
  let proxy: CuttableProxy;
  let running: RunningApp;
  let telegram: FakeTelegram;
  let nextChat = 77_000_001;

  /** A Telegram message through the webhook; resolves with how long until its reply reached Telegram. */
  const viaTelegram = async (text: string): Promise<number> => {
    const person = { id: nextChat++, first_name: 'Olena', language_code: 'uk' };
    const started = Date.now();
    const res = await postTo(running.base, '/telegram/webhook', JSON.stringify(telegramMessage(person, text)), {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': SECRET,
    });
    expect(res.status).toBe(200);
    await until(() => telegram.accepted().some((call) => call.params.chat_id === person.id), 10_000, 'the Telegram reply');
    return Date.now() - started;
  };

  beforeAll(async () => {
    database = await freshDatabase();
    proxy = await CuttableProxy.start(DATABASE_URL!);
    telegram = await FakeTelegram.start();
    running = await startApp(
      { DATABASE_URL: proxy.urlFor(database.url), PSEUDONYM_SECRET, TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: telegram.apiRoot },
      { telegramPacing: { perChatIntervalMs: 0, globalPerSecond: 0 } },
    );
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await running?.stop();
    await proxy?.close();
    await telegram?.close();
    await database?.drop();
  });
  afterEach(async () => {
    await proxy.restore().catch(() => undefined);
  });

  test('a question left unanswered and a 👎 given while the database refuses connections are recorded once it is back', async () => {
    const chat = new ChatClient(running.base);
    expect(repliesOf(await chat.text(ANSWERED)).map((r) => r.answerId)).toContain(GP);
    await proxy.refuse();
    const asking = Date.now();
    expect(repliesOf(await chat.text(UNANSWERED)).map((r) => r.kind)).toContain('unanswered');
    const answered = Date.now();
    expect(repliesOf(await chat.press(`f:-:${GP}`)).map((r) => r.kind)).toEqual(['feedback']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await running.app.inbox.count().catch(() => 'unreachable')).toBe('unreachable');

    await proxy.restore();
    await until(async () => (await running.app.inbox.list().catch(() => [])).some((q) => q.text === UNANSWERED), 10_000, 'the question in the inbox');
    // Shown to volunteers with the time it was asked, not the time the database came back.
    const kept = (await running.app.inbox.list()).find((q) => q.text === UNANSWERED)!;
    expect(kept.createdAt).toBeGreaterThanOrEqual(asking);
    expect(kept.createdAt).toBeLessThanOrEqual(answered);
    await until(async () => (await running.app.feedback.totals().catch(() => undefined))?.get(GP)?.notHelpful === 1, 5000, 'the 👎 counted');
  });

  test('while the database host does not answer at all, a message is answered within seconds, not 15', async () => {
    const chat = new ChatClient(running.base);
    // Connections in the pools, as a running instance has them when the network goes.
    expect(repliesOf(await chat.text(ANSWERED)).map((r) => r.kind)).toContain('answer');
    await viaTelegram(ANSWERED);
    const inboxBefore = await running.app.inbox.count();
    proxy.blackhole();
    for (const question of [ANSWERED, UNANSWERED]) {
      const started = Date.now();
      const kinds = repliesOf(await chat.text(question)).map((r) => r.kind);
      const took = Date.now() - started;
      expect(kinds.some((k) => k === 'answer' || k === 'unanswered')).toBe(true);
      expect(took).toBeLessThan(3000);
    }
    // A messenger's reply too: the shared outgoing queue is skipped, the instance sends it itself.
    expect(await viaTelegram(ANSWERED)).toBeLessThan(3000);
    // Back: the instance uses the database again within a probe or two.
    await proxy.restore();
    await until(() => running.app.health.report().components.postgres?.ok === true, 6000, 'PostgreSQL taken back');
    expect(repliesOf(await chat.text(UNANSWERED)).map((r) => r.kind)).toContain('unanswered');
    expect(await viaTelegram(ANSWERED)).toBeLessThan(3000);
    // The question asked during the cut (kept and tried again) and the one asked now.
    await until(async () => (await running.app.inbox.count().catch(() => 0)) === inboxBefore + 2, 3000, 'both questions in the inbox');
  }, 30_000);
});
