import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ViberApiError, ViberBotApi, ViberNetworkError, type ViberBotApiOptions } from '../../../src/channels/viber/bot-api';
import { FakeViber } from '../../fakes/fake-viber';
import { captureLogger } from '../telegram/log-capture';

let fake: FakeViber;
beforeEach(async () => {
  fake = await FakeViber.start();
});
afterEach(async () => {
  await fake.close();
});

function api(options: Partial<ViberBotApiOptions> = {}): ViberBotApi {
  return new ViberBotApi({ authToken: fake.authToken, apiRoot: fake.apiRoot, backoffBaseMs: 20, random: () => 0, ...options });
}

const message = { receiver: 'pttm25kSGUo1919sBORWyA==', type: 'text' as const, sender: { name: 'Prykhystok' }, text: 'Привіт' };
const gaps = (): number[] => fake.callsOf('send_message').slice(1).map((call, k) => call.at - (fake.callsOf('send_message')[k]?.at ?? 0));

describe('the Viber API client', () => {
  test('sends with the auth token in the X-Viber-Auth-Token header', async () => {
    await api().sendMessage(message);
    const [call] = fake.accepted();
    expect(call?.authToken).toBe(fake.authToken);
    expect(call?.params).toMatchObject({ receiver: message.receiver, text: 'Привіт', sender: { name: 'Prykhystok' } });
  });

  test('a wrong token is a ViberApiError that says what to do, without the token', async () => {
    const wrong = 'ffffffffffffffff-ffffffffffffffff-ffffffffffffffff';
    const error = await api({ authToken: wrong }).sendMessage(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ViberApiError);
    expect((error as ViberApiError).status).toBe(2);
    expect((error as Error).message).toMatch(/VIBER_AUTH_TOKEN/);
    expect((error as Error).message).not.toContain(wrong);
  });

  test('status 12 (too many requests) is retried with backoff and sent once', async () => {
    fake.failNext('send_message', { status: 12 }, 2);
    await api({ backoffBaseMs: 60 }).sendMessage(message);
    expect(fake.callsOf('send_message')).toHaveLength(3);
    expect(fake.accepted()).toHaveLength(1);
    const [first = 0, second = 0] = gaps();
    expect(first).toBeGreaterThanOrEqual(28);
    expect(second).toBeGreaterThanOrEqual(58);
  });

  test('HTTP 429 honours Retry-After', async () => {
    fake.failNext('send_message', { http: 429, retryAfter: 1 });
    await api().sendMessage(message);
    expect(fake.accepted()).toHaveLength(1);
    expect(gaps()[0]).toBeGreaterThanOrEqual(990);
  });

  test('a Retry-After longer than the cap fails at once instead of blocking', async () => {
    fake.failNext('send_message', { http: 429, retryAfter: 120 });
    const error = await api({ maxRetryAfterSeconds: 5 }).sendMessage(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ViberApiError);
    expect((error as ViberApiError).httpStatus).toBe(429);
    expect(fake.callsOf('send_message')).toHaveLength(1);
  });

  test('5xx is retried; retries are bounded', async () => {
    fake.failNext('send_message', { http: 502 }, 10);
    const error = await api({ maxRetries: 2 }).sendMessage(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ViberApiError);
    expect(fake.callsOf('send_message')).toHaveLength(3);
  });

  test('a refusal that will not change is not retried (receiver not subscribed, bad data)', async () => {
    fake.unsubscribed.add(message.receiver);
    const error = await api().sendMessage(message).catch((e: unknown) => e);
    expect((error as ViberApiError).status).toBe(6);
    expect((error as Error).message).toMatch(/unsubscribed/);
    fake.unsubscribed.clear();
    const tooLong = await api().sendMessage({ ...message, text: 'x'.repeat(7001) }).catch((e: unknown) => e);
    expect((tooLong as ViberApiError).status).toBe(3);
    expect(fake.callsOf('send_message')).toHaveLength(2);
  });

  test('send_message is not retried after a timeout: Viber may have delivered it', async () => {
    fake.failNext('send_message', { hang: true });
    const error = await api({ requestTimeoutMs: 150 }).sendMessage(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ViberNetworkError);
    expect((error as ViberNetworkError).reason).toBe('timeout');
    expect(fake.callsOf('send_message')).toHaveLength(1);
  });

  test('a refused connection (nothing reached Viber) is retried even for send_message', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { logger, all } = captureLogger();
    const error = await api({ apiRoot: `http://127.0.0.1:${port}`, maxRetries: 1, logger }).sendMessage(message).catch((e: unknown) => e);
    expect((error as ViberNetworkError).detail?.code).toBe('ECONNREFUSED');
    expect(all()).toContain('retrying');
    expect(all()).not.toContain(message.receiver);
  });

  test('a request over 30 KB is refused before it is sent', async () => {
    await expect(api().sendMessage({ ...message, text: 'я'.repeat(16_000) })).rejects.toThrow(/30720/);
    expect(fake.calls).toHaveLength(0);
  });

  test('set_webhook returns the events Viber will send', async () => {
    const hook = createServer((_req, res) => res.writeHead(200).end());
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/viber/webhook`;
    try {
      await expect(api().setWebhook({ url, event_types: ['subscribed'], send_name: false })).resolves.toEqual(['subscribed']);
      expect(fake.webhook).toMatchObject({ url, send_name: false });
    } finally {
      await new Promise<void>((resolve) => hook.close(() => resolve()));
    }
  });
});
