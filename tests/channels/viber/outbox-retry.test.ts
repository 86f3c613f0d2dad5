/**
 * The Viber outbox when Viber is down or slow: passing failures keep the message and retry with capped
 * backoff, in order, exactly once; final refusals and "maybe delivered" failures do not retry; the queue
 * stays bounded; a drain sends what it can in time.
 */
import { ViberBotApi } from '../../../src/channels/viber/bot-api';
import { ViberOutbox, type ViberOutboxOptions } from '../../../src/channels/viber/outbox';
import { FakeViber, type RecordedViberCall } from '../../fakes/fake-viber';
import { FaultyProxy, SERVER_ERROR } from '../faulty-proxy';
import { until } from '../harness';
import { captureLogger } from '../telegram/log-capture';

let fake: FakeViber;
let proxy: FaultyProxy;
let api: ViberBotApi;
beforeEach(async () => {
  fake = await FakeViber.start();
  proxy = await FaultyProxy.start(fake.apiRoot);
  api = new ViberBotApi({ authToken: fake.authToken, apiRoot: proxy.url, requestTimeoutMs: 2000 });
});
afterEach(async () => {
  await proxy.close();
  await fake.close();
});

function outbox(options: Partial<ViberOutboxOptions> = {}): ViberOutbox {
  return new ViberOutbox({ api, logger: captureLogger().logger, senderName: 'Prykhystok', perChatIntervalMs: 0, globalPerSecond: 0, retry: { baseMs: 20, maxMs: 100 }, ...options });
}

const texts = (calls: RecordedViberCall[]): unknown[] => calls.map((call) => call.params.text);
const msg = (text: string) => ({ text });

describe('the Viber outbox while Viber is down', () => {
  test('connections refused for a while: every message arrives once, in order, after a later reply too', async () => {
    await proxy.down();
    const box = outbox();
    box.enqueue('viber:A', 'idA==', [msg('a1'), msg('a2')]);
    await until(() => box.stats().retries >= 3);
    box.enqueue('viber:A', 'idA==', [msg('a3')]);
    expect(box.stats()).toMatchObject({ pending: 3, retrying: 1, sent: 0 });
    await proxy.up();
    await expect(box.drain(3000)).resolves.toBe(true);
    expect(texts(fake.callsOf('send_message'))).toEqual(['a1', 'a2', 'a3']);
    expect(box.stats()).toMatchObject({ sent: 3, failed: 0, pending: 0, retrying: 0 });
  });

  test('5xx and "too many requests" for longer than the API client would retry: still delivered once', async () => {
    proxy.failWith(SERVER_ERROR.viber);
    const box = outbox();
    box.enqueue('viber:A', 'idA==', [msg('один'), msg('два')]);
    await until(() => proxy.seen.failed >= 6);
    proxy.pass();
    fake.failNext('send_message', { status: 12 }, 5);
    await box.drain(3000);
    expect(texts(fake.accepted())).toEqual(['один', 'два']);
    expect(box.stats().retries).toBeGreaterThanOrEqual(11);
  });

  test('a timeout or a lost connection after the request left is not retried (Viber may have delivered it)', async () => {
    const slowApi = new ViberBotApi({ authToken: fake.authToken, apiRoot: fake.apiRoot, requestTimeoutMs: 200 });
    fake.failNext('send_message', { hang: true });
    fake.failNext('send_message', { drop: true });
    const box = outbox({ api: slowApi });
    box.enqueue('viber:A', 'idA==', [msg('maybe 1'), msg('maybe 2'), msg('sent')]);
    await box.drain(3000);
    expect(texts(fake.callsOf('send_message'))).toEqual(['maybe 1', 'maybe 2', 'sent']);
    expect(box.stats()).toMatchObject({ sent: 1, failed: 2, retries: 0 });
  });

  test('a person who is gone (status 6) is final, not retried', async () => {
    fake.failNext('send_message', { status: 6 });
    const box = outbox();
    box.enqueue('viber:A', 'idA==', [msg('a'), msg('b')]);
    await box.drain(2000);
    expect(fake.callsOf('send_message')).toHaveLength(1);
    expect(box.stats()).toMatchObject({ failed: 2, retries: 0, pending: 0 });
  });

  test("a person's queue is bounded; a drain that runs out of time stops and counts what was left", async () => {
    const { logger, all } = captureLogger();
    await proxy.down();
    const box = outbox({ logger, maxPerChat: 2 });
    expect(box.enqueue('viber:A', 'idA==', [msg('1'), msg('2')])).toBe(true);
    expect(box.enqueue('viber:A', 'idA==', [msg('3')])).toBe(false);
    expect(all()).toContain("this person's queue is full");
    expect(all()).not.toContain('idA==');
    await until(() => box.stats().retries >= 1);
    await expect(box.drain(100)).resolves.toBe(false);
    await until(() => box.pending() === 0);
    expect(box.stats()).toMatchObject({ sent: 0, failed: 2, rejected: 1, retrying: 0 });
  });
});
