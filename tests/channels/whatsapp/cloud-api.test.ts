import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { maskNumbers, WhatsAppApiError, WhatsAppCloudApi, WhatsAppNetworkError, type WhatsAppCloudApiOptions } from '../../../src/channels/whatsapp/cloud-api';
import type { WhatsAppOutgoing } from '../../../src/channels/whatsapp/render';
import { FAKE_WA, FakeWhatsApp } from '../../fakes/fake-whatsapp';
import { captureLogger } from '../telegram/log-capture';

const PERSON = { kind: 'phone', id: '31612345678' } as const;
const hello: WhatsAppOutgoing = { type: 'text', text: { body: 'Привіт! Чим допомогти?', preview_url: false } };

let fake: FakeWhatsApp;
beforeEach(async () => {
  fake = await FakeWhatsApp.start();
});
afterEach(async () => {
  await fake.close();
});

function api(options: Partial<WhatsAppCloudApiOptions> = {}): WhatsAppCloudApi {
  return new WhatsAppCloudApi({
    token: FAKE_WA.token,
    phoneNumberId: FAKE_WA.phoneNumberId,
    apiRoot: fake.apiRoot,
    apiVersion: FAKE_WA.apiVersion,
    rateLimitBaseMs: 40,
    backoffBaseMs: 20,
    random: () => 0,
    ...options,
  });
}

const errorOf = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (error: unknown) => error);

describe('the Cloud API client', () => {
  test('posts to /<version>/<phone-number-id>/messages with the Bearer token and returns the wamid', async () => {
    const sent = await api().sendMessage(PERSON, hello);
    expect(sent.messageId).toMatch(/^wamid\./);
    const [call] = fake.calls;
    expect(call).toMatchObject({ version: 'v21.0', phoneNumberId: FAKE_WA.phoneNumberId, authorization: `Bearer ${FAKE_WA.token}` });
    expect(call?.body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: PERSON.id, type: 'text', text: hello.type === 'text' ? hello.text : {} });
  });

  test('a business-scoped user id goes in "recipient" instead of "to"', async () => {
    await api().sendMessage({ kind: 'bsuid', id: 'NL.1502576394655843' }, hello);
    expect(fake.calls[0]?.body).toMatchObject({ recipient: 'NL.1502576394655843' });
    expect(fake.calls[0]?.body.to).toBeUndefined();
  });

  test.each([
    ['throughput (130429, HTTP 400)', { kind: 'rate-limit', code: 130429 }],
    ['the pair rate limit (131056)', { kind: 'rate-limit', code: 131056 }],
    ['the app rate limit (4)', { kind: 'rate-limit', code: 4 }],
    ['the business-use-case limit (80007)', { kind: 'rate-limit', code: 80007 }],
    ['a plain HTTP 429', { kind: 'rate-limit', code: 130429, httpStatus: 429 }],
  ] as const)('a rate-limit answer for %s is retried after a backoff, and the message is sent once', async (_, failure) => {
    fake.failNext(failure, 2);
    await expect(api().sendMessage(PERSON, hello)).resolves.toHaveProperty('messageId');
    expect(fake.calls).toHaveLength(3);
    expect(fake.accepted()).toHaveLength(1);
    // Equal jitter with random() = 0: half of 40 ms, then half of 80 ms.
    expect((fake.calls[1]?.at ?? 0) - (fake.calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(18);
    expect((fake.calls[2]?.at ?? 0) - (fake.calls[1]?.at ?? 0)).toBeGreaterThanOrEqual(38);
  });

  test('a Retry-After header is honoured; one asking for too long fails at once', async () => {
    fake.failNext({ kind: 'rate-limit', httpStatus: 429, retryAfterSeconds: 1 });
    await api().sendMessage(PERSON, hello);
    expect((fake.calls[1]?.at ?? 0) - (fake.calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);

    fake.failNext({ kind: 'rate-limit', httpStatus: 429, retryAfterSeconds: 600 });
    const started = performance.now();
    const error = await errorOf(api({ maxRetryAfterSeconds: 60 }).sendMessage(PERSON, hello));
    expect(error).toBeInstanceOf(WhatsAppApiError);
    expect((error as WhatsAppApiError).rateLimited).toBe(true);
    // Blocking would take 600 s: far beyond this bound, which no busy machine reaches.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  test('a server error is retried; retries are bounded', async () => {
    fake.failNext({ kind: 'server', status: 500 });
    await api().sendMessage(PERSON, hello);
    expect(fake.calls).toHaveLength(2);

    fake.failNext({ kind: 'server', status: 503 }, 10);
    const error = await errorOf(api({ maxRetries: 2 }).sendMessage(PERSON, hello));
    expect(error).toBeInstanceOf(WhatsAppApiError);
    expect((error as WhatsAppApiError).httpStatus).toBe(503);
    expect(fake.calls).toHaveLength(2 + 3);
  });

  test('131047 (the 24-hour window closed) is final and says why', async () => {
    fake.failNext({ kind: 'error', code: 131047, message: 'Re-engagement message', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' });
    const error = await errorOf(api().sendMessage(PERSON, hello));
    expect(error).toBeInstanceOf(WhatsAppApiError);
    expect((error as WhatsAppApiError).outsideWindow).toBe(true);
    expect((error as Error).message).toMatch(/24 hours/);
    expect(fake.calls).toHaveLength(1);
  });

  test('a refused parameter is not retried', async () => {
    const tooLong: WhatsAppOutgoing = { type: 'text', text: { body: 'я'.repeat(4097), preview_url: false } };
    const error = await errorOf(api().sendMessage(PERSON, tooLong));
    expect((error as WhatsAppApiError).code).toBe(100);
    expect((error as Error).message).toMatch(/renderer/);
    expect(fake.calls).toHaveLength(1);
  });

  test('never sends twice: a timeout or a connection lost after the request left is not retried', async () => {
    fake.failNext({ kind: 'hang' });
    const timeout = await errorOf(api({ requestTimeoutMs: 200 }).sendMessage(PERSON, hello));
    expect(timeout).toMatchObject({ name: 'WhatsAppNetworkError', reason: 'timeout' });

    fake.failNext({ kind: 'drop' });
    const dropped = await errorOf(api().sendMessage(PERSON, hello));
    expect(dropped).toBeInstanceOf(WhatsAppNetworkError);
    expect((dropped as WhatsAppNetworkError).reason).toBe('network');
    expect(fake.calls).toHaveLength(2);
  });

  test('a connection refused (the request never left) is retried', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { logger, lines } = captureLogger();
    const error = await errorOf(api({ apiRoot: `http://127.0.0.1:${port}`, maxRetries: 2, logger }).sendMessage(PERSON, hello));
    expect(error).toMatchObject({ reason: 'network', detail: { code: 'ECONNREFUSED' } });
    expect(lines.filter((line) => line.includes('retrying'))).toHaveLength(2);
  });

  test('a wrong token fails at once with advice; neither the token nor the number reaches a message or a log line', async () => {
    const { logger, all } = captureLogger();
    const error = await errorOf(api({ token: 'EAAGwrongTOKEN', logger }).sendMessage(PERSON, hello));
    expect(error).toMatchObject({ httpStatus: 401, code: 190 });
    expect((error as Error).message).toMatch(/WHATSAPP_TOKEN/);
    for (const secret of ['EAAGwrongTOKEN', FAKE_WA.token, PERSON.id]) {
      expect((error as Error).message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
      expect(all()).not.toContain(secret);
    }
  });

  test("phone numbers in Meta's error texts are masked, error codes are not", async () => {
    expect(maskNumbers('(#131026) Message undeliverable to +31 6 1234 5678 or 31612345678')).toBe('(#131026) Message undeliverable to <number> or <number>');
    fake.failNext({ kind: 'error', code: 131026, message: 'Message undeliverable', details: `Recipient ${PERSON.id} cannot be reached` });
    const error = await errorOf(api().sendMessage(PERSON, hello));
    expect((error as Error).message).toContain('131026');
    expect((error as Error).message).not.toContain(PERSON.id);
  });

  test('refuses a configuration that cannot work, without echoing the token', () => {
    expect(() => new WhatsAppCloudApi({ token: 'EAAG with space', phoneNumberId: '1' })).toThrow(/access token/);
    expect(() => new WhatsAppCloudApi({ token: 'EAAG with space', phoneNumberId: '1' })).not.toThrow(/with space/);
    expect(() => new WhatsAppCloudApi({ token: 't', phoneNumberId: '+31612345678' })).toThrow(/numeric phone number ID/);
    expect(() => new WhatsAppCloudApi({ token: 't', phoneNumberId: '1', apiVersion: '21' })).toThrow(/v21\.0/);
  });
});
