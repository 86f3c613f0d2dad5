/**
 * The Viber channel end to end: a real express server on port 0, the real Botkit runtime, assistant and
 * knowledge base, and the fake Viber API. Wired as src/app.ts wires Telegram.
 */
import path from 'node:path';
import express from 'express';
import { Assistant } from '../../../src/assistant/assistant';
import { decodeAction } from '../../../src/assistant/payloads';
import { BotRuntime } from '../../../src/bot/bot-runtime';
import { UserStateStore } from '../../../src/bot/user-state-store';
import { ViberChannel } from '../../../src/channels/viber/viber-channel';
import { tokenDigest } from '../../../src/channels/viber/callback';
import { createTranslator, readLocales } from '../../../src/i18n';
import { loadKnowledgeDirectory } from '../../../src/knowledge/load-directory';
import { Pseudonymiser } from '../../../src/privacy/pseudonymise';
import { RateLimiter } from '../../../src/rate-limiter';
import { SearchIndex } from '../../../src/search/search-index';
import { openMemoryDatabase } from '../../../src/storage/database';
import { SqliteStateStore } from '../../../src/storage/sqlite-state';
import { FakeViber, postCallback, validateSendMessage, ViberCallbacks, type RecordedViberCall } from '../../fakes/fake-viber';
import { listen, until } from '../harness';
import { captureLogger } from '../telegram/log-capture';

const root = path.resolve(__dirname, '../../..');
const olena = { id: 'pttm25kSGUo1919sBORWyA==', name: 'Olena Shevchenko', language: 'uk' };
const pseudonymiser = new Pseudonymiser('a-test-secret-of-enough-length');
const { logger, all: logs } = captureLogger();

let fake: FakeViber;
let server: Awaited<ReturnType<typeof listen>>;
let url: URL;
let channel: ViberChannel;
let runtime: BotRuntime;
let states: UserStateStore;
const forgotten: string[] = [];
const viber = new ViberCallbacks();

beforeAll(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.join(root, 'knowledge'));
  if (!knowledge) throw new Error('the knowledge base does not load');
  const index = new SearchIndex(knowledge);
  const translate = await createTranslator(readLocales(path.join(root, 'locales')), { days: 60, stateDays: 30 });
  const storage = new SqliteStateStore(openMemoryDatabase());
  const health = { ok() {}, failed() {} };
  states = new UserStateStore(storage, health);
  runtime = new BotRuntime({
    assistant: new Assistant(() => index, translate),
    translate,
    storage,
    recorder: { question() {}, feedback() {}, outcome() {}, rateLimited() {} },
    userLimiter: new RateLimiter(0),
    health,
    logger,
  });

  fake = await FakeViber.start();
  const app = express();
  channel = new ViberChannel({
    config: { authToken: fake.authToken, apiRoot: fake.apiRoot, botName: 'Prykhystok', registerWebhook: false },
    pseudonymiser,
    logger,
    maxBodyBytes: 256 * 1024,
    isPayload: (text) => text === 'start' || decodeAction(text) !== undefined,
    onUnsubscribe: async (userKey) => {
      await states.forget(userKey);
      forgotten.push(userKey);
    },
    perChatIntervalMs: 0,
    globalPerSecond: 0,
    api: { backoffBaseMs: 10 },
    outboxRetry: { baseMs: 10 },
  });
  channel.attach(runtime.channel('viber', channel.sender));
  app.use(channel.router());
  server = await listen(app);
  url = new URL('/viber/webhook', server.base);
});

afterAll(async () => {
  await channel.stop(2000);
  await runtime.shutdown();
  await server.close();
  await fake.close();
});

/** Posts a callback and waits until the turn's replies have left the outbox. */
async function send(callback: ReturnType<ViberCallbacks['message']>): Promise<RecordedViberCall[]> {
  const before = fake.callsOf('send_message').length;
  expect((await postCallback(url, callback)).status).toBe(200);
  await runtime.idle();
  await until(() => channel.outbox.pending() === 0);
  return fake.callsOf('send_message').slice(before);
}

const actionBodies = (call: RecordedViberCall | undefined): string[] =>
  ((call?.params.keyboard as { Buttons?: Array<{ ActionBody: string }> } | undefined)?.Buttons ?? []).map((b) => b.ActionBody);

describe('a person from Ukraine on Viber', () => {
  test('opens the chat and is greeted in Ukrainian, in the response itself (no send_message before subscribing)', async () => {
    const answer = await postCallback(url, viber.conversationStarted(olena));
    expect(answer.status).toBe(200);
    const welcome = JSON.parse(answer.body) as Record<string, unknown>;
    expect(welcome).toMatchObject({ type: 'text', sender: { name: 'Prykhystok' }, min_api_version: 1 });
    expect(welcome.text).toContain('Прихисток');
    expect(validateSendMessage({ receiver: olena.id, ...welcome })).toBeUndefined();
    expect(actionBodies({ params: welcome } as unknown as RecordedViberCall)).toContain('t:housing');
    expect(fake.callsOf('send_message')).toHaveLength(0);
  });

  test('asks a question in Ukrainian and gets the answer in Ukrainian with follow-up and feedback buttons', async () => {
    const calls = await send(viber.message(olena, 'Як записатися до сімейного лікаря?'));
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.every((call) => call.status === 0 && call.params.receiver === olena.id)).toBe(true);
    const text = calls.map((call) => String(call.params.text)).join('\n');
    expect(text).toContain('сімейного лікаря');
    expect(text).toContain('🔗 https://');
    const last = calls[calls.length - 1];
    expect(actionBodies(last)).toEqual(expect.arrayContaining(['f:+:healthcare.gp', 'f:-:healthcare.gp']));
    expect(actionBodies(last).some((body) => body.startsWith('a:'))).toBe(true);
  });

  test('presses a keyboard button and the payload reaches the bot', async () => {
    const [call] = await send(viber.keyboardPress(olena, 't:health'));
    expect(call?.params.text).toBe('Здоров’я:');
    expect(actionBodies(call)).toContain('a:healthcare.gp');
    const [thanks] = await send(viber.keyboardPress(olena, 'f:+:healthcare.gp'));
    expect(thanks?.params.text).toBe('Дякую! Добре, що відповідь допомогла. Якщо буде ще запитання, просто напишіть його.');
  });

  test('a callback Viber delivers twice is answered once', async () => {
    const callback = viber.message(olena, 'скільки leefgeld на дитину');
    const first = await send(callback);
    expect(first.length).toBeGreaterThanOrEqual(1);
    const repeat = await send(callback);
    await new Promise((r) => setTimeout(r, 50));
    expect(repeat).toHaveLength(0);
    expect(fake.callsOf('send_message').slice(-first.length)).toEqual(first);
  });

  test('a forged callback gets 401 and nothing is sent', async () => {
    const before = fake.calls.length;
    const forged = viber.message(olena, 'Як записатися до лікаря?');
    const answer = await postCallback(url, forged, { headers: { 'x-viber-content-signature': 'ab'.repeat(32) } });
    expect(answer.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    await runtime.idle();
    expect(fake.calls).toHaveLength(before);
  });

  test('when Viber says "too many requests", the answer is retried and sent once', async () => {
    fake.failNext('send_message', { status: 12 });
    const calls = await send(viber.message(olena, 'Меню'));
    expect(calls.map((call) => call.status)).toEqual([12, 0]);
    expect(calls[0]?.params).toEqual(calls[1]?.params);
  });

  test('unsubscribes and is forgotten under the pseudonymous key', async () => {
    const userKey = pseudonymiser.userKey('viber', olena.id);
    expect(Object.keys((await states.load(userKey)).state).length).toBeGreaterThan(0);
    expect((await postCallback(url, viber.unsubscribed(olena.id))).status).toBe(200);
    await until(() => forgotten.length === 1);
    expect(forgotten).toEqual([userKey]);
    expect(userKey).not.toContain(olena.id);
    expect((await states.load(userKey)).state).toEqual({});
  });

  test('a sticker is answered (the bot reads text only) rather than ignored', async () => {
    const calls = await send(viber.sticker({ id: 'X2tmLqQ0pE9LE7xRKeBo8Q==', language: 'en' }));
    expect(calls.length).toBeGreaterThanOrEqual(1);
  });

  test('registering the webhook at start: Viber checks the URL, and names are not asked for', async () => {
    const registering = new ViberChannel({
      config: { authToken: fake.authToken, apiRoot: fake.apiRoot, botName: 'Prykhystok', registerWebhook: true, publicUrl: url.origin },
      pseudonymiser,
      logger,
      maxBodyBytes: 1024,
      isPayload: () => false,
    });
    await registering.start();
    expect(fake.webhook).toEqual({ url: url.toString(), event_types: ['conversation_started', 'subscribed', 'unsubscribed', 'failed'], send_name: false, send_photo: false });
    expect(logs()).toContain('the webhook URL was confirmed');
  });

  test('an undelivered message is logged by a digest of its message_token, never the token', async () => {
    const token = viber.newToken();
    const failed = viber.raw(`{"event":"failed","timestamp":${Date.now()},"message_token":${token},"user_id":"${olena.id}","desc":"keyboard validation failed"}`);
    expect((await postCallback(url, failed)).status).toBe(200);
    await until(() => logs().includes('could not be delivered'));
    expect(logs()).not.toContain(token);
    expect(logs()).toContain(`"ref":"${tokenDigest(token)}"`);
  });

  test('nothing in the logs identifies a person: no Viber id, no name, no message text', () => {
    const captured = logs();
    expect(captured.length).toBeGreaterThan(0);
    for (const secret of [olena.id, 'pttm25kSGUo', olena.name, 'Olena', 'X2tmLqQ0pE9', 'сімейного лікаря', fake.authToken]) {
      expect(captured).not.toContain(secret);
    }
  });
});
