/**
 * The whole WhatsApp path on real sockets: signed webhook → express → WhatsAppChannel → the real
 * BotRuntime (Botkit, assistant, knowledge, SQLite state) → outbox → the fake Cloud API.
 */
import path from 'node:path';
import express from 'express';
import type { Logger } from 'pino';
import { Assistant } from '../../../src/assistant/assistant';
import { BotRuntime } from '../../../src/bot/bot-runtime';
import type { ConversationRecorder } from '../../../src/bot/recorder';
import { WhatsAppChannel, type WhatsAppChannelOptions } from '../../../src/channels/whatsapp/whatsapp-channel';
import { Health } from '../../../src/health';
import { createTranslator, readLocales } from '../../../src/i18n';
import type { Translate } from '../../../src/assistant/translate';
import { loadKnowledgeDirectory } from '../../../src/knowledge/load-directory';
import { Pseudonymiser } from '../../../src/privacy/pseudonymise';
import { RateLimiter } from '../../../src/rate-limiter';
import { SearchIndex } from '../../../src/search/search-index';
import { openMemoryDatabase, type Db } from '../../../src/storage/database';
import { SqliteStateStore } from '../../../src/storage/sqlite-state';
import { FAKE_WA, FakeWhatsApp, metaJson, notification, signature, signedWebhook, type InboundSpec, type SentCall } from '../../fakes/fake-whatsapp';
import { post } from '../../fakes/raw-http';
import { listen, until } from '../harness';
import { captureLogger } from '../telegram/log-capture';

const PHONE = '31612345678';

let index: SearchIndex;
let translate: Translate;
beforeAll(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../../knowledge'));
  if (!knowledge) throw new Error('the knowledge base does not load');
  index = new SearchIndex(knowledge);
  translate = await createTranslator(readLocales(path.resolve(__dirname, '../../../locales')), { days: 60, stateDays: 30 });
});

interface Harness {
  fake: FakeWhatsApp;
  channel: WhatsAppChannel;
  db: Db;
  url: URL;
  logs: () => string;
  feedback: Array<{ answerId: string; helpful: boolean }>;
  /** Posts a signed notification with these messages; resolves with the HTTP status. */
  write: (...messages: InboundSpec[]) => Promise<number>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: Partial<WhatsAppChannelOptions> = {}): Promise<Harness> {
  const fake = await FakeWhatsApp.start();
  cleanups.push(() => fake.close());
  const { logger, all } = captureLogger();
  const db = openMemoryDatabase();
  const health = new Health();
  const feedback: Harness['feedback'] = [];
  const recorder: ConversationRecorder = {
    question: () => undefined,
    feedback: (answerId, helpful) => void feedback.push({ answerId, helpful }),
    outcome: () => undefined,
    rateLimited: () => undefined,
  };
  const runtime = new BotRuntime({
    assistant: new Assistant(() => index, translate),
    translate,
    storage: new SqliteStateStore(db),
    recorder,
    userLimiter: new RateLimiter(0),
    health,
    logger: logger as Logger,
  });
  const channel = new WhatsAppChannel({
    config: { token: FAKE_WA.token, appSecret: FAKE_WA.appSecret, verifyToken: FAKE_WA.verifyToken, phoneNumberId: FAKE_WA.phoneNumberId, apiRoot: fake.apiRoot, apiVersion: FAKE_WA.apiVersion },
    pseudonymiser: new Pseudonymiser('a-test-secret-of-enough-length'),
    logger,
    perRecipientIntervalMs: 0,
    globalPerSecond: 0,
    retry: { rateLimitBaseMs: 20, backoffBaseMs: 10, random: () => 0 },
    outboxRetry: { baseMs: 20, random: () => 0 },
    ...options,
  });
  channel.attach(runtime.channel('whatsapp', channel.sender));
  const app = express();
  app.use(channel.router());
  const server = await listen(app);
  cleanups.push(async () => {
    await server.close();
    await runtime.idle();
    await channel.stop(2000);
    await runtime.shutdown();
    db.close();
  });
  await channel.start();
  const url = new URL('/whatsapp/webhook', server.base);
  const write = async (...messages: InboundSpec[]): Promise<number> => {
    const { body, headers } = signedWebhook(notification({ messages }));
    return (await post(url, [body], headers)).status;
  };
  return { fake, channel, db, url, logs: all, feedback, write };
}

/** What the person sees: text bodies and interactive bodies, in order. */
const seen = (calls: SentCall[]): string[] =>
  calls.map((call) => {
    const body = call.body as { text?: { body: string }; interactive?: { body: { text: string } } };
    return body.text?.body ?? body.interactive?.body.text ?? '';
  });

const choices = (call: SentCall | undefined): string[] => {
  const interactive = (call?.body as { interactive?: { type: string; action: { buttons?: Array<{ reply: { id: string } }>; sections?: Array<{ rows: Array<{ id: string }> }> } } })
    ?.interactive;
  if (!interactive) return [];
  return interactive.type === 'button' ? (interactive.action.buttons ?? []).map((b) => b.reply.id) : (interactive.action.sections ?? []).flatMap((s) => s.rows.map((r) => r.id));
};

/** Waits until the outbox has nothing left and the bot is done with every turn. */
async function settled(h: Harness): Promise<void> {
  await until(() => h.channel.outbox.pending() === 0 && h.fake.calls.every((call) => call.status !== undefined), 5000);
  await new Promise((r) => setTimeout(r, 20));
  await until(() => h.channel.outbox.pending() === 0, 5000);
}

describe('WhatsApp, end to end with the real bot', () => {
  test('a Ukrainian question is answered in Ukrainian, to the number that asked, with the follow-ups as choices', async () => {
    const h = await start();
    expect(await h.write({ from: PHONE, text: 'Як записатися до сімейного лікаря?' })).toBe(200);
    await h.fake.waitForCalls(1, 5000, (call) => call.ok === true && call.body.type === 'interactive');
    await settled(h);

    const sent = h.fake.accepted();
    expect(h.fake.calls.every((call) => call.ok)).toBe(true); // the fake checks Meta's limits on every message
    expect(sent.every((call) => call.body.to === PHONE)).toBe(true);
    const text = seen(sent).join('\n');
    expect(text).toContain('сімейного лікаря');
    expect(text).toContain('huisarts');
    expect(text).toMatch(/🔗 https:\/\//);
    expect(sent.every((call) => (call.body.text as { preview_url?: boolean } | undefined)?.preview_url !== true)).toBe(true);
    const last = sent[sent.length - 1];
    expect(last?.body.type).toBe('interactive');
    expect(choices(last)).toEqual(expect.arrayContaining(['f:+:healthcare.gp', 'f:-:healthcare.gp']));
    expect(choices(last).some((id) => id.startsWith('a:healthcare.'))).toBe(true);
  });

  test('a reply-button press reaches the bot as its payload', async () => {
    const h = await start();
    await h.write({ from: PHONE, text: 'Як записатися до сімейного лікаря?' });
    await h.fake.waitForCalls(1, 5000, (call) => call.ok === true && call.body.type === 'interactive');
    await settled(h);
    const before = h.fake.accepted().length;

    await h.write({ from: PHONE, buttonReply: { id: 'f:+:healthcare.gp', title: '👍 Допомогло' } });
    await h.fake.waitForCalls(before + 1, 5000, (call) => call.ok === true);
    await settled(h);
    expect(h.feedback).toEqual([{ answerId: 'healthcare.gp', helpful: true }]);
    expect(seen(h.fake.accepted().slice(before))).toEqual(['Дякую! Добре, що відповідь допомогла. Якщо буде ще запитання, просто напишіть його.']);
    // One choice with a short label: a reply button, one tap.
    expect(h.fake.accepted().at(-1)?.body).toMatchObject({ interactive: { type: 'button' } });
  });

  test('a list-row tap reaches the bot as its payload', async () => {
    const h = await start();
    await h.write({ from: PHONE, listReply: { id: 't:health', title: '🩺 Здоров’я' } });
    await h.fake.waitForCalls(1, 5000, (call) => call.ok === true);
    await settled(h);
    const last = h.fake.accepted().at(-1);
    expect(choices(last).some((id) => id === 'a:healthcare.gp')).toBe(true);
  });

  test('a photo: the bot asks for words, in the language it knows', async () => {
    const h = await start();
    await h.write({ from: PHONE, text: 'Як записатися до сімейного лікаря?' });
    await h.fake.waitForCalls(1, 5000, (call) => call.ok === true && call.body.type === 'interactive');
    await settled(h);
    const before = h.fake.accepted().length;
    await h.write({ from: PHONE, type: 'image' });
    await h.fake.waitForCalls(before + 1, 5000, (call) => call.ok === true);
    await settled(h);
    expect(seen(h.fake.accepted().slice(before)).join('\n')).toContain('напишіть запитання словами');
  });

  test('a forged signature gets 401 and nothing is sent', async () => {
    const h = await start();
    const body = Buffer.from(metaJson(notification({ messages: [{ from: PHONE, text: 'Як записатися до сімейного лікаря?' }] })));
    const answer = await post(h.url, [body], { 'x-hub-signature-256': signature(body, 'a-guessed-app-secret') });
    expect(answer.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.calls).toHaveLength(0);
  });

  test('a message Meta delivers twice is answered once', async () => {
    const h = await start();
    const message: InboundSpec = { from: PHONE, text: 'Привіт', id: 'wamid.HBgLMzE2MTIzNDU2NzgVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=' };
    expect(await h.write(message)).toBe(200);
    expect(await h.write(message)).toBe(200);
    await h.fake.waitForCalls(1, 5000, (call) => call.ok === true);
    await new Promise((r) => setTimeout(r, 300));
    await settled(h);
    const greetings = seen(h.fake.accepted()).filter((text) => text.includes('Прихисток'));
    expect(greetings).toHaveLength(1);
  });

  test('a rate-limit answer from the API is retried, and every message is sent once', async () => {
    const h = await start();
    h.fake.failNext({ kind: 'rate-limit', code: 130429 });
    h.fake.failNext({ kind: 'rate-limit', code: 131056, httpStatus: 429 });
    await h.write({ from: PHONE, text: 'Як записатися до сімейного лікаря?' });
    await h.fake.waitForCalls(1, 5000, (call) => call.ok === true && call.body.type === 'interactive');
    await settled(h);
    const accepted = h.fake.accepted();
    expect(h.fake.calls).toHaveLength(accepted.length + 2);
    expect(new Set(seen(accepted)).size).toBe(accepted.length);
    expect(h.channel.outbox.stats()).toMatchObject({ failed: 0, sent: accepted.length });
  });

  test('the 24-hour window: a message written 25 hours ago is not answered with free text; logged and counted', async () => {
    const h = await start();
    const dayAndAnHourAgo = Math.floor(Date.now() / 1000) - 25 * 60 * 60;
    expect(await h.write({ from: PHONE, text: 'Як записатися до сімейного лікаря?', timestamp: dayAndAnHourAgo })).toBe(200);
    await until(() => h.channel.outbox.stats().outsideWindow > 0, 5000);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.calls).toHaveLength(0);
    expect(h.logs()).toContain('outside the 24-hour window');

    // Writing again opens the window: the answer goes out.
    await h.write({ from: PHONE, text: 'Як записатися до сімейного лікаря?' });
    await h.fake.waitForCalls(1, 5000, (call) => call.ok === true);
  });

  test('the 24-hour window: when Meta answers 131047, the rest of the reply is not sent', async () => {
    const h = await start();
    h.fake.failNext({ kind: 'error', code: 131047, message: 'Re-engagement message' });
    await h.write({ from: PHONE, text: 'Як записатися до сімейного лікаря?' });
    await until(() => h.channel.outbox.stats().outsideWindow > 0, 5000);
    await settled(h);
    expect(h.fake.calls).toHaveLength(1);
    expect(h.fake.accepted()).toHaveLength(0);
  });

  test('the phone number never reaches a log line or the database — not even inside a wamid', async () => {
    const h = await start();
    h.fake.failNext({ kind: 'rate-limit', code: 131056 });
    h.fake.failNext({ kind: 'error', code: 131009, message: 'Parameter value is not valid', details: `to ${PHONE} refused` });
    await h.write({ from: PHONE, name: 'Олена Коваль', text: 'Як записатися до сімейного лікаря?' });
    await h.write({ from: PHONE, type: 'sticker' });
    await h.write({ from: PHONE, buttonReply: { id: 'f:-:healthcare.gp', title: '👎 Не допомогло' } });
    await h.write({ from: PHONE, type: 'reaction' });
    const old = Math.floor(Date.now() / 1000) - 2 * 24 * 60 * 60;
    await h.write({ from: '380501234567', text: 'Привіт', timestamp: old });
    const { body, headers } = signedWebhook(notification({ statuses: [{ recipient: PHONE, status: 'read' }, { recipient: PHONE, status: 'failed' }] }));
    await post(h.url, [body], headers);
    await until(() => h.feedback.length === 1 && h.channel.outbox.stats().outsideWindow > 0, 5000);
    await settled(h);

    const logs = h.logs();
    expect(logs.length).toBeGreaterThan(0);
    const stored = JSON.stringify(h.db.prepare('SELECT key, value FROM kv').all());
    for (const number of [PHONE, '380501234567']) {
      const inWamid = Buffer.from(number).toString('base64').slice(0, 12);
      for (const where of [logs, stored]) {
        expect(where).not.toContain(number);
        expect(where).not.toContain(inWamid);
      }
    }
    expect(logs).not.toContain('Олена');
    expect(logs).not.toContain('wamid');
  });
});
