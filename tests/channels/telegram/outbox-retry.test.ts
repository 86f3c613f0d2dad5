/**
 * The Telegram outbox when Telegram is down or slow: passing failures keep the message and retry with
 * capped backoff for as long as it takes, in order, exactly once; final refusals and "maybe delivered"
 * failures do not retry; the queue stays bounded; a drain sends what it can in time.
 */
import { TelegramBotApi } from '../../../src/channels/telegram/bot-api';
import { TelegramOutbox, type TelegramOutboxOptions } from '../../../src/channels/telegram/outbox';
import { FakeTelegram, type RecordedCall } from '../../fakes/fake-telegram';
import { FaultyProxy, SERVER_ERROR } from '../faulty-proxy';
import { sleep, until } from '../harness';
import { captureLogger } from './log-capture';

let fake: FakeTelegram;
let proxy: FaultyProxy;
let api: TelegramBotApi;
beforeEach(async () => {
  fake = await FakeTelegram.start();
  proxy = await FaultyProxy.start(fake.apiRoot);
  api = new TelegramBotApi({ token: fake.token, apiRoot: proxy.url, backoffBaseMs: 10, requestTimeoutMs: 2000 });
});
afterEach(async () => {
  await proxy.close();
  await fake.close();
});

function outbox(options: Partial<TelegramOutboxOptions> = {}): TelegramOutbox {
  return new TelegramOutbox({ api, logger: captureLogger().logger, perChatIntervalMs: 0, globalPerSecond: 0, retry: { baseMs: 20, maxMs: 100 }, ...options });
}

const texts = (calls: RecordedCall[], chatId?: number): unknown[] =>
  calls.filter((call) => chatId === undefined || call.params.chat_id === chatId).map((call) => call.params.text);
const msg = (text: string) => ({ text });

describe('the Telegram outbox while Telegram is down', () => {
  test('connections refused for a while: every message arrives once, in order, after a later reply too', async () => {
    const { logger, all } = captureLogger();
    await proxy.down();
    const box = outbox({ logger });
    box.enqueue(1, [msg('a1'), msg('a2')]);
    await until(() => box.stats().retries >= 3);
    box.enqueue(1, [msg('a3')]);
    box.enqueue(2, [msg('b1')]);
    expect(box.stats()).toMatchObject({ pending: 4, sent: 0, failed: 0 });
    expect(box.stats().retrying).toBeGreaterThanOrEqual(1);
    await proxy.up();
    await expect(box.drain(3000)).resolves.toBe(true);
    expect(texts(fake.accepted(), 1)).toEqual(['a1', 'a2', 'a3']);
    expect(texts(fake.accepted(), 2)).toEqual(['b1']);
    expect(fake.callsOf('sendMessage')).toHaveLength(4);
    expect(box.stats()).toMatchObject({ sent: 4, failed: 0, pending: 0, retrying: 0 });
    expect(all()).toContain('will try again');
    expect(all()).toContain('ECONNREFUSED');
  });

  test('500 for longer than the API client would ever retry: still delivered once', async () => {
    proxy.failWith(SERVER_ERROR.telegram);
    const box = outbox();
    box.enqueue(7, [msg('один'), msg('два')]);
    await until(() => proxy.seen.failed >= 8);
    proxy.pass();
    await box.drain(3000);
    expect(texts(fake.accepted())).toEqual(['один', 'два']);
    expect(fake.callsOf('sendMessage')).toHaveLength(2);
    expect(box.stats().retries).toBeGreaterThanOrEqual(8);
  });

  test('the backoff grows and stays under its cap', async () => {
    proxy.failWith(SERVER_ERROR.telegram);
    const arrivals: number[] = [];
    const counting = new TelegramBotApi({
      token: fake.token,
      apiRoot: proxy.url,
      fetchImpl: (input, init) => {
        arrivals.push(performance.now());
        return fetch(input, init);
      },
    });
    const { logger, all } = captureLogger();
    const box = outbox({ api: counting, logger, retry: { baseMs: 20, maxMs: 80, random: () => 0.999 } });
    box.enqueue(1, [msg('x')]);
    await until(() => arrivals.length >= 11, 5000);
    proxy.pass();
    await box.drain(2000);
    // The waits it chose (logged for the first three failures and every tenth): 20, 40, 80, then the cap.
    const chosen = [...all().matchAll(/"delayMs":(\d+)/g)].map((m) => Number(m[1]));
    expect(chosen).toEqual([20, 40, 80, 80]);
    // The clock can only tell that it waited at least that long: a busy machine makes any wait longer.
    const gaps = arrivals.slice(1, 7).map((at, k) => at - (arrivals[k] ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(15);
    expect(gaps[2]).toBeGreaterThanOrEqual(70);
  });

  test("a 429 waits at least the retry_after Telegram asked for, and the chat's order holds", async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const box = outbox();
    box.enqueue(1, [msg('first'), msg('second')]);
    await box.drain(4000);
    const calls = fake.callsOf('sendMessage');
    expect(calls.map((call) => call.status)).toEqual([429, 200, 200]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(texts(fake.accepted())).toEqual(['first', 'second']);
  });

  test('a timeout after the request left is not retried (Telegram may have delivered it)', async () => {
    const slowApi = new TelegramBotApi({ token: fake.token, apiRoot: fake.apiRoot, requestTimeoutMs: 200 });
    fake.failNext('sendMessage', { hang: true });
    const box = outbox({ api: slowApi });
    box.enqueue(1, [msg('maybe sent'), msg('next')]);
    await box.drain(3000);
    expect(texts(fake.callsOf('sendMessage'))).toEqual(['maybe sent', 'next']);
    expect(box.stats()).toMatchObject({ sent: 1, failed: 1, retries: 0 });
  });

  test('a connection lost after the request reached Telegram is not retried', async () => {
    fake.failNext('sendMessage', { drop: true });
    const box = outbox();
    box.enqueue(1, [msg('maybe sent'), msg('next')]);
    await box.drain(3000);
    expect(texts(fake.callsOf('sendMessage'))).toEqual(['maybe sent', 'next']);
    expect(box.stats()).toMatchObject({ sent: 1, failed: 1, retries: 0 });
  });

  test('a final refusal is not retried: 400 drops the message, 403 the rest of the chat', async () => {
    fake.failNext('sendMessage', { status: 400, description: 'Bad Request: chat not found' });
    fake.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    const box = outbox();
    box.enqueue(1, [msg('refused'), msg('blocked'), msg('never')]);
    await box.drain(2000);
    expect(fake.callsOf('sendMessage')).toHaveLength(2);
    expect(box.stats()).toMatchObject({ sent: 0, failed: 3, retries: 0, pending: 0 });
  });

  test('memory stays bounded: a full chat queue and a full outbox refuse whole replies, counted and logged', async () => {
    const { logger, all } = captureLogger();
    await proxy.down();
    const box = outbox({ logger, maxPerChat: 3, maxPending: 5 });
    expect(box.enqueue(1, [msg('1'), msg('2')])).toBe(true);
    expect(box.enqueue(1, [msg('3'), msg('4')])).toBe(false);
    expect(box.enqueue(2, [msg('5'), msg('6'), msg('7')])).toBe(true);
    expect(box.enqueue(3, [msg('8')])).toBe(false);
    expect(box.stats()).toMatchObject({ rejected: 3, pending: 5 });
    expect(all()).toContain("this chat's queue is full");
    expect(all()).toContain('telegram outbox: full');
    await proxy.up();
    await box.drain(3000);
    expect(texts(fake.accepted(), 1)).toEqual(['1', '2']);
    expect(texts(fake.accepted(), 2)).toEqual(['5', '6', '7']);
  });

  test('a drain tries a backed-off message at once instead of waiting out its backoff', async () => {
    await proxy.down();
    const box = outbox({ retry: { baseMs: 60_000, maxMs: 60_000 } });
    box.enqueue(1, [msg('late but sent')]);
    await until(() => box.stats().retrying === 1);
    await proxy.up();
    // Drained within its 2 s, so it did not wait out the 60 s backoff.
    await expect(box.drain(2000)).resolves.toBe(true);
    expect(texts(fake.accepted())).toEqual(['late but sent']);
  });

  test('a drain that runs out of time stops the senders and counts what was left', async () => {
    const { logger, all } = captureLogger();
    await proxy.down();
    const box = outbox({ logger });
    box.enqueue(1, [msg('a'), msg('b')]);
    await until(() => box.stats().retries >= 1);
    await expect(box.drain(150)).resolves.toBe(false);
    await until(() => box.pending() === 0);
    expect(box.stats()).toMatchObject({ sent: 0, failed: 2, pending: 0, retrying: 0 });
    expect(all()).toContain('not sent before shutdown');
    const retries = box.stats().retries;
    await sleep(200);
    expect(box.stats().retries).toBe(retries);
  });
});
