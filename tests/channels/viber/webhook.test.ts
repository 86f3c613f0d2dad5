import express from 'express';
import { RecentIds } from '../../../src/channels/dedupe';
import { tokenDigest, type ViberCallback } from '../../../src/channels/viber/callback';
import { viberWebhook, type ViberWebhookOptions } from '../../../src/channels/viber/webhook';
import { FAKE_VIBER_TOKEN, postCallback, sign, ViberCallbacks } from '../../fakes/fake-viber';
import { listen, until } from '../harness';
import { captureLogger } from '../telegram/log-capture';

const person = { id: 'pttm25kSGUo1919sBORWyA==', name: 'Olena Shevchenko', language: 'uk' };

interface Harness {
  url: URL;
  received: Array<{ callback: ViberCallback; token: string | undefined }>;
  logs: () => string;
}

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

async function start(options: Partial<ViberWebhookOptions> = {}, app = express()): Promise<Harness> {
  const received: Harness['received'] = [];
  const { logger, all } = captureLogger();
  app.use(
    viberWebhook({
      authToken: FAKE_VIBER_TOKEN,
      logger,
      dedupe: new RecentIds({ ttlMs: 60_000, maxEntries: 1000 }),
      maxBodyBytes: 4096,
      onCallback: (callback, token) => void received.push({ callback, token }),
      onConversationStarted: async () => ({ type: 'text', sender: { name: 'Prykhystok' }, text: 'Вітаю!' }),
      ...options,
    }),
  );
  const server = await listen(app);
  servers.push(server.close);
  return { url: new URL('/viber/webhook', server.base), received, logs: all };
}

const texts = (hook: Harness): unknown[] => hook.received.map(({ callback }) => (callback.event === 'message' ? callback.message.text : callback.event));

describe('POST /viber/webhook', () => {
  const viber = new ViberCallbacks();

  test('a signed callback is answered 200 and handed over with its exact token', async () => {
    const hook = await start();
    const callback = viber.message(person, 'Привіт');
    expect((await postCallback(hook.url, callback)).status).toBe(200);
    await until(() => hook.received.length === 1);
    expect(texts(hook)).toEqual(['Привіт']);
    expect(hook.received[0]?.token).toBe(callback.token);
  });

  test.each([
    ['missing', undefined],
    ['not hex', 'z'.repeat(64)],
    ['the one of another body', sign(Buffer.from('{}'), FAKE_VIBER_TOKEN)],
    ['made with another token', 'x'],
  ])('a signature that is %s gets 401 and nothing is processed', async (_, signature) => {
    const hook = await start();
    const forged = viber.message(person, 'forged');
    const header = signature === 'x' ? sign(forged.body, 'not-the-token-0123456789') : signature;
    expect((await postCallback(hook.url, forged, { headers: { 'x-viber-content-signature': header } })).status).toBe(401);
    await postCallback(hook.url, viber.message(person, 'genuine'));
    await until(() => hook.received.length >= 1);
    expect(texts(hook)).toEqual(['genuine']);
    expect(hook.logs()).toContain('wrong signature');
    expect(hook.logs()).not.toContain(FAKE_VIBER_TOKEN);
  });

  test('a body whose Cyrillic is escaped (\\u0443…) is verified over those bytes and decoded', async () => {
    const hook = await start();
    const callback = viber.message(person, 'Де отримати житло? Їжа, ліки — усе тут.', { escapeUnicode: true });
    expect(callback.body.toString('utf8')).toContain('\\u0414\\u0435');
    expect((await postCallback(hook.url, callback)).status).toBe(200);
    await until(() => hook.received.length === 1);
    expect(texts(hook)).toEqual(['Де отримати житло? Їжа, ліки — усе тут.']);
  });

  test('a body split inside a character across two TCP writes still verifies and arrives intact', async () => {
    const hook = await start();
    const text = 'Де отримати допомогу з житлом? Їжа, ліки — усе тут.';
    const callback = viber.message(person, text);
    const cut = callback.body.indexOf(Buffer.from('ж', 'utf8')) + 1;
    expect((await postCallback(hook.url, callback, { splitAt: [cut] })).status).toBe(200);
    await until(() => hook.received.length === 1);
    expect(texts(hook)).toEqual([text]);
  });

  test('a repeated message_token is answered 200 but handled once; neighbouring 64-bit tokens are not confused', async () => {
    const hook = await start();
    const first = viber.message(person, 'once');
    expect((await postCallback(hook.url, first)).status).toBe(200);
    expect((await postCallback(hook.url, first)).status).toBe(200);
    const next = viber.message(person, 'next');
    expect(BigInt(next.token!) - BigInt(first.token!)).toBe(1n);
    await postCallback(hook.url, next);
    await until(() => hook.received.length >= 2);
    await new Promise((r) => setTimeout(r, 30));
    expect(texts(hook)).toEqual(['once', 'next']);
  });

  test('logs name a callback by a digest of its message_token, never the token', async () => {
    const failing = await start({ onCallback: () => Promise.reject(new Error('handler failed')) });
    const once = viber.message(person, 'twice');
    await postCallback(failing.url, once);
    await postCallback(failing.url, once);
    await until(() => failing.logs().includes('handling a callback failed') && failing.logs().includes('repeated callback ignored'));
    expect(failing.logs()).not.toContain(once.token!);
    expect(failing.logs()).toContain(`"ref":"${tokenDigest(once.token)}"`);
  });

  test('a delivery receipt sharing a token with a message is not taken for a repeat', async () => {
    const hook = await start();
    const token = viber.newToken();
    await postCallback(hook.url, viber.message(person, 'hello', { token }));
    await postCallback(hook.url, viber.delivered(person.id, { token }));
    await until(() => hook.received.length === 2);
  });

  test('malformed JSON gets 400; a body over the limit gets 413', async () => {
    const hook = await start();
    expect((await postCallback(hook.url, viber.raw('{"event": "message", '))).status).toBe(400);
    expect((await postCallback(hook.url, viber.raw(Buffer.from([0x7b, 0xff, 0x7d])))).status).toBe(400);
    expect((await postCallback(hook.url, viber.message(person, 'я'.repeat(3000)))).status).toBe(413);
    expect(hook.received).toHaveLength(0);
  });

  test('an unknown event or an unexpected shape gets 200 (or Viber resends it for an hour), without values in the log', async () => {
    const hook = await start();
    expect((await postCallback(hook.url, viber.raw(JSON.stringify({ event: 'client_status', message_token: 5 })))).status).toBe(200);
    expect((await postCallback(hook.url, viber.raw(JSON.stringify({ event: 'message', sender: { id: 7 }, message: 'hello Olena' })))).status).toBe(200);
    expect(hook.received).toHaveLength(0);
    expect(hook.logs()).toContain('does not match the schema');
    expect(hook.logs()).not.toMatch(/hello|Olena/);
  });

  test('conversation_started is answered with the welcome message in the response body', async () => {
    const hook = await start();
    const answer = await postCallback(hook.url, viber.conversationStarted(person));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ type: 'text', sender: { name: 'Prykhystok' }, text: 'Вітаю!' });
    expect(hook.received).toHaveLength(0);
  });

  test('a welcome turn that fails or is too slow gives an empty 200', async () => {
    const failing = await start({ onConversationStarted: async () => Promise.reject(new Error('turn failed')) });
    expect(await postCallback(failing.url, viber.conversationStarted(person))).toEqual({ status: 200, body: '' });
    expect(failing.logs()).toContain('turn failed');
    // A turn that never ends: the answer comes from the time-out alone.
    const slow = await start({ welcomeTimeoutMs: 50, onConversationStarted: () => new Promise(() => undefined) });
    expect(await postCallback(slow.url, viber.conversationStarted(person))).toEqual({ status: 200, body: '' });
  });

  test('the answer does not wait for the handler, and a failing handler does not take the server down', async () => {
    let calls = 0;
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hook = await start({
      onCallback: async () => {
        calls += 1;
        if (calls === 1) await held; // answered while the first handler is still running
        throw new Error('handler failed');
      },
    });
    expect((await postCallback(hook.url, viber.message(person, 'slow'))).status).toBe(200);
    release();
    expect((await postCallback(hook.url, viber.message(person, 'fails'))).status).toBe(200);
    await until(() => hook.logs().includes('handler failed'));
    expect((await postCallback(hook.url, viber.message(person, 'still up'))).status).toBe(200);
  });

  test('mounted after a body parser, it refuses to guess and tells the operator', async () => {
    const app = express();
    app.use(express.json());
    const hook = await start({}, app);
    expect((await postCallback(hook.url, viber.message(person, 'x'))).status).toBe(500);
    expect(hook.logs()).toContain('mount this router before any body parser');
  });
});
