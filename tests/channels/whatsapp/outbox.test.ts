import { WhatsAppCloudApi } from '../../../src/channels/whatsapp/cloud-api';
import { WhatsAppOutbox, type Recipient, type WhatsAppOutboxOptions } from '../../../src/channels/whatsapp/outbox';
import { ServiceWindow } from '../../../src/channels/whatsapp/service-window';
import { FAKE_WA, FakeWhatsApp } from '../../fakes/fake-whatsapp';
import { captureLogger } from '../telegram/log-capture';
import { bodies, msg, personWhoWrote } from './outbox-fixtures';

let fake: FakeWhatsApp;
let api: WhatsAppCloudApi;
let window: ServiceWindow;
beforeEach(async () => {
  fake = await FakeWhatsApp.start();
  api = new WhatsAppCloudApi({ token: FAKE_WA.token, phoneNumberId: FAKE_WA.phoneNumberId, apiRoot: fake.apiRoot, rateLimitBaseMs: 20, backoffBaseMs: 10, requestTimeoutMs: 2000 });
  window = new ServiceWindow();
});
afterEach(async () => {
  await fake.close();
});

function outbox(options: Partial<WhatsAppOutboxOptions> = {}): WhatsAppOutbox {
  return new WhatsAppOutbox({ api, window, logger: captureLogger().logger, perRecipientIntervalMs: 0, globalPerSecond: 0, retry: { baseMs: 10 }, ...options });
}

const person = (phone: string): Recipient => personWhoWrote(window, phone);

describe('the WhatsApp outbox', () => {
  test("one person's messages arrive in the order they were queued; people do not wait for each other", async () => {
    const box = outbox();
    const a = person('31600000001');
    const b = person('31600000002');
    expect(box.enqueue(a, [msg('a1'), msg('a2'), msg('a3')])).toBe(true);
    box.enqueue(b, [msg('b1')]);
    box.enqueue(a, [msg('a4')]);
    expect(box.pending()).toBe(5);
    await expect(box.drain(2000)).resolves.toBe(true);
    expect(bodies(fake.accepted(), '31600000001')).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(bodies(fake.accepted()).indexOf('b1')).toBeLessThan(bodies(fake.accepted()).indexOf('a2'));
    expect(box.stats()).toEqual({ sent: 5, failed: 0, rejected: 0, outsideWindow: 0, pending: 0, retrying: 0, retries: 0 });
  });

  test('messages to one person are spaced out (WhatsApp does not promise the order of a burst)', async () => {
    const box = outbox({ perRecipientIntervalMs: 120 });
    box.enqueue(person('31600000001'), [msg('1'), msg('2')]);
    await box.drain(2000);
    const [first, second] = fake.accepted().map((call) => call.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(115);
  });

  test('a rate-limited message is retried and delivered exactly once, and the order holds', async () => {
    fake.failNext({ kind: 'rate-limit', code: 131056 }, 2);
    const box = outbox();
    box.enqueue(person('31600000007'), [msg('один'), msg('два'), msg('три')]);
    await box.drain(3000);
    expect(fake.calls).toHaveLength(5);
    expect(bodies(fake.accepted())).toEqual(['один', 'два', 'три']);
    expect(box.stats()).toMatchObject({ sent: 3, failed: 0 });
  });

  test('outside the 24-hour window nothing is sent: logged and counted, without the number', async () => {
    const { logger, all } = captureLogger();
    const box = outbox({ logger });
    const stranger: Recipient = { userKey: 'whatsapp:stranger', address: { kind: 'phone', id: '31699999999' } };
    expect(box.enqueue(stranger, [msg('привіт'), msg('ще')])).toBe(false);
    await box.drain(100);
    expect(fake.calls).toHaveLength(0);
    expect(box.stats()).toMatchObject({ outsideWindow: 2, sent: 0 });
    expect(all()).toContain('24-hour window');
    expect(all()).toContain('whatsapp:stranger');
    expect(all()).not.toContain('31699999999');
  });

  test('when Meta says the window has closed (131047), the rest of that reply is dropped and later replies refused', async () => {
    fake.failNext({ kind: 'error', code: 131047, message: 'Re-engagement message' });
    const box = outbox();
    const late = person('31600000008');
    const other = person('31600000009');
    box.enqueue(late, [msg('a'), msg('b'), msg('c')]);
    box.enqueue(other, [msg('other')]);
    await box.drain(2000);
    expect(bodies(fake.accepted())).toEqual(['other']);
    expect(box.stats()).toMatchObject({ sent: 1, outsideWindow: 3, failed: 0, pending: 0 });
    expect(window.isOpen(late.userKey)).toBe(false);
  });

  test('a window that closes while a reply waits in the queue stops the rest of it', async () => {
    const box = outbox({ perRecipientIntervalMs: 80 });
    const someone = person('31600000010');
    box.enqueue(someone, [msg('first'), msg('second')]);
    await fake.waitForCalls(1);
    window.close(someone.userKey);
    await box.drain(2000);
    expect(bodies(fake.accepted())).toEqual(['first']);
    expect(box.stats()).toMatchObject({ sent: 1, outsideWindow: 1 });
  });

  test('a message Meta refuses is dropped and counted; the next one still goes', async () => {
    const { logger, all } = captureLogger();
    fake.failNext({ kind: 'error', code: 131009, message: 'Parameter value is not valid' });
    const box = outbox({ logger });
    box.enqueue(person('31600000011'), [msg('секретне питання'), msg('next')]);
    await box.drain(2000);
    expect(bodies(fake.accepted())).toEqual(['next']);
    expect(box.stats()).toMatchObject({ sent: 1, failed: 1 });
    expect(all()).toContain('131009');
    expect(all()).not.toContain('31600000011');
    expect(all()).not.toContain('секретне');
  });

  test('an undeliverable person (131026): the rest of their queue is dropped', async () => {
    fake.failNext({ kind: 'error', code: 131026, message: 'Message undeliverable' });
    const box = outbox();
    box.enqueue(person('31600000012'), [msg('a'), msg('b')]);
    await box.drain(2000);
    expect(fake.calls).toHaveLength(1);
    expect(box.stats()).toMatchObject({ failed: 2, pending: 0 });
  });

  test('a full outbox refuses a whole reply; drain waits, then refuses new ones', async () => {
    const box = outbox({ maxPending: 3, perRecipientIntervalMs: 20 });
    const a = person('31600000013');
    expect(box.enqueue(a, [msg('1'), msg('2')])).toBe(true);
    expect(box.enqueue(person('31600000014'), [msg('3'), msg('4')])).toBe(false);
    expect(box.stats().rejected).toBe(2);
    await expect(box.drain(2000)).resolves.toBe(true);
    expect(bodies(fake.accepted())).toEqual(['1', '2']);
    expect(box.enqueue(a, [msg('late')])).toBe(false);
  });

  test('drain gives up after its timeout when Meta does not answer', async () => {
    const slowApi = new WhatsAppCloudApi({ token: FAKE_WA.token, phoneNumberId: FAKE_WA.phoneNumberId, apiRoot: fake.apiRoot, requestTimeoutMs: 300, maxRetries: 0 });
    fake.failNext({ kind: 'hang' });
    const box = outbox({ api: slowApi });
    box.enqueue(person('31600000015'), [msg('stuck')]);
    await expect(box.drain(50)).resolves.toBe(false);
    expect(box.pending()).toBe(1);
    await expect(box.drain(2000)).resolves.toBe(true);
    expect(box.stats()).toMatchObject({ failed: 1, pending: 0 });
  });
});
