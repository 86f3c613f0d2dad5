import { TelegramBotApi } from '../../../src/channels/telegram/bot-api';
import { TelegramOutbox, type TelegramOutboxOptions } from '../../../src/channels/telegram/outbox';
import { renderReply } from '../../../src/channels/telegram/render';
import { FakeTelegram, type RecordedCall } from '../../fakes/fake-telegram';
import { captureLogger } from './log-capture';

let fake: FakeTelegram;
let api: TelegramBotApi;
beforeEach(async () => {
  fake = await FakeTelegram.start();
  api = new TelegramBotApi({ token: fake.token, apiRoot: fake.apiRoot, backoffBaseMs: 10, requestTimeoutMs: 2000 });
});
afterEach(async () => {
  await fake.close();
});

function outbox(options: Partial<TelegramOutboxOptions> = {}): TelegramOutbox {
  return new TelegramOutbox({ api, logger: captureLogger().logger, perChatIntervalMs: 0, globalPerSecond: 0, retry: { baseMs: 10 }, ...options });
}

const texts = (calls: RecordedCall[], chatId?: number): unknown[] =>
  calls.filter((call) => chatId === undefined || call.params.chat_id === chatId).map((call) => call.params.text);
const msg = (text: string) => ({ text });

describe('the Telegram outbox', () => {
  test('messages to one chat arrive in the order they were queued', async () => {
    const box = outbox();
    expect(box.enqueue(1, [msg('a1'), msg('a2'), msg('a3')])).toBe(true);
    box.enqueue(2, [msg('b1'), msg('b2')]);
    box.enqueue(1, [msg('a4')]);
    expect(box.pending()).toBe(6);
    await expect(box.drain(2000)).resolves.toBe(true);
    expect(texts(fake.accepted(), 1)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(texts(fake.accepted(), 2)).toEqual(['b1', 'b2']);
    expect(box.stats()).toEqual({ sent: 6, failed: 0, rejected: 0, pending: 0, retrying: 0, retries: 0 });
  });

  test('one chat is spaced out without holding up another chat', async () => {
    const box = outbox({ perChatIntervalMs: 150 });
    box.enqueue(1, [msg('a1'), msg('a2'), msg('a3')]);
    box.enqueue(2, [msg('b1')]);
    await box.drain(3000);
    const sent = fake.accepted();
    const chat1 = sent.filter((call) => call.params.chat_id === 1).map((call) => call.at);
    expect((chat1[1] ?? 0) - (chat1[0] ?? 0)).toBeGreaterThanOrEqual(145);
    expect((chat1[2] ?? 0) - (chat1[1] ?? 0)).toBeGreaterThanOrEqual(145);
    expect(texts(sent).indexOf('b1')).toBeLessThan(texts(sent).indexOf('a2'));
  });

  test('the spacing also holds between two replies to the same chat', async () => {
    const box = outbox({ perChatIntervalMs: 150 });
    box.enqueue(1, [msg('first')]);
    await fake.waitForCalls('sendMessage', 1, 2000, (call) => call.ok === true);
    box.enqueue(1, [msg('second')]);
    await box.drain(2000);
    const [first, second] = fake.accepted().map((call) => call.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(145);
  });

  test('the overall rate is limited across chats', async () => {
    const box = outbox({ globalPerSecond: 20 });
    // The k-th send may not start before k slots of 50 ms after queueing. Measured from before the
    // queueing, not between arrivals: a first request that arrives late (a busy machine) brings the
    // arrivals closer together than the sends were, and that is no fault of the outbox.
    const queued = performance.now();
    for (let chat = 1; chat <= 5; chat++) box.enqueue(chat, [msg(`m${chat}`)]);
    await box.drain(3000);
    const times = fake.accepted().map((call) => call.at);
    expect(times).toHaveLength(5);
    times.forEach((at, k) => expect(at - queued).toBeGreaterThanOrEqual(k * 50 - 1));
  });

  test('a send retried after server errors is delivered exactly once', async () => {
    fake.failNext('sendMessage', { status: 500 }, 2);
    const box = outbox();
    box.enqueue(7, [msg('один'), msg('два'), msg('три')]);
    await box.drain(3000);
    expect(fake.callsOf('sendMessage')).toHaveLength(5);
    expect(texts(fake.accepted())).toEqual(['один', 'два', 'три']);
    expect(box.stats().sent).toBe(3);
  });

  test('a message Telegram refuses is dropped, counted and logged without its text or the chat id', async () => {
    const { logger, all } = captureLogger();
    fake.failNext('sendMessage', { status: 400, description: 'Bad Request: chat not found' });
    const box = outbox({ logger, chatLabel: () => 'telegram:pseudonym' });
    box.enqueue(555000111, [msg('секретний текст'), msg('наступне')]);
    await box.drain(2000);
    expect(texts(fake.accepted())).toEqual(['наступне']);
    expect(box.stats()).toMatchObject({ sent: 1, failed: 1, pending: 0 });
    expect(all()).toContain('telegram:pseudonym');
    expect(all()).toContain('chat not found');
    expect(all()).not.toContain('555000111');
    expect(all()).not.toContain('секретний');
  });

  test('when the person blocked the bot, the rest of their queue is dropped', async () => {
    fake.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    const box = outbox();
    box.enqueue(9, [msg('a'), msg('b'), msg('c')]);
    box.enqueue(10, [msg('other chat')]);
    await box.drain(2000);
    expect(texts(fake.accepted())).toEqual(['other chat']);
    expect(box.stats()).toMatchObject({ sent: 1, failed: 3, pending: 0 });
  });

  test('a full outbox refuses a whole reply and says so', async () => {
    const { logger, all } = captureLogger();
    const box = outbox({ maxPending: 3, logger, perChatIntervalMs: 50 });
    expect(box.enqueue(1, [msg('1'), msg('2')])).toBe(true);
    expect(box.enqueue(2, [msg('3'), msg('4')])).toBe(false);
    expect(box.stats().rejected).toBe(2);
    expect(all()).toContain('full');
    await box.drain(2000);
    expect(texts(fake.accepted())).toEqual(['1', '2']);
  });

  test('drain waits for queued messages, then refuses new ones', async () => {
    const box = outbox({ perChatIntervalMs: 30 });
    box.enqueue(1, [msg('a'), msg('b'), msg('c')]);
    await expect(box.drain(2000)).resolves.toBe(true);
    expect(fake.accepted()).toHaveLength(3);
    expect(box.enqueue(1, [msg('late')])).toBe(false);
    await expect(outbox().drain(10)).resolves.toBe(true);
  });

  test('drain gives up after its timeout when Telegram does not answer', async () => {
    const slowApi = new TelegramBotApi({ token: fake.token, apiRoot: fake.apiRoot, requestTimeoutMs: 300, maxRetries: 0 });
    fake.failNext('sendMessage', { hang: true });
    const box = outbox({ api: slowApi });
    box.enqueue(1, [msg('stuck')]);
    await expect(box.drain(50)).resolves.toBe(false);
    expect(box.pending()).toBe(1);
    await expect(box.drain(2000)).resolves.toBe(true);
    expect(box.stats()).toMatchObject({ failed: 1, pending: 0 });
  });

  test('a long rendered answer reaches Telegram in full, buttons under the last part', async () => {
    const text = Array.from({ length: 10 }, (_, k) => `**${k + 1}.** ${'Реєстрація в муніципалітеті <BRP> & BSN. '.repeat(25)}`).join('\n\n');
    const parts = renderReply({ kind: 'answer', language: 'uk', text, sources: ['https://ind.nl/'], buttons: [{ label: 'Меню', payload: 'm' }] });
    expect(parts.length).toBeGreaterThan(1);
    const box = outbox();
    box.enqueue(3, parts);
    await box.drain(3000);
    const accepted = fake.accepted();
    expect(accepted).toHaveLength(parts.length);
    expect(fake.callsOf('sendMessage').every((call) => call.ok)).toBe(true);
    expect(accepted.map((call) => call.params.reply_markup !== undefined)).toEqual(parts.map((_, k) => k === parts.length - 1));
    expect(accepted.every((call) => call.params.parse_mode === 'HTML')).toBe(true);
  });
});
