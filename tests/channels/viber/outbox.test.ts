import { ViberBotApi } from '../../../src/channels/viber/bot-api';
import { ViberOutbox, type ViberOutboxOptions } from '../../../src/channels/viber/outbox';
import { renderReply } from '../../../src/channels/viber/render';
import { FakeViber, type RecordedViberCall } from '../../fakes/fake-viber';
import { captureLogger } from '../telegram/log-capture';

let fake: FakeViber;
let api: ViberBotApi;
beforeEach(async () => {
  fake = await FakeViber.start();
  api = new ViberBotApi({ authToken: fake.authToken, apiRoot: fake.apiRoot, backoffBaseMs: 10, requestTimeoutMs: 2000 });
});
afterEach(async () => {
  await fake.close();
});

function outbox(options: Partial<ViberOutboxOptions> = {}): ViberOutbox {
  return new ViberOutbox({ api, logger: captureLogger().logger, senderName: 'Prykhystok', perChatIntervalMs: 0, globalPerSecond: 0, retry: { baseMs: 10 }, ...options });
}

const texts = (calls: RecordedViberCall[], receiver?: string): unknown[] =>
  calls.filter((call) => receiver === undefined || call.params.receiver === receiver).map((call) => call.params.text);
const msg = (text: string) => ({ text });

describe('the Viber outbox', () => {
  test('messages to one person arrive in the order they were queued', async () => {
    const box = outbox();
    expect(box.enqueue('viber:A', 'idA==', [msg('a1'), msg('a2'), msg('a3')])).toBe(true);
    box.enqueue('viber:B', 'idB==', [msg('b1'), msg('b2')]);
    box.enqueue('viber:A', 'idA==', [msg('a4')]);
    expect(box.pending()).toBe(6);
    await expect(box.drain(2000)).resolves.toBe(true);
    expect(texts(fake.accepted(), 'idA==')).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(texts(fake.accepted(), 'idB==')).toEqual(['b1', 'b2']);
    expect(box.stats()).toEqual({ sent: 6, failed: 0, rejected: 0, pending: 0, retrying: 0, retries: 0 });
  });

  test('one person is spaced out without holding up another', async () => {
    const box = outbox({ perChatIntervalMs: 120 });
    box.enqueue('viber:A', 'idA==', [msg('a1'), msg('a2')]);
    box.enqueue('viber:B', 'idB==', [msg('b1')]);
    await box.drain(3000);
    const a = fake.accepted().filter((call) => call.params.receiver === 'idA==').map((call) => call.at);
    expect((a[1] ?? 0) - (a[0] ?? 0)).toBeGreaterThanOrEqual(115);
    expect(texts(fake.accepted()).indexOf('b1')).toBeLessThan(texts(fake.accepted()).indexOf('a2'));
  });

  test('a rate-limited send is retried and delivered exactly once', async () => {
    fake.failNext('send_message', { status: 12 }, 1);
    fake.failNext('send_message', { http: 429 }, 1);
    const box = outbox();
    box.enqueue('viber:A', 'idA==', [msg('один'), msg('два')]);
    await box.drain(3000);
    expect(fake.callsOf('send_message')).toHaveLength(4);
    expect(texts(fake.accepted())).toEqual(['один', 'два']);
    expect(box.stats()).toMatchObject({ sent: 2, failed: 0 });
  });

  test('when the person is not subscribed, the rest of their queue is dropped; others still get theirs', async () => {
    const { logger, all } = captureLogger();
    fake.unsubscribed.add('idGone==');
    const box = outbox({ logger });
    box.enqueue('viber:gone', 'idGone==', [msg('секретний текст'), msg('b'), msg('c')]);
    box.enqueue('viber:B', 'idB==', [msg('other person')]);
    await box.drain(2000);
    expect(fake.callsOf('send_message').filter((call) => call.params.receiver === 'idGone==')).toHaveLength(1);
    expect(texts(fake.accepted())).toEqual(['other person']);
    expect(box.stats()).toMatchObject({ sent: 1, failed: 3, pending: 0 });
    expect(all()).toContain('viber:gone');
    expect(all()).toContain('receiverNotSubscribed');
    expect(all()).not.toContain('idGone');
    expect(all()).not.toContain('секретний');
  });

  test('a full outbox refuses a whole reply and says so', async () => {
    const { logger, all } = captureLogger();
    const box = outbox({ maxPending: 3, logger, perChatIntervalMs: 50 });
    expect(box.enqueue('viber:A', 'idA==', [msg('1'), msg('2')])).toBe(true);
    expect(box.enqueue('viber:B', 'idB==', [msg('3'), msg('4')])).toBe(false);
    expect(box.stats().rejected).toBe(2);
    expect(all()).toContain('full');
    await box.drain(2000);
    expect(texts(fake.accepted())).toEqual(['1', '2']);
  });

  test('drain waits for queued messages, then refuses new ones; it gives up after its timeout', async () => {
    const box = outbox({ perChatIntervalMs: 30 });
    box.enqueue('viber:A', 'idA==', [msg('a'), msg('b')]);
    await expect(box.drain(2000)).resolves.toBe(true);
    expect(box.enqueue('viber:A', 'idA==', [msg('late')])).toBe(false);

    const slowApi = new ViberBotApi({ authToken: fake.authToken, apiRoot: fake.apiRoot, requestTimeoutMs: 300, maxRetries: 0 });
    fake.failNext('send_message', { hang: true });
    const stuck = outbox({ api: slowApi });
    stuck.enqueue('viber:A', 'idA==', [msg('stuck')]);
    await expect(stuck.drain(50)).resolves.toBe(false);
    await expect(stuck.drain(2000)).resolves.toBe(true);
    expect(stuck.stats()).toMatchObject({ failed: 1, pending: 0 });
  });

  test('a long rendered answer reaches Viber in full, the keyboard on the last part', async () => {
    const text = Array.from({ length: 12 }, (_, k) => `**${k + 1}.** ${'Реєстрація в муніципалітеті та BSN. '.repeat(30)}`).join('\n\n');
    const parts = renderReply({ kind: 'answer', language: 'uk', text, sources: ['https://ind.nl/'], buttons: [{ label: 'Меню', payload: 'm' }] });
    expect(parts.length).toBeGreaterThan(1);
    const box = outbox();
    box.enqueue('viber:A', 'idA==', parts);
    await box.drain(3000);
    expect(fake.callsOf('send_message').every((call) => call.status === 0)).toBe(true);
    expect(fake.accepted().map((call) => call.params.keyboard !== undefined)).toEqual(parts.map((_, k) => k === parts.length - 1));
  });
});
