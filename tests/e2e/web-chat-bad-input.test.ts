/**
 * The web chat against bad, odd and hostile input: every request gets a clear answer (never a 500 or a
 * stack trace), limits hold, and the server keeps working afterwards.
 */
import { ChatClient, operatorGet, postRaw, repliesOf, say, startApp, type ChatResponse, type RunningApp } from './helpers';

const MAX_BODY_BYTES = 4096;
const GP_QUESTION_UK = 'як записатися до сімейного лікаря';

/** A 4xx with a JSON error a page can show. */
function expectClearError(res: ChatResponse, status: number): void {
  expect(res.status).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  expect(typeof res.body.error).toBe('string');
  expect(res.body.error!.length).toBeGreaterThan(10);
  expect(res.body.error).not.toMatch(/at .+\.(js|ts):\d+|SyntaxError|Error:/);
}

async function expectStillAnswering(base: string): Promise<void> {
  const replies = repliesOf(await new ChatClient(base, { 'accept-language': 'uk' }).text(GP_QUESTION_UK));
  expect(replies.some((r) => r.answerId === 'healthcare.gp')).toBe(true);
}

/**
 * One app with the default settings for the groups below that need nothing else: each group started its
 * own, and an app start (knowledge, index, database) was most of their time. None of them depends on what
 * another did to it.
 */
let defaults: Promise<RunningApp> | undefined;
const defaultApp = (): Promise<RunningApp> => (defaults ??= startApp());
afterAll(async () => {
  await (await defaults)?.stop();
});

describe('malformed and oversized requests', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
  });
  afterAll(async () => {
    await running.stop();
  });

  test('malformed JSON → 400 with a JSON error', async () => {
    expectClearError(await postRaw(running.base, '{"text": "привіт"'), 400);
    expectClearError(await postRaw(running.base, '{"text": "привіт",}'), 400);
  });

  test('a body over MAX_BODY_BYTES → 413', async () => {
    const body = JSON.stringify({ text: 'a'.repeat(MAX_BODY_BYTES + 100) });
    expectClearError(await postRaw(running.base, body), 413);
  });

  test('a 10,000-character Cyrillic text under a small body limit → 413 in the person\'s language', async () => {
    const body = JSON.stringify({ text: 'ї'.repeat(10_000) }); // 20 kB of UTF-8
    const res = await postRaw(running.base, body, { 'accept-language': 'uk' });
    expectClearError(res, 413);
    expect(res.body.error).toBe(say('uk', 'errors.tooLong'));
  });

  test('text over 1000 characters → 413 with the error in the requested language', async () => {
    const text = 'я'.repeat(1001); // 2 kB: within the body limit, over the text limit
    const dutch = await postRaw(running.base, JSON.stringify({ text, language: 'nl' }));
    expectClearError(dutch, 413);
    expect(dutch.body.error).toBe(say('nl', 'errors.tooLong'));
    const russian = await postRaw(running.base, JSON.stringify({ text }), { 'accept-language': 'ru' });
    expectClearError(russian, 413);
    expect(russian.body.error).toBe(say('ru', 'errors.tooLong'));
    // 1000 characters exactly is still a message.
    expect((await postRaw(running.base, JSON.stringify({ text: 'я'.repeat(1000) }))).status).toBe(200);
  });

  test('neither text nor payload → 400', async () => {
    expectClearError(await postRaw(running.base, '{}'), 400);
    const withSession = await new ChatClient(running.base).text('hello');
    expectClearError(await postRaw(running.base, JSON.stringify({ session: withSession.body.session })), 400);
    expectClearError(await postRaw(running.base, JSON.stringify({ text: 42 })), 400);
    expectClearError(await postRaw(running.base, '"just a string"'), 400);
  });

  test('a body that is not even JSON text (invalid UTF-8 bytes) → 400', async () => {
    expectClearError(await postRaw(running.base, Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x7b])), 400);
  });

  test('the server keeps answering after all of that', async () => {
    await expectStillAnswering(running.base);
  });
});

describe('sessions come from the server only', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await defaultApp();
  });

  test('a forged session is replaced by a new one', async () => {
    const forged = `${'A'.repeat(22)}.${Math.floor(Date.now() / 86_400_000)}.${'B'.repeat(22)}`;
    const res = await postRaw(running.base, JSON.stringify({ text: '/menu', session: forged }));
    expect(res.status).toBe(200);
    expect(res.body.session).toMatch(/^[A-Za-z0-9_-]{22}\.\d+\.[A-Za-z0-9_-]{22}$/);
    expect(res.body.session).not.toBe(forged);
    const junk = await postRaw(running.base, JSON.stringify({ text: '/menu', session: '../../etc/passwd' }));
    expect(junk.status).toBe(200);
    expect(junk.body.session).not.toBe('../../etc/passwd');
  });

  test('a tampered session neither gets nor changes the real session\'s state', async () => {
    const owner = new ChatClient(running.base); // no Accept-Language: only the stored choice knows the language
    expect(repliesOf(await owner.press('l:nl'))[0]?.language).toBe('nl');
    const real = owner.session!;
    const [id, day, signature] = real.split('.') as [string, string, string];
    const flipped = `${id}.${day}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;

    const intruder = await postRaw(running.base, JSON.stringify({ text: '/menu', session: flipped }));
    expect(intruder.status).toBe(200);
    expect(intruder.body.session).not.toBe(flipped);
    expect(intruder.body.session?.split('.')[0]).not.toBe(id);
    // The intruder is a stranger: asked to choose a language, not shown the owner's Dutch menu.
    expect(repliesOf(intruder)[0]?.buttons.map((b) => b.payload).sort()).toEqual(['l:en', 'l:nl', 'l:ru', 'l:uk']);

    const ownerMenu = repliesOf(await owner.text('/menu'))[0];
    expect(owner.session).toBe(real);
    expect(ownerMenu).toMatchObject({ kind: 'menu', language: 'nl' });
  });
});

describe('odd text', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await defaultApp();
  });

  const binary = Buffer.from([0x00, 0x01, 0x1b, 0x7f, 0xc3, 0x28, 0xff, 0xfe, 0xe2, 0x82, 0x41, 0x9c]).toString('latin1');
  const cases: Array<[string, string]> = [
    ['empty string', ''],
    ['whitespace only', ' \t\n\u00a0 '],
    ['emoji only', '😀🇺🇦👍🏽‍♀️'],
    ['zero-width characters only', '\u200b\u200c\u200d\u2060\ufeff'],
    ['RTL override characters', '\u202eрачіл огоннйеміс од ясиситапаз кя\u202c'],
    ['RTL overrides only', '\u202e\u202d\u202c\u2066\u2069'],
    ['binary garbage', binary],
    ['a lone surrogate', '\ud800 лікар \udfff'],
  ];

  test.each(cases)('%s → a clear reply, never a 500', async (_name, text) => {
    const res = await postRaw(running.base, JSON.stringify({ text }));
    expect(res.status).toBeLessThan(500);
    if (res.status === 200) {
      const replies = repliesOf(res);
      expect(replies.length).toBeGreaterThan(0);
      for (const reply of replies) expect(reply.text.trim().length).toBeGreaterThan(0);
    } else {
      expectClearError(res, res.status);
    }
  });

  test('invalid UTF-8 inside a JSON string → a clear reply, never a 500', async () => {
    const body = Buffer.concat([Buffer.from('{"text":"'), Buffer.from([0xd0, 0xc3, 0x28, 0xff, 0xe2, 0x82]), Buffer.from('"}')]);
    const res = await postRaw(running.base, body);
    expect(res.status).toBeLessThan(500);
    if (res.status === 200) expect(repliesOf(res).length).toBeGreaterThan(0);
  });

  test('a 1000-letter "word" is answered quickly: one message must not stall the server for everyone', async () => {
    let seed = 42;
    const letter = (): string => String.fromCharCode(0x430 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 32));
    const text = Array.from({ length: 1000 }, letter).join('');
    const started = performance.now();
    const res = await postRaw(running.base, JSON.stringify({ text }));
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(400);
  });

  test('an unknown button payload → "this button no longer works" with a menu button', async () => {
    for (const payload of ['zzz', 'a:healthcare.no-such-entry', 'f:?:healthcare.gp', 'l:de', 't:../../admin', ':::']) {
      const res = await postRaw(running.base, JSON.stringify({ payload }), { 'accept-language': 'nl' });
      const [reply] = repliesOf(res);
      expect(reply?.text).toBe(payload === 'a:healthcare.no-such-entry' ? say('nl', 'errors.entryGone') : say('nl', 'errors.unknownButton'));
      expect(reply?.buttons.map((b) => b.payload)).toContain('m');
    }
    const tooLong = await postRaw(running.base, JSON.stringify({ payload: 'x'.repeat(65) }));
    expectClearError(tooLong, 400);
  });

  test('the server keeps answering after all of that', async () => {
    await expectStillAnswering(running.base);
  });
});

describe('floods', () => {
  test('more than RATE_LIMIT_USER_PER_MIN messages in one session → "wait N seconds" in the person\'s language each time, never silence', async () => {
    const running = await startApp({ RATE_LIMIT_USER_PER_MIN: '3' });
    try {
      const person = new ChatClient(running.base);
      const first = repliesOf(await person.text('как записаться к семейному врачу'));
      expect(first.some((r) => r.language === 'ru')).toBe(true);
      await person.text('/menu');
      await person.text('/menu');

      for (let k = 0; k < 4; k++) {
        const refused = await person.text('/menu');
        expect(refused.status).toBe(200);
        const replies = repliesOf(refused);
        expect(replies).toHaveLength(1);
        expect(replies[0]).toMatchObject({ kind: 'limited', language: 'ru' });
        const seconds = Number(/(\d+)/.exec(replies[0]!.text)?.[1]);
        expect(replies[0]!.text).toBe(say('ru', 'errors.waitSeconds', { seconds }));
        expect(seconds).toBeGreaterThanOrEqual(1);
        expect(seconds).toBeLessThanOrEqual(60);
      }
      // Another person is not affected.
      await expectStillAnswering(running.base);
    } finally {
      await running.stop();
    }
  });

  test('a message about danger is answered in full even over the limit, in four languages', async () => {
    const running = await startApp({ RATE_LIMIT_USER_PER_MIN: '1' });
    try {
      const cases = [
        ['я більше не хочу жити', 'safety.crisis'],
        ['муж меня бьёт', 'safety.domestic-violence'],
        ['mijn man slaat me', 'safety.domestic-violence'],
        ['i want to kill myself', 'safety.crisis'],
      ] as const;
      for (const [text, id] of cases) {
        const person = new ChatClient(running.base);
        await person.text('/menu');
        expect(repliesOf(await person.text('/menu'))[0]).toMatchObject({ kind: 'limited' });
        const replies = repliesOf(await person.text(text));
        expect(replies[0]).toMatchObject({ kind: 'safety', answerId: id });
      }
    } finally {
      await running.stop();
    }
  });

  test('more than RATE_LIMIT_IP_PER_MIN requests from one address → 429 with Retry-After', async () => {
    const running = await startApp({ RATE_LIMIT_IP_PER_MIN: '5' });
    try {
      for (let k = 0; k < 5; k++) expect((await new ChatClient(running.base).text('/menu')).status).toBe(200);
      const res = await postRaw(running.base, JSON.stringify({ text: '/menu' }), { 'accept-language': 'uk' });
      expectClearError(res, 429);
      expect(res.body.error).toBe(say('uk', 'errors.tooFast'));
      const retryAfter = Number(res.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // The operator's endpoints stay reachable during a flood.
      expect((await fetch(`${running.base}/healthz`)).status).toBe(200);
    } finally {
      await running.stop();
    }
  });
});

describe('operator endpoints', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await defaultApp();
  });

  test('GET /healthz → 200 JSON with status ok', async () => {
    const res = await fetch(`${running.base}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { status?: string };
    expect(body.status).toBe('ok');
  });

  test('GET /metrics counts web messages', async () => {
    await expectStillAnswering(running.base);
    const res = await operatorGet(running.base, '/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^prykhystok_messages_total\{[^}]*channel="web"[^}]*\} [1-9]\d*$/m);
    expect(text).toMatch(/^prykhystok_messages_total\{[^}]*outcome="answered"[^}]*\} [1-9]\d*$/m);
  });
});
