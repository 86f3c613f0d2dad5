/**
 * The WhatsApp outbox when Meta is down or slow: passing failures keep the message and retry with capped
 * backoff, in order, exactly once; final refusals and "maybe delivered" failures do not retry; the queue
 * stays bounded; a drain sends what it can in time.
 */
import { WhatsAppCloudApi } from '../../../src/channels/whatsapp/cloud-api';
import { WhatsAppOutbox, type Recipient, type WhatsAppOutboxOptions } from '../../../src/channels/whatsapp/outbox';
import { ServiceWindow } from '../../../src/channels/whatsapp/service-window';
import { FAKE_WA, FakeWhatsApp } from '../../fakes/fake-whatsapp';
import { FaultyProxy, SERVER_ERROR } from '../faulty-proxy';
import { until } from '../harness';
import { captureLogger } from '../telegram/log-capture';
import { bodies, msg, personWhoWrote } from './outbox-fixtures';

let fake: FakeWhatsApp;
let proxy: FaultyProxy;
let api: WhatsAppCloudApi;
let window: ServiceWindow;
beforeEach(async () => {
  fake = await FakeWhatsApp.start();
  proxy = await FaultyProxy.start(fake.apiRoot);
  api = new WhatsAppCloudApi({ token: FAKE_WA.token, phoneNumberId: FAKE_WA.phoneNumberId, apiRoot: proxy.url, requestTimeoutMs: 2000 });
  window = new ServiceWindow();
});
afterEach(async () => {
  await proxy.close();
  await fake.close();
});

function outbox(options: Partial<WhatsAppOutboxOptions> = {}): WhatsAppOutbox {
  return new WhatsAppOutbox({ api, window, logger: captureLogger().logger, perRecipientIntervalMs: 0, globalPerSecond: 0, retry: { baseMs: 20, maxMs: 100 }, ...options });
}

const person = (phone: string): Recipient => personWhoWrote(window, phone);

describe('the WhatsApp outbox while Meta is down', () => {
  test('connections refused for a while: every message arrives once, in order, after a later reply too', async () => {
    const { logger, all } = captureLogger();
    await proxy.down();
    const box = outbox({ logger });
    const a = person('31600000001');
    box.enqueue(a, [msg('a1'), msg('a2')]);
    await until(() => box.stats().retries >= 3);
    box.enqueue(a, [msg('a3')]);
    expect(box.stats()).toMatchObject({ pending: 3, retrying: 1, sent: 0 });
    await proxy.up();
    await expect(box.drain(3000)).resolves.toBe(true);
    expect(bodies(fake.calls)).toEqual(['a1', 'a2', 'a3']);
    expect(box.stats()).toMatchObject({ sent: 3, failed: 0, pending: 0, retrying: 0 });
    expect(all()).not.toContain('31600000001');
  });

  test('server errors and rate limits for longer than the API client would retry: still delivered once', async () => {
    proxy.failWith(SERVER_ERROR.whatsapp);
    const box = outbox();
    box.enqueue(person('31600000002'), [msg('один'), msg('два')]);
    await until(() => proxy.seen.failed >= 6);
    proxy.pass();
    fake.failNext({ kind: 'rate-limit', code: 131056 }, 5);
    await box.drain(3000);
    expect(bodies(fake.accepted())).toEqual(['один', 'два']);
    expect(fake.accepted()).toHaveLength(2);
    expect(box.stats().retries).toBeGreaterThanOrEqual(11);
  });

  test('a Retry-After is honoured', async () => {
    fake.failNext({ kind: 'rate-limit', httpStatus: 429, retryAfterSeconds: 1 });
    const box = outbox();
    box.enqueue(person('31600000003'), [msg('x')]);
    await box.drain(4000);
    expect(fake.calls.map((call) => call.status)).toEqual([429, 200]);
    expect((fake.calls[1]?.at ?? 0) - (fake.calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  test('a timeout or a lost connection after the request left is not retried (Meta may have sent it)', async () => {
    const slowApi = new WhatsAppCloudApi({ token: FAKE_WA.token, phoneNumberId: FAKE_WA.phoneNumberId, apiRoot: fake.apiRoot, requestTimeoutMs: 200 });
    fake.failNext({ kind: 'hang' });
    fake.failNext({ kind: 'drop' });
    const box = outbox({ api: slowApi });
    box.enqueue(person('31600000004'), [msg('maybe 1'), msg('maybe 2'), msg('sent')]);
    await box.drain(3000);
    expect(bodies(fake.calls)).toEqual(['maybe 1', 'maybe 2', 'sent']);
    expect(box.stats()).toMatchObject({ sent: 1, failed: 2, retries: 0 });
  });

  test('window closed (131047) and undeliverable (131026) are final, not retried', async () => {
    fake.failNext({ kind: 'error', code: 131047, message: 'Re-engagement message' });
    fake.failNext({ kind: 'error', code: 131026, message: 'Message undeliverable' });
    const box = outbox();
    box.enqueue(person('31600000005'), [msg('a'), msg('b')]);
    box.enqueue(person('31600000006'), [msg('c'), msg('d')]);
    await box.drain(2000);
    expect(fake.calls).toHaveLength(2);
    expect(box.stats()).toMatchObject({ sent: 0, outsideWindow: 2, failed: 2, retries: 0, pending: 0 });
  });

  test("a person's queue is bounded; a drain that runs out of time stops and counts what was left", async () => {
    const { logger, all } = captureLogger();
    await proxy.down();
    const box = outbox({ logger, maxPerRecipient: 2 });
    const a = person('31600000007');
    expect(box.enqueue(a, [msg('1'), msg('2')])).toBe(true);
    expect(box.enqueue(a, [msg('3')])).toBe(false);
    expect(all()).toContain("this person's queue is full");
    await until(() => box.stats().retries >= 1);
    await expect(box.drain(100)).resolves.toBe(false);
    await until(() => box.pending() === 0);
    expect(box.stats()).toMatchObject({ sent: 0, failed: 2, rejected: 1, retrying: 0 });
  });
});
