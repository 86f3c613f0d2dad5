import express from 'express';
import { RecentIds } from '../../../src/channels/dedupe';
import type { WhatsAppMessage } from '../../../src/channels/whatsapp/notification';
import { whatsappWebhook, type WhatsAppWebhookOptions } from '../../../src/channels/whatsapp/webhook';
import { FAKE_WA, metaJson, notification, signature, signedWebhook } from '../../fakes/fake-whatsapp';
import { get, post } from '../../fakes/raw-http';
import { listen, until } from '../harness';
import { captureLogger } from '../telegram/log-capture';

const PHONE = '31612345678';

interface Hook {
  url: URL;
  received: WhatsAppMessage[];
  rejected: () => number;
  logs: () => string;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function start(options: Partial<WhatsAppWebhookOptions> = {}, app = express()): Promise<Hook> {
  const received: WhatsAppMessage[] = [];
  const { logger, all } = captureLogger();
  let rejected = 0;
  app.use(
    whatsappWebhook({
      appSecret: FAKE_WA.appSecret,
      verifyToken: FAKE_WA.verifyToken,
      phoneNumberId: FAKE_WA.phoneNumberId,
      logger,
      dedupe: new RecentIds({ ttlMs: 60_000, maxEntries: 1000 }),
      maxBodyBytes: 8192,
      onMessage: (message) => void received.push(message),
      onRejected: () => void (rejected += 1),
      ...options,
    }),
  );
  const server = await listen(app);
  closers.push(server.close);
  return { url: new URL('/whatsapp/webhook', server.base), received, rejected: () => rejected, logs: all };
}

function send(hook: Hook, payload: unknown): ReturnType<typeof post> {
  const { body, headers } = signedWebhook(payload);
  return post(hook.url, [body], headers);
}

describe('GET /whatsapp/webhook: the subscription handshake', () => {
  const handshake = (hook: Hook, params: Record<string, string>): ReturnType<typeof get> => {
    const url = new URL(hook.url);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return get(url);
  };

  test('the right verify token: the challenge is echoed as plain text', async () => {
    const hook = await start();
    const answer = await handshake(hook, { 'hub.mode': 'subscribe', 'hub.verify_token': FAKE_WA.verifyToken, 'hub.challenge': '1158201444' });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('1158201444');
    expect(answer.headers['content-type']).toMatch(/^text\/plain/);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  test.each([
    ['a wrong verify token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }],
    ['a prefix of the verify token', { 'hub.mode': 'subscribe', 'hub.verify_token': FAKE_WA.verifyToken.slice(0, 5), 'hub.challenge': '1' }],
    ['no verify token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }],
    ['another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': FAKE_WA.verifyToken, 'hub.challenge': '1' }],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': FAKE_WA.verifyToken }],
  ])('%s: 403, and the challenge is not echoed', async (_, params) => {
    const hook = await start();
    const answer = await handshake(hook, params);
    expect(answer.status).toBe(403);
    expect(answer.body).toBe('');
    expect(hook.rejected()).toBe(1);
    expect(hook.logs()).not.toContain(FAKE_WA.verifyToken);
  });
});

describe('POST /whatsapp/webhook', () => {
  test('a signed notification is answered 200 and its message handed over', async () => {
    const hook = await start();
    expect((await send(hook, notification({ messages: [{ from: PHONE, text: 'Привіт' }] }))).status).toBe(200);
    await until(() => hook.received.length === 1);
    expect(hook.received[0]).toMatchObject({ from: PHONE, type: 'text', text: { body: 'Привіт' } });
  });

  test.each([
    ['a missing signature', undefined],
    ['a malformed signature', 'sha256=xyz'],
    ['a signature made with another secret', signature(metaJson(notification({ messages: [{ from: PHONE, text: 'forged' }] })), 'not-the-app-secret')],
    ['a SHA-1 signature (the old header format)', 'sha1=0123456789abcdef0123456789abcdef01234567'],
  ])('%s: 401 and nothing processed', async (_, header) => {
    const hook = await start();
    const body = Buffer.from(metaJson(notification({ messages: [{ from: PHONE, text: 'forged' }] })));
    const answer = await post(hook.url, [body], { 'x-hub-signature-256': header });
    expect(answer.status).toBe(401);
    expect(hook.rejected()).toBe(1);
    // A genuine message afterwards is the only one handled.
    await send(hook, notification({ messages: [{ from: PHONE, text: 'genuine' }] }));
    await until(() => hook.received.length >= 1);
    expect(hook.received.map((m) => m.text?.body)).toEqual(['genuine']);
    expect(hook.logs()).not.toContain(FAKE_WA.appSecret);
  });

  test('the signature covers the raw bytes: the same JSON re-serialised differently does not verify', async () => {
    const hook = await start();
    const payload = notification({ messages: [{ from: PHONE, text: 'Де житло?' }] });
    const signed = signature(metaJson(payload));
    // Same object, but with raw UTF-8 instead of Meta's \u escapes: different bytes, so not Meta's.
    expect((await post(hook.url, [Buffer.from(JSON.stringify(payload))], { 'x-hub-signature-256': signed })).status).toBe(401);
    expect(hook.received).toHaveLength(0);
  });

  test('a body with escaped Cyrillic (\\u0443…), exactly as Meta sends it, verifies and decodes', async () => {
    const hook = await start();
    const text = 'Як отримати допомогу з житлом? Їжа, ліки — усе тут. https://ind.nl/uk';
    const { body, headers } = signedWebhook(notification({ messages: [{ from: PHONE, text }] }));
    expect(body.toString('latin1')).toContain('\\u042f\\u043a'); // "Як", escaped: the bytes are pure ASCII
    expect(body.toString('latin1')).toContain('https:\\/\\/ind.nl');
    expect((await post(hook.url, [body], headers)).status).toBe(200);
    await until(() => hook.received.length === 1);
    expect(hook.received[0]?.text?.body).toBe(text);
  });

  test('a raw UTF-8 body split inside a character across two socket writes still verifies', async () => {
    const hook = await start();
    const text = 'Де отримати допомогу з житлом?';
    const bytes = Buffer.from(JSON.stringify(notification({ messages: [{ from: PHONE, text }] })), 'utf8');
    const cut = bytes.indexOf(Buffer.from('ж', 'utf8')) + 1; // between the two bytes of "ж"
    const answer = await post(hook.url, [bytes.subarray(0, cut), bytes.subarray(cut)], { 'x-hub-signature-256': signature(bytes) });
    expect(answer.status).toBe(200);
    await until(() => hook.received.length === 1);
    expect(hook.received[0]?.text?.body).toBe(text);
  });

  test('a repeated message id is answered 200 but handed over once', async () => {
    const hook = await start();
    const payload = notification({ messages: [{ from: PHONE, text: 'once', id: 'wamid.SAME' }] });
    expect((await send(hook, payload)).status).toBe(200);
    expect((await send(hook, payload)).status).toBe(200);
    await send(hook, notification({ messages: [{ from: PHONE, text: 'next' }] }));
    await until(() => hook.received.length >= 2);
    expect(hook.received.map((m) => m.text?.body)).toEqual(['once', 'next']);
  });

  test('delivery receipts (sent, delivered, read) are ignored; a failed one is logged by code only', async () => {
    const hook = await start();
    const answer = await send(
      hook,
      notification({
        statuses: [
          { recipient: PHONE, status: 'sent' },
          { recipient: PHONE, status: 'delivered' },
          { recipient: PHONE, status: 'read' },
          { recipient: PHONE, status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] },
        ],
      }),
    );
    expect(answer.status).toBe(200);
    await new Promise((r) => setTimeout(r, 30));
    expect(hook.received).toHaveLength(0);
    expect(hook.logs()).toContain('131047');
    expect(hook.logs()).not.toContain(PHONE);
  });

  test('malformed JSON with a valid signature gets 400', async () => {
    const hook = await start();
    for (const bytes of [Buffer.from('{"object": "whatsapp_business_account", '), Buffer.from([0x7b, 0xff, 0x7d])]) {
      expect((await post(hook.url, [bytes], { 'x-hub-signature-256': signature(bytes) })).status).toBe(400);
    }
    expect(hook.received).toHaveLength(0);
  });

  test('a body over the limit gets 413, whether its length is declared or not', async () => {
    const hook = await start();
    const big = signedWebhook(notification({ messages: [{ from: PHONE, text: 'я'.repeat(3000) }] }));
    expect((await post(hook.url, [big.body], big.headers)).status).toBe(413);
    const chunks = [Buffer.alloc(5000, 0x20), Buffer.alloc(5000, 0x20)];
    expect((await post(hook.url, chunks, { 'x-hub-signature-256': signature(Buffer.concat(chunks)) }, { chunked: true })).status).toBe(413);
    expect(hook.received).toHaveLength(0);
  });

  test('a signed notification of another kind or shape gets 200 (or Meta resends it for days) and is logged without values', async () => {
    const hook = await start();
    expect((await send(hook, { object: 'page', entry: [] })).status).toBe(200);
    expect((await send(hook, { object: 'whatsapp_business_account', entry: 'Олена 31612345678' })).status).toBe(200);
    expect(hook.received).toHaveLength(0);
    expect(hook.logs()).toContain('not a WhatsApp Business Account notification');
    expect(hook.logs()).not.toContain('31612345678');
  });

  test('several messages in one notification are handed over in order', async () => {
    const hook = await start();
    await send(hook, notification({ messages: [{ from: PHONE, text: 'один' }, { from: '380501234567', text: 'два' }, { from: PHONE, text: 'три' }] }));
    await until(() => hook.received.length === 3);
    expect(hook.received.map((m) => m.text?.body)).toEqual(['один', 'два', 'три']);
  });

  test('the answer does not wait for the handler, and a failing handler does not take the server down', async () => {
    let calls = 0;
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hook = await start({
      onMessage: async () => {
        calls += 1;
        if (calls === 1) await held; // answered while the first handler is still running
        throw new Error('turn failed');
      },
    });
    expect((await send(hook, notification({ messages: [{ from: PHONE, text: 'slow' }] }))).status).toBe(200);
    release();
    expect((await send(hook, notification({ messages: [{ from: PHONE, text: 'fails' }] }))).status).toBe(200);
    await until(() => hook.logs().includes('turn failed'));
    expect((await send(hook, notification({ messages: [{ from: PHONE, text: 'still up' }] }))).status).toBe(200);
  });

  test('mounted after a body parser, it refuses to guess and tells the operator', async () => {
    const app = express();
    app.use(express.json());
    const hook = await start({}, app);
    expect((await send(hook, notification({ messages: [{ from: PHONE, text: 'x' }] }))).status).toBe(500);
    expect(hook.logs()).toContain('mount this router before any body parser');
  });

  test('cannot be built without its secrets', () => {
    const base = { logger: captureLogger().logger, dedupe: new RecentIds({ ttlMs: 1, maxEntries: 1 }), onMessage: () => undefined };
    expect(() => whatsappWebhook({ ...base, appSecret: '', verifyToken: 'v' })).toThrow(/WHATSAPP_APP_SECRET/);
    expect(() => whatsappWebhook({ ...base, appSecret: 's', verifyToken: '' })).toThrow(/WHATSAPP_VERIFY_TOKEN/);
  });
});
