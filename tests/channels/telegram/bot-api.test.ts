import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TelegramApiError, TelegramBotApi, TelegramNetworkError, type TelegramBotApiOptions } from '../../../src/channels/telegram/bot-api';
import { FakeTelegram } from '../../fakes/fake-telegram';
import { captureLogger } from './log-capture';

let fake: FakeTelegram;
beforeEach(async () => {
  fake = await FakeTelegram.start();
});
afterEach(async () => {
  await fake.close();
});

function api(options: Partial<TelegramBotApiOptions> = {}): TelegramBotApi {
  return new TelegramBotApi({ token: fake.token, apiRoot: fake.apiRoot, backoffBaseMs: 20, random: () => 0, ...options });
}

const gaps = (method: string): number[] => fake.callsOf(method).slice(1).map((call, k) => call.at - (fake.callsOf(method)[k]?.at ?? 0));

describe('the Bot API client', () => {
  test('calls a method and returns its result', async () => {
    await expect(api().getMe()).resolves.toMatchObject({ is_bot: true, username: 'prykhystok_test_bot' });
    expect(fake.callsOf('getMe')).toHaveLength(1);
  });

  test('after a 429 it waits exactly retry_after seconds, then succeeds', async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const { logger, all } = captureLogger();
    const sent = await api({ logger }).sendMessage({ chat_id: 42, text: 'Привіт' });
    expect(sent.message_id).toBeGreaterThan(0);
    expect(fake.callsOf('sendMessage')).toHaveLength(2);
    // The wait it chose, exactly; the clock can only tell that it waited at least that long (a busy
    // machine makes any wait longer, so no upper bound on the clock).
    expect(all()).toContain('"delayMs":1000');
    const [gap = 0] = gaps('sendMessage');
    expect(gap).toBeGreaterThanOrEqual(990);
  });

  test('a 429 asking to wait longer than the cap fails at once instead of blocking', async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 600 });
    const started = performance.now();
    const error = await api({ maxRetryAfterSeconds: 5 }).sendMessage({ chat_id: 42, text: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramApiError);
    expect((error as TelegramApiError).retryAfter).toBe(600);
    // Blocking would take 600 s (or the 5 s cap): far beyond this bound, which no busy machine reaches.
    expect(performance.now() - started).toBeLessThan(4000);
    expect(fake.callsOf('sendMessage')).toHaveLength(1);
  });

  test('a 500 is retried with growing delays until it succeeds', async () => {
    fake.failNext('getMe', { status: 500 }, 2);
    await expect(api({ backoffBaseMs: 60 }).getMe()).resolves.toBeDefined();
    expect(fake.callsOf('getMe')).toHaveLength(3);
    const [first = 0, second = 0] = gaps('getMe');
    // Equal jitter with random() = 0: half of 60 ms, then half of 120 ms.
    expect(first).toBeGreaterThanOrEqual(28);
    expect(second).toBeGreaterThanOrEqual(58);
  });

  test('retries are bounded: a lasting 5xx ends in a TelegramApiError', async () => {
    fake.failNext('getMe', { status: 502 }, 10);
    const error = await api({ maxRetries: 2 }).getMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramApiError);
    expect((error as TelegramApiError).errorCode).toBe(502);
    expect(fake.callsOf('getMe')).toHaveLength(3);
  });

  test('a wrong token fails at once with advice, and the token appears in no message or log line', async () => {
    const { logger, all } = captureLogger();
    const wrongToken = '999999:WRONG-token-value_xyz';
    const client = new TelegramBotApi({ token: wrongToken, apiRoot: fake.apiRoot, logger, backoffBaseMs: 1 });
    const error = await client.getMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramApiError);
    expect((error as TelegramApiError).errorCode).toBe(401);
    expect((error as Error).message).toMatch(/@BotFather/);
    expect((error as Error).message).not.toContain('WRONG-token');
    expect(JSON.stringify(error)).not.toContain('WRONG-token');
    expect(all()).not.toContain('WRONG-token');
    expect(fake.callsOf('getMe')).toHaveLength(1);
  });

  test('a 400 is not retried', async () => {
    const error = await api().sendMessage({ chat_id: 42, text: '<b>unclosed', parse_mode: 'HTML' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramApiError);
    expect((error as Error).message).toMatch(/can't parse entities.*renderer/);
    expect(fake.callsOf('sendMessage')).toHaveLength(1);
  });

  test('an unreachable server gives a TelegramNetworkError after bounded retries, without the token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    let attempts = 0;
    const { logger, all } = captureLogger();
    const client = api({
      apiRoot: `http://127.0.0.1:${port}`,
      maxRetries: 2,
      logger,
      fetchImpl: (input, init) => {
        attempts += 1;
        return fetch(input, init);
      },
    });
    const error = await client.getMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramNetworkError);
    expect((error as TelegramNetworkError).detail?.code).toBe('ECONNREFUSED');
    expect(attempts).toBe(3);
    expect(`${(error as Error).message}${all()}`).not.toContain(fake.token);
  });

  test('a request that gets no answer times out', async () => {
    fake.failNext('getMe', { hang: true });
    const error = await api({ requestTimeoutMs: 100, maxRetries: 0 }).getMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramNetworkError);
    expect((error as TelegramNetworkError).reason).toBe('timeout');
  });

  test('a lost connection is retried for getMe but not for sendMessage, which might then arrive twice', async () => {
    fake.failNext('getMe', { drop: true });
    await expect(api().getMe()).resolves.toBeDefined();
    expect(fake.callsOf('getMe')).toHaveLength(2);

    fake.failNext('sendMessage', { drop: true });
    await expect(api().sendMessage({ chat_id: 1, text: 'x' })).rejects.toBeInstanceOf(TelegramNetworkError);
    expect(fake.callsOf('sendMessage')).toHaveLength(1);
  });

  test('an abort ends a long poll at once', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const polling = api().getUpdates({ timeout: 25 }, { signal: controller.signal });
    await fake.waitForCalls('getUpdates', 1);
    controller.abort();
    await expect(polling).rejects.toMatchObject({ reason: 'aborted' });
    // Without the abort the poll would last 25 s: far beyond this bound, which no busy machine reaches.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  test('a malformed token is refused at construction without echoing it', () => {
    expect(() => new TelegramBotApi({ token: '"123:abc"\n' })).toThrow(/@BotFather/);
    expect(() => new TelegramBotApi({ token: 'secret-looking value' })).not.toThrow(/secret-looking/);
  });
});
