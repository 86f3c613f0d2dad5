import express from 'express';
import { RecentIds } from '../../../src/channels/dedupe';
import type { TelegramUpdate } from '../../../src/channels/telegram/update';
import { assertValidSecret, telegramWebhook, type TelegramWebhookOptions } from '../../../src/channels/telegram/webhook';
import { post as postRaw, type Answer } from '../../fakes/raw-http';
import { listen, until } from '../harness';
import { captureLogger } from './log-capture';

const SECRET = 'webhook_SECRET-0123456789';

interface Harness {
  url: URL;
  received: TelegramUpdate[];
  logs: () => string;
  close: () => Promise<void>;
}

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

async function start(options: Partial<TelegramWebhookOptions> = {}, app = express()): Promise<Harness> {
  const received: TelegramUpdate[] = [];
  const { logger, all } = captureLogger();
  app.use(
    telegramWebhook({
      secret: SECRET,
      logger,
      dedupe: new RecentIds({ ttlMs: 60_000, maxEntries: 1000 }),
      maxBodyBytes: 4096,
      onUpdate: (update) => void received.push(update),
      ...options,
    }),
  );
  const server = await listen(app);
  servers.push(server.close);
  return { url: new URL('/telegram/webhook', server.base), received, logs: all, close: server.close };
}

/** POSTs raw bytes, by default with the right secret; see raw-http.ts. */
function post(
  url: URL,
  chunks: Buffer[],
  headers: Record<string, string | undefined> = { 'x-telegram-bot-api-secret-token': SECRET },
  options: { chunked?: boolean } = {},
): Promise<Answer> {
  return postRaw(url, chunks, headers, options);
}

const json = (value: unknown): Buffer[] => [Buffer.from(JSON.stringify(value), 'utf8')];

function textUpdate(updateId: number, text: string): Record<string, unknown> {
  return {
    update_id: updateId,
    message: { message_id: 1, date: 1, from: { id: 42, is_bot: false, first_name: 'O' }, chat: { id: 42, type: 'private' }, text },
  };
}

describe('POST /telegram/webhook', () => {
  test('an update with the right secret is answered 200 and handed over', async () => {
    const hook = await start();
    const answer = await post(hook.url, json(textUpdate(1, 'Привіт')));
    expect(answer.status).toBe(200);
    await until(() => hook.received.length === 1);
    expect(hook.received[0]?.message?.text).toBe('Привіт');
  });

  test.each([
    ['missing', undefined],
    ['wrong', 'webhook_SECRET-0123456788'],
    ['prefix of the right one', SECRET.slice(0, 10)],
  ])('a %s secret gets 401 and nothing is processed', async (_, secret) => {
    const hook = await start();
    const answer = await post(hook.url, json(textUpdate(1, 'forged')), { 'x-telegram-bot-api-secret-token': secret });
    expect(answer.status).toBe(401);
    // A genuine update sent afterwards is the only one handled.
    await post(hook.url, json(textUpdate(2, 'genuine')));
    await until(() => hook.received.length >= 1);
    expect(hook.received.map((u) => u.update_id)).toEqual([2]);
    expect(hook.logs()).not.toContain('webhook_SECRET');
  });

  test('a redelivered update_id is answered 200 but processed once', async () => {
    const hook = await start();
    expect((await post(hook.url, json(textUpdate(7, 'once')))).status).toBe(200);
    expect((await post(hook.url, json(textUpdate(7, 'once')))).status).toBe(200);
    await post(hook.url, json(textUpdate(8, 'next')));
    await until(() => hook.received.length >= 2);
    expect(hook.received.map((u) => u.update_id)).toEqual([7, 8]);
  });

  test('malformed JSON gets 400', async () => {
    const hook = await start();
    expect((await post(hook.url, [Buffer.from('{"update_id": 1, ')])).status).toBe(400);
    expect((await post(hook.url, [Buffer.from([0x7b, 0xff, 0x7d])])).status).toBe(400);
    expect(hook.received).toHaveLength(0);
  });

  test('a body over the limit gets 413, whether its length is declared or not', async () => {
    const hook = await start();
    const big = json(textUpdate(1, 'я'.repeat(3000)));
    expect((await post(hook.url, big)).status).toBe(413);
    expect((await post(hook.url, [Buffer.alloc(3000, 0x20), Buffer.alloc(3000, 0x20)], undefined, { chunked: true })).status).toBe(413);
    expect(hook.received).toHaveLength(0);
  });

  test('Cyrillic text split inside a character across two TCP chunks arrives intact', async () => {
    const hook = await start();
    const text = 'Де отримати допомогу з житлом? Їжа, ліки — усе тут.';
    const bytes = Buffer.from(JSON.stringify(textUpdate(3, text)), 'utf8');
    const cut = bytes.indexOf(Buffer.from('ж', 'utf8')) + 1; // between the two bytes of "ж"
    expect((await post(hook.url, [bytes.subarray(0, cut), bytes.subarray(cut)])).status).toBe(200);
    await until(() => hook.received.length === 1);
    expect(hook.received[0]?.message?.text).toBe(text);
  });

  test('an update of an unexpected shape gets 200 (or Telegram would resend it forever) and is logged', async () => {
    const hook = await start();
    expect((await post(hook.url, json({ update_id: 'x', message: 'hello' }))).status).toBe(200);
    expect(hook.received).toHaveLength(0);
    expect(hook.logs()).toContain('does not match the schema');
    expect(hook.logs()).not.toContain('hello');
  });

  test('the answer does not wait for the handler, and a failing handler does not take the server down', async () => {
    let calls = 0;
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hook = await start({
      onUpdate: async () => {
        calls += 1;
        if (calls === 1) await held; // answered while the first handler is still running
        throw new Error('turn failed');
      },
    });
    expect((await post(hook.url, json(textUpdate(1, 'slow')))).status).toBe(200);
    release();
    expect((await post(hook.url, json(textUpdate(2, 'fails')))).status).toBe(200);
    await until(() => hook.logs().includes('turn failed'));
    expect((await post(hook.url, json(textUpdate(3, 'still up')))).status).toBe(200);
  });

  test('mounted after a body parser, it refuses to guess and tells the operator', async () => {
    const app = express();
    app.use(express.json());
    const hook = await start({}, app);
    expect((await post(hook.url, json(textUpdate(1, 'x')))).status).toBe(500);
    expect(hook.logs()).toContain('mount this router before any body parser');
  });
});

describe('the webhook secret', () => {
  test.each([
    ['one character', 'a'],
    ['letters, digits, _ and -', 'abc_DEF-123'],
    ['256 characters', 'x'.repeat(256)],
  ])('accepts %s', (_, secret) => {
    expect(() => assertValidSecret(secret)).not.toThrow();
  });

  test.each([
    ['empty', ''],
    ['257 characters', 'x'.repeat(257)],
    ['a space', 'has space'],
    ['Cyrillic', 'ключ'],
    ['punctuation', 'semi;colon'],
  ])('refuses %s, without echoing the value', (_, secret) => {
    let message = '';
    try {
      assertValidSecret(secret);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/1–256 characters/);
    if (secret.length > 3) expect(message).not.toContain(secret);
  });

  test('the router cannot be built without a valid secret', () => {
    expect(() =>
      telegramWebhook({ secret: '', onUpdate: () => undefined, logger: captureLogger().logger, dedupe: new RecentIds({ ttlMs: 1, maxEntries: 1 }) }),
    ).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });
});
