/**
 * PostgreSQL going away while an instance runs, behind a TCP proxy the test cuts (tests/storage/
 * cuttable-proxy.ts). What a person or a volunteer would notice: a question the bot told them it saved
 * for the volunteers that never reaches the inbox, or every message taking 15 s while the database host
 * does not answer.
 */
import { ChatClient, repliesOf, startApp, until, type RunningApp } from './helpers';
import { DATABASE_URL, describeWithPostgres, freshDatabase, type TestDatabase } from '../storage/postgres-helper';
import { CuttableProxy } from '../storage/cuttable-proxy';

const PSEUDONYM_SECRET = 'the-same-secret-on-every-instance-0123456789';
const UNANSWERED = 'Яка погода буде завтра в Амстердамі?'; // nothing in knowledge/ answers it
const ANSWERED = 'як записатися до сімейного лікаря';
const GP = 'healthcare.gp';

describeWithPostgres('PostgreSQL unavailable for a while', () => {
  let database: TestDatabase;
  let proxy: CuttableProxy;
  let running: RunningApp;

  beforeAll(async () => {
    database = await freshDatabase();
    proxy = await CuttableProxy.start(DATABASE_URL!);
    running = await startApp({ DATABASE_URL: proxy.urlFor(database.url), PSEUDONYM_SECRET });
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await running?.stop();
    await proxy?.close();
    await database?.drop();
  });
  afterEach(async () => {
    await proxy.restore().catch(() => undefined);
  });

  test('a question left unanswered and a 👎 given while the database refuses connections are recorded once it is back', async () => {
    const chat = new ChatClient(running.base);
    expect(repliesOf(await chat.text(ANSWERED)).map((r) => r.answerId)).toContain(GP);
    await proxy.refuse();
    expect(repliesOf(await chat.text(UNANSWERED)).map((r) => r.kind)).toContain('unanswered');
    expect(repliesOf(await chat.press(`f:-:${GP}`)).map((r) => r.kind)).toEqual(['feedback']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await running.app.inbox.count().catch(() => 'unreachable')).toBe('unreachable');

    await proxy.restore();
    await until(async () => (await running.app.inbox.list().catch(() => [])).some((q) => q.text === UNANSWERED), 10_000, 'the question in the inbox');
    await until(async () => (await running.app.feedback.totals().catch(() => undefined))?.get(GP)?.notHelpful === 1, 5000, 'the 👎 counted');
  });

  test('while the database host does not answer at all, a message is answered within seconds, not 15', async () => {
    const chat = new ChatClient(running.base);
    // Connections in the pools, as a running instance has them when the network goes.
    expect(repliesOf(await chat.text(ANSWERED)).map((r) => r.kind)).toContain('answer');
    const inboxBefore = await running.app.inbox.count();
    proxy.blackhole();
    for (const question of [ANSWERED, UNANSWERED]) {
      const started = Date.now();
      const kinds = repliesOf(await chat.text(question)).map((r) => r.kind);
      const took = Date.now() - started;
      expect(kinds.some((k) => k === 'answer' || k === 'unanswered')).toBe(true);
      expect(took).toBeLessThan(3000);
    }
    // Back: the instance uses the database again within a probe or two.
    await proxy.restore();
    await until(() => running.app.health.report().components.postgres?.ok === true, 6000, 'PostgreSQL taken back');
    expect(repliesOf(await chat.text(UNANSWERED)).map((r) => r.kind)).toContain('unanswered');
    // The question asked during the cut (kept and tried again) and the one asked now.
    await until(async () => (await running.app.inbox.count().catch(() => 0)) === inboxBefore + 2, 3000, 'both questions in the inbox');
  }, 30_000);
});
