/**
 * The hand-over time-out of the shared webhook receiver, seen through each platform's webhook: a turn that
 * hangs never holds the platform's answer, the operator is told once which item it was (by a digest or an
 * id, never a person's words), and a turn that ends in time leaves no warning behind.
 */
import express from 'express';
import { RecentIds } from '../../src/channels/dedupe';
import { telegramWebhook } from '../../src/channels/telegram/webhook';
import { tokenDigest } from '../../src/channels/viber/callback';
import { viberWebhook } from '../../src/channels/viber/webhook';
import { messageDigest } from '../../src/channels/whatsapp/message';
import type { WhatsAppMessage } from '../../src/channels/whatsapp/notification';
import { whatsappWebhook } from '../../src/channels/whatsapp/webhook';
import { FAKE_VIBER_TOKEN, postCallback, ViberCallbacks } from '../fakes/fake-viber';
import { FAKE_WA, notification, signedWebhook } from '../fakes/fake-whatsapp';
import { post } from '../fakes/raw-http';
import { listen, sleep, until } from './harness';
import { captureLogger } from './telegram/log-capture';

const TIMEOUT_MS = 80;
const SECRET = 'webhook_SECRET-0123456789';
const never = (): Promise<never> => new Promise<never>(() => undefined);
const dedupe = (): RecentIds => new RecentIds({ ttlMs: 60_000, maxEntries: 1000 });

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function serve(router: express.Router): Promise<URL> {
  const app = express();
  app.use(router);
  const server = await listen(app);
  closers.push(server.close);
  return server.base;
}

const slowLines = (lines: string[]): Array<Record<string, unknown>> =>
  lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => String(entry.msg).includes('no longer waiting'));

function telegramUpdate(updateId: number, text: string): Buffer {
  const update = { update_id: updateId, message: { message_id: 1, date: 1, from: { id: 42, is_bot: false, first_name: 'O' }, chat: { id: 42, type: 'private' }, text } };
  return Buffer.from(JSON.stringify(update), 'utf8');
}

describe('a hand-over that hangs', () => {
  test('Telegram: the update is answered 200 at once, later ones are still handled, and the operator is told which update hung', async () => {
    const { logger, lines } = captureLogger();
    const handled: number[] = [];
    const base = await serve(
      telegramWebhook({
        secret: SECRET,
        logger,
        dedupe: dedupe(),
        handOverTimeoutMs: TIMEOUT_MS,
        onUpdate: (update) => (update.update_id === 1 ? never() : void handled.push(update.update_id)),
      }),
    );
    const url = new URL('/telegram/webhook', base);
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };

    // The turn never ends: an answer at all shows it did not wait for it.
    expect((await post(url, [telegramUpdate(1, 'Де взяти BSN?')], headers)).status).toBe(200);
    expect((await post(url, [telegramUpdate(2, 'а житло?')], headers)).status).toBe(200);
    await until(() => handled.includes(2));

    await until(() => slowLines(lines).length > 0);
    const [warning] = slowLines(lines);
    expect(warning).toMatchObject({ level: 40, updateId: 1, timeoutMs: TIMEOUT_MS });
    expect(lines.join('')).not.toContain('BSN');
    // Told once, and only about the update that hung.
    await sleep(TIMEOUT_MS * 2);
    expect(slowLines(lines)).toHaveLength(1);
  });

  test('WhatsApp: one hung message of a batch does not hold the others; the warning names it by digest', async () => {
    const { logger, lines } = captureLogger();
    const handled: string[] = [];
    let hungId = '';
    const base = await serve(
      whatsappWebhook({
        appSecret: FAKE_WA.appSecret,
        verifyToken: FAKE_WA.verifyToken,
        phoneNumberId: FAKE_WA.phoneNumberId,
        logger,
        dedupe: dedupe(),
        handOverTimeoutMs: TIMEOUT_MS,
        onMessage: (message: WhatsAppMessage) => {
          if (message.text?.body !== 'hangs') return void handled.push(message.text?.body ?? '');
          hungId = message.id;
          return never();
        },
      }),
    );
    const payload = notification({ messages: [{ from: '31612345678', text: 'hangs' }, { from: '31687654321', text: 'fine' }] });
    const { body, headers } = signedWebhook(payload);
    expect((await post(new URL('/whatsapp/webhook', base), [body], headers)).status).toBe(200);
    await until(() => handled.includes('fine'));

    await until(() => slowLines(lines).length > 0);
    expect(slowLines(lines)).toEqual([expect.objectContaining({ ref: messageDigest(hungId) })]);
    // The wamid embeds the phone number: neither appears in the log.
    expect(lines.join('')).not.toContain(hungId);
    expect(lines.join('')).not.toContain('31612345678');
  });

  test('Viber: a hung callback turn is reported by its token digest after the time-out', async () => {
    const { logger, lines } = captureLogger();
    const viber = new ViberCallbacks();
    const base = await serve(
      viberWebhook({
        authToken: FAKE_VIBER_TOKEN,
        logger,
        dedupe: dedupe(),
        handOverTimeoutMs: TIMEOUT_MS,
        onCallback: () => never(),
        onConversationStarted: async () => undefined,
      }),
    );
    const callback = viber.message({ id: 'pttm25kSGUo1919sBORWyA==', name: 'Olena', language: 'uk' }, 'Привіт');
    expect((await postCallback(new URL('/viber/webhook', base), callback)).status).toBe(200);
    await until(() => slowLines(lines).length > 0);
    expect(slowLines(lines)).toEqual([expect.objectContaining({ event: 'message', ref: tokenDigest(callback.token) })]);
  });
});

describe('a hand-over that ends in time', () => {
  test('leaves nothing behind: no warning once the time-out has passed', async () => {
    const { logger, lines } = captureLogger();
    let handled = 0;
    const base = await serve(
      telegramWebhook({
        secret: SECRET,
        logger,
        dedupe: dedupe(),
        handOverTimeoutMs: TIMEOUT_MS,
        onUpdate: async () => {
          await sleep(5);
          handled += 1;
        },
      }),
    );
    const url = new URL('/telegram/webhook', base);
    for (let id = 1; id <= 20; id += 1) await post(url, [telegramUpdate(id, 'x')], { 'x-telegram-bot-api-secret-token': SECRET });
    await until(() => handled === 20);
    await sleep(TIMEOUT_MS * 3);
    expect(slowLines(lines)).toEqual([]);
  });

  test('a turn that fails after the time-out is still logged as failed', async () => {
    const { logger, lines } = captureLogger();
    const base = await serve(
      telegramWebhook({
        secret: SECRET,
        logger,
        dedupe: dedupe(),
        handOverTimeoutMs: TIMEOUT_MS,
        onUpdate: async () => {
          await sleep(TIMEOUT_MS * 2);
          throw new Error('storage gone');
        },
      }),
    );
    expect((await post(new URL('/telegram/webhook', base), [telegramUpdate(1, 'x')], { 'x-telegram-bot-api-secret-token': SECRET })).status).toBe(200);
    await until(() => lines.join('').includes('storage gone'));
    expect(slowLines(lines)).toHaveLength(1);
  });
});
