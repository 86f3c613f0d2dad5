/**
 * The outgoing queue in PostgreSQL. Two Telegram queues on one database stand for two instances, sending
 * to the fake Telegram API: what a person would notice if they did not share it — parts of an answer out
 * of order or in a burst, a reply lost with the instance that queued it, or a reply that arrives twice.
 */
import { TelegramBotApi } from '../../src/channels/telegram/bot-api';
import { telegramReplyQueue, type TelegramOutboxOptions } from '../../src/channels/telegram/outbox';
import type { TelegramOutgoing } from '../../src/channels/telegram/render';
import type { ReplyQueue } from '../../src/channels/outbox-policy';
import { openPostgres, type PgPool } from '../../src/storage/postgres';
import { migrateOutbox, PostgresOutboxStore } from '../../src/storage/postgres-outbox';
import { FakeTelegram, type RecordedCall } from '../fakes/fake-telegram';
import { captureLogger } from '../channels/telegram/log-capture';
import { until } from '../channels/harness';
import { describeWithPostgres, freshDatabase, type TestDatabase } from './postgres-helper';

const SECRET = 'the-same-secret-on-every-instance-0123456789';
const LEASE_MS = 400;

type Queue = ReplyQueue<TelegramOutgoing, number, number>;

describeWithPostgres('the outgoing queue shared in PostgreSQL', () => {
  let database: TestDatabase;
  let pool: PgPool;
  let fake: FakeTelegram;
  let api: TelegramBotApi;
  let chat = 7_000_000_001;
  const queues: Queue[] = [];

  const instance = (options: Partial<TelegramOutboxOptions> = {}, secret = SECRET): Queue => {
    const queue = telegramReplyQueue(
      { api, logger: captureLogger().logger, perChatIntervalMs: 0, globalPerSecond: 0, retry: { baseMs: 20, maxMs: 100 }, ...options },
      { store: new PostgresOutboxStore(pool, secret), leaseMs: LEASE_MS, pollMs: 50 },
    );
    queues.push(queue);
    return queue;
  };
  const sentTo = (id: number): RecordedCall[] => fake.accepted().filter((call) => call.params.chat_id === id);
  const texts = (id: number): unknown[] => sentTo(id).map((call) => call.params.text);
  const msg = (text: string): TelegramOutgoing => ({ text });

  beforeAll(async () => {
    database = await freshDatabase();
    pool = await openPostgres(database.url, { max: 6 });
    await migrateOutbox(pool);
  });
  beforeEach(async () => {
    await pool.query('TRUNCATE outbox, outbox_recipients, outbox_pace');
    fake = await FakeTelegram.start();
    api = new TelegramBotApi({ token: fake.token, apiRoot: fake.apiRoot, backoffBaseMs: 10, requestTimeoutMs: 2000 });
    chat += 10;
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.drain(1000)));
    await fake.close();
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  test('replies queued on two instances reach each chat in order, once, paced per chat across both', async () => {
    const [a, b] = [instance({ perChatIntervalMs: 150 }), instance({ perChatIntervalMs: 150 })];
    a!.start();
    b!.start();
    expect(await a!.add(chat, chat, [msg('a1'), msg('a2')])).toBe(true);
    expect(await b!.add(chat, chat, [msg('a3')])).toBe(true);
    expect(await b!.add(chat + 1, chat + 1, [msg('b1')])).toBe(true);
    await until(() => sentTo(chat).length === 3 && sentTo(chat + 1).length === 1, 5000);
    expect(texts(chat)).toEqual(['a1', 'a2', 'a3']);
    const at = sentTo(chat).map((call) => call.at);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(145);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(145);
    // The other chat did not wait behind the first one's spacing.
    expect(sentTo(chat + 1)[0]!.at).toBeLessThan(at[1]!);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.accepted()).toHaveLength(4);
  });

  test('an empty queue has nothing due, so an idle instance waits instead of asking again at once', async () => {
    const store = new PostgresOutboxStore(pool, SECRET);
    expect(await store.nextDue('telegram')).toBeUndefined();
    const queue = instance();
    expect(await queue.add(chat, chat, [msg('waiting')])).toBe(true);
    const due = await store.nextDue('telegram');
    expect(due).toBeGreaterThanOrEqual(0);
    queue.start();
    await until(() => sentTo(chat).length === 1, 5000);
    for (const started = Date.now(); (await store.nextDue('telegram')) !== undefined; ) {
      if (Date.now() - started > 5000) throw new Error('the sent message is still due');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  test('the overall rate holds across instances', async () => {
    const [a, b] = [instance({ globalPerSecond: 20 }), instance({ globalPerSecond: 20 })];
    a!.start();
    b!.start();
    // The k-th send may not start before k slots of 50 ms (20 a second over both) after queueing; measured
    // from before the queueing, as a late first arrival would bring the others closer than they were sent.
    const queued = performance.now();
    for (let k = 0; k < 10; k++) expect(await (k % 2 ? a! : b!).add(chat + k, chat + k, [msg(`m${k}`)])).toBe(true);
    await until(() => fake.accepted().length === 10, 5000);
    fake.accepted().forEach((call, k) => expect(call.at - queued).toBeGreaterThanOrEqual(k * 50 - 1));
  });

  test('replies queued on an instance that stops without sending them are sent by another, once', async () => {
    const a = instance();
    // A queued them but never started sending (it died at once): they are in the table, not in its memory.
    expect(await a.add(chat, chat, [msg('one'), msg('two')])).toBe(true);
    expect(await a.add(chat + 1, chat + 1, [msg('three')])).toBe(true);
    const b = instance();
    b.start();
    await until(() => fake.accepted().length === 3, 5000);
    expect(texts(chat)).toEqual(['one', 'two']);
    expect(texts(chat + 1)).toEqual(['three']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.accepted()).toHaveLength(3);
  });

  test('a message taken by an instance that died before sending goes to another when the lease ends; one it was sending is not sent again', async () => {
    const store = new PostgresOutboxStore(pool, SECRET);
    const dead = { leaseMs: LEASE_MS, globalIntervalMs: 0 };
    expect(await instance().add(chat, chat, [msg('taken, not sent')])).toBe(true);
    expect(await instance().add(chat + 1, chat + 1, [msg('maybe sent'), msg('after it')])).toBe(true);
    // The "dead" instance takes both heads; it starts sending the second, then dies.
    const taken = [await store.take('telegram', dead), await store.take('telegram', dead)];
    expect(taken.every((t) => t !== undefined)).toBe(true);
    const sending = taken.find((t) => (t!.item as { message: TelegramOutgoing }).message.text === 'maybe sent')!;
    expect(await store.leaving('telegram', sending, LEASE_MS)).toBe(true);

    const b = instance();
    b.start();
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS / 2));
    expect(fake.accepted()).toHaveLength(0); // still leased to the dead instance
    await until(() => texts(chat).length === 1 && texts(chat + 1).length === 1, 5000);
    expect(texts(chat)).toEqual(['taken, not sent']);
    // 'maybe sent' may have reached Telegram: it is dropped, never sent twice; the next part still goes.
    expect(texts(chat + 1)).toEqual(['after it']);
    expect(b.stats().failed).toBe(1);
  });

  test('a passing failure is tried again later, by whichever instance comes first, and sent once', async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const [a, b] = [instance(), instance()];
    a!.start();
    b!.start();
    expect(await a!.add(chat, chat, [msg('after the 429'), msg('then this')])).toBe(true);
    await until(() => texts(chat).length === 2, 5000);
    const calls = fake.callsOf('sendMessage');
    expect(calls.map((call) => call.params.text)).toEqual(['after the 429', 'after the 429', 'then this']);
    // Telegram's retry_after held, whichever instance tried again.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(990);
  });

  test('the table holds neither the chat id nor the text, and another secret cannot read it', async () => {
    const a = instance();
    expect(await a.add(chat, chat, [msg('Мій номер 0612345678')])).toBe(true);
    const { rows } = await pool.query<{ recipient: string; payload: Buffer }>('SELECT recipient, payload FROM outbox');
    const dump = rows.map((row) => `${row.recipient} ${row.payload.toString('latin1')} ${row.payload.toString('utf8')}`).join('\n');
    expect(dump).not.toContain(String(chat));
    expect(dump).not.toContain('0612345678');
    expect(dump).not.toContain('номер');
    const stranger = instance({}, 'another-secret-of-enough-length-0123456789');
    stranger.start();
    await until(() => stranger.stats().failed === 1, 5000);
    expect(fake.accepted()).toHaveLength(0);
  });

  test('a reply is refused whole when the chat\'s queue or the whole queue is full', async () => {
    const a = instance({ maxPerChat: 3, maxPending: 5 });
    expect(await a.add(chat, chat, [msg('1'), msg('2')])).toBe(true);
    expect(await a.add(chat, chat, [msg('3'), msg('4')])).toBe(false);
    expect(await a.add(chat + 1, chat + 1, [msg('5'), msg('6'), msg('7')])).toBe(true);
    expect(await a.add(chat + 2, chat + 2, [msg('8')])).toBe(false);
    expect(a.stats().rejected).toBe(3);
    a.start();
    await until(() => fake.accepted().length === 5, 5000);
    expect(texts(chat)).toEqual(['1', '2']);
  });
});
