/**
 * Fuzzing the edges the public can reach: arbitrary bytes, JSON shapes and headers to the web chat and to
 * the three webhooks (with the right secret or a valid signature over the fuzzed bytes, so the parsers
 * behind the checks are reached), and arbitrary text to the search, the resolver and the assistant. The
 * server never crashes and never answers 500 to bad input, and a normal question still works afterwards.
 */
import { createHmac } from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { Assistant } from '../../src/assistant/assistant';
import { resolveQuestion } from '../../src/assistant/resolve';
import { parseUserState } from '../../src/assistant/user-state';
import { createTranslator, readLocales } from '../../src/i18n';
import { LANGUAGES } from '../../src/knowledge/languages';
import type { SearchIndex } from '../../src/search/search-index';
import { FakeTelegram } from '../fakes/fake-telegram';
import { FAKE_WA, FakeWhatsApp, metaJson, notification } from '../fakes/fake-whatsapp';
import { FAKE_VIBER_TOKEN, FakeViber, ViberCallbacks } from '../fakes/fake-viber';
import { captureLogs, ChatClient, postTo, repliesOf, allChannelsEnv, NO_PACING, startApp, type RawAnswer, type RunningApp } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const SECRET = 'fuzz_webhook-SECRET_0';
const RUNS = 250;
const GP_QUESTION_UK = 'як записатися до сімейного лікаря';

/** Errors that only a bug can log: a 500, a turn or a handler that threw. */
const BUG_LOGS = /"msg":"(request failed|conversation turn failed|[a-z]+ webhook: handling an? [a-z ]+ failed|[a-z]+ outbox: sender stopped|unhandled rejection)"/;

// Any Unicode, including lone surrogates, control and invisible characters.
const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength: Math.min(maxLength, 200) }),
    fc.string({ unit: fc.constantFrom(...'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяёыэъʼ\'’`qwertyuiop[];,./<>&"*_~ \n\u200b\u202e\u0301'), maxLength: Math.min(maxLength, 300) }),
  );
/** Names a plain object answers to through Object.prototype: a lookup keyed by a person's word finds them. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
/** Words people really use, mixed with noise, to reach deeper into the search. */
const questionish = fc
  .array(
    fc.oneof(
      fc.constantFrom('як', 'де', 'лікар', 'хейсарт', 'BSN', 'huisarts', 'жильё', 'gemeente', 'допомога', 'работа', 'поліція', 'бьет', '112', 'ghbdsn', 'dtkjcbgtl', '/start', '/lang', ...PROTOTYPE_NAMES),
      anyText(20),
    ),
    { maxLength: 12 },
  )
  .map((words) => words.join(' '));

const anyQuestion = fc.oneof(anyText(1500), questionish);

const bytes = (maxLength = 600) => fc.uint8Array({ maxLength }).map((b) => Buffer.from(b));
const jsonText = fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.json());
/**
 * Something a body might be: mostly a well-formed message with fuzzed content (so turns run), else a
 * shape with any field wrong, a well-formed message with bytes spliced in, JSON of any shape, bytes, text.
 */
const anyBody = (valid: fc.Arbitrary<Buffer>, shaped: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { arbitrary: valid, weight: 5 },
    { arbitrary: shaped.map((v) => Buffer.from(JSON.stringify(v) ?? 'null', 'utf8')), weight: 2 },
    {
      arbitrary: fc.tuple(valid, fc.nat(), bytes(4)).map(([text, at, junk]) => {
        const cut = text.length ? at % text.length : 0;
        return Buffer.concat([text.subarray(0, cut), junk, text.subarray(cut)]);
      }),
      weight: 1,
    },
    { arbitrary: jsonText.map((t) => Buffer.from(t, 'utf8')), weight: 1 },
    { arbitrary: bytes(), weight: 1 },
    { arbitrary: anyText(300).map((t) => Buffer.from(t, 'utf8')), weight: 1 },
  );
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

/** What a receiver must answer for these bytes: 200 for UTF-8 JSON (whatever its shape), else 400. */
function expectedStatus(body: Buffer): number {
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    return 200;
  } catch {
    return 400;
  }
}

const sometimes = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const oddValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));

// ---- shapes close to what each platform sends, with every field free to be wrong ---------------------------

const tgUser = fc.record(
  {
    id: fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), oddValue),
    is_bot: fc.oneof(fc.constant(false), oddValue),
    first_name: fc.oneof(anyText(80), oddValue),
    language_code: fc.oneof(fc.constantFrom('uk', 'ru', 'nl', 'en', 'de', 'uk-UA', ''), anyText(10)),
  },
  { requiredKeys: [] },
);
const tgChat = fc.record({ id: fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), oddValue), type: fc.oneof(fc.constantFrom('private', 'group', 'channel'), oddValue) }, { requiredKeys: [] });
const tgUpdate = fc.record(
  {
    update_id: fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), oddValue),
    message: fc.record({ message_id: fc.oneof(fc.nat(), oddValue), date: fc.oneof(fc.nat(), oddValue), chat: tgChat, from: tgUser, text: fc.oneof(anyQuestion, oddValue), entities: oddValue }, { requiredKeys: [] }),
    callback_query: fc.record(
      { id: fc.oneof(fc.string(), oddValue), from: tgUser, data: fc.oneof(fc.constantFrom('m', 'start', 'f:+:healthcare.gp', 'f:-:healthcare.gp', 'a:healthcare.gp', 'l:nl'), anyText(70), oddValue), message: fc.record({ message_id: fc.nat(), date: fc.nat(), chat: tgChat }, { requiredKeys: [] }) },
      { requiredKeys: [] },
    ),
    edited_message: oddValue,
  },
  { requiredKeys: [] },
);

const waMessage = fc.record(
  {
    from: fc.oneof(fc.stringMatching(/^\d{8,15}$/), oddValue),
    from_user_id: fc.oneof(anyText(40), oddValue),
    id: fc.oneof(fc.string({ minLength: 1, maxLength: 60 }), oddValue),
    timestamp: fc.oneof(fc.constant(String(Math.floor(Date.now() / 1000))), fc.nat().map(String), oddValue),
    type: fc.oneof(fc.constantFrom('text', 'interactive', 'button', 'image', 'audio', 'reaction', 'unsupported'), oddValue),
    text: fc.oneof(fc.record({ body: anyQuestion }), oddValue),
    interactive: fc.oneof(
      fc.record({ type: fc.constantFrom('button_reply', 'list_reply'), button_reply: fc.record({ id: fc.oneof(fc.constantFrom('m', 'a:healthcare.gp'), anyText(60)), title: anyText(30) }), list_reply: fc.record({ id: anyText(60), title: anyText(30) }) }, { requiredKeys: [] }),
      oddValue,
    ),
    button: oddValue,
  },
  { requiredKeys: [] },
);
const waNotification = fc.record(
  {
    object: fc.oneof(fc.constant('whatsapp_business_account'), oddValue),
    entry: fc.oneof(
      fc.array(
        fc.record(
          {
            id: fc.string(),
            changes: fc.array(
              fc.record(
                {
                  field: fc.oneof(fc.constant('messages'), oddValue),
                  value: fc.record(
                    {
                      messaging_product: fc.constant('whatsapp'),
                      metadata: fc.oneof(fc.record({ phone_number_id: fc.oneof(fc.constant(FAKE_WA.phoneNumberId), fc.string()) }), oddValue),
                      contacts: fc.oneof(fc.array(fc.record({ profile: fc.record({ name: anyText(40) }), wa_id: fc.string() }, { requiredKeys: [] }), { maxLength: 2 }), oddValue),
                      messages: fc.oneof(fc.array(waMessage, { maxLength: 3 }), oddValue),
                      statuses: fc.oneof(fc.array(fc.record({ status: fc.string(), errors: fc.array(fc.record({ code: fc.oneof(fc.integer(), oddValue), title: fc.string() })) }, { requiredKeys: [] }), { maxLength: 2 }), oddValue),
                    },
                    { requiredKeys: [] },
                  ),
                },
                { requiredKeys: [] },
              ),
              { maxLength: 2 },
            ),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
      oddValue,
    ),
  },
  { requiredKeys: [] },
);

const viberUser = fc.record(
  { id: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ maxLength: 300 }), oddValue), name: fc.oneof(anyText(40), oddValue), language: fc.oneof(fc.constantFrom('uk', 'ru', 'nl', 'en', 'de'), anyText(40), oddValue), api_version: fc.oneof(fc.nat(10), oddValue) },
  { requiredKeys: [] },
);
const viberCallback = fc.record(
  {
    event: fc.oneof(fc.constantFrom('message', 'conversation_started', 'subscribed', 'unsubscribed', 'delivered', 'seen', 'failed', 'webhook', 'client_status'), oddValue),
    timestamp: fc.oneof(fc.nat(), oddValue),
    message_token: fc.oneof(fc.nat(), fc.stringMatching(/^\d{1,24}$/), oddValue),
    sender: viberUser,
    user: viberUser,
    user_id: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), oddValue),
    message: fc.record({ type: fc.oneof(fc.constantFrom('text', 'picture', 'sticker', 'location'), oddValue), text: fc.oneof(anyQuestion, fc.constantFrom('start', 'm', 'a:healthcare.gp', 'f:-:healthcare.gp'), oddValue), tracking_data: oddValue }, { requiredKeys: [] }),
    desc: oddValue,
    subscribed: oddValue,
  },
  { requiredKeys: [] },
);

// ---- well-formed messages with fuzzed content ------------------------------------------------------------------

const buttonData = fc.oneof(fc.constantFrom('m', 'start', 'f:+:healthcare.gp', 'f:-:healthcare.gp', 'a:healthcare.gp', 'a:nope', 'l:nl', 'l:uk'), anyText(64));
const validTelegram = fc
  .record({
    update_id: fc.integer({ min: 0, max: 2 ** 31 }),
    chat: fc.integer({ min: 1, max: 2 ** 40 }),
    first_name: anyText(60),
    language_code: sometimes(fc.constantFrom('uk', 'ru', 'nl', 'en', 'de', 'uk-UA')),
    text: anyQuestion,
    data: buttonData,
    press: fc.boolean(),
  })
  .map(({ update_id, chat, first_name, language_code, text, data, press }) => {
    const from = { id: chat, is_bot: false, first_name, ...(language_code ? { language_code } : {}) };
    return json(
      press
        ? { update_id, callback_query: { id: `q${update_id}`, from, chat_instance: '1', data, message: { message_id: 1, date: 1, chat: { id: chat, type: 'private' } } } }
        : { update_id, message: { message_id: update_id, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private', first_name }, from, text } },
    );
  });
const validWhatsApp = fc
  .record({ from: fc.stringMatching(/^[1-9]\d{9,13}$/), name: anyText(40), text: anyQuestion, id: anyText(20), press: fc.boolean(), data: buttonData, escaped: fc.boolean() })
  .map(({ from, name, text, press, data, escaped }) => {
    const payload = notification({ messages: [press ? { from, name, buttonReply: { id: data || 'm', title: 'x' } } : { from, name, text }] });
    return escaped ? Buffer.from(metaJson(payload), 'utf8') : json(payload);
  });
const viberCallbacks = new ViberCallbacks(FAKE_VIBER_TOKEN);
const validViber = fc
  .record({ id: fc.string({ minLength: 1, maxLength: 30 }), name: anyText(30), language: fc.constantFrom('uk', 'ru', 'nl', 'en', 'de'), text: fc.oneof(anyQuestion, buttonData), kind: fc.constantFrom('message', 'message', 'message', 'conversation_started', 'subscribed', 'unsubscribed', 'delivered'), escapeUnicode: fc.boolean() })
  .map(({ id, name, language, text, kind, escapeUnicode }) => {
    const person = { id, name, language };
    const options = { escapeUnicode };
    switch (kind) {
      case 'conversation_started':
        return viberCallbacks.conversationStarted(person, options).body;
      case 'subscribed':
        return viberCallbacks.subscribed(person, options).body;
      case 'unsubscribed':
        return viberCallbacks.unsubscribed(id, options).body;
      case 'delivered':
        return viberCallbacks.delivered(id, options).body;
      default:
        return viberCallbacks.message(person, text, options).body;
    }
  });

// ---- headers --------------------------------------------------------------------------------------------------

const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const FORBIDDEN_HEADERS = new Set(['content-length', 'transfer-encoding', 'host', 'connection', 'expect', 'upgrade', 'keep-alive', 'te', 'trailer']);
const extraHeaders = fc.dictionary(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((name) => !FORBIDDEN_HEADERS.has(name)),
  headerValue,
  { maxKeys: 4 },
);
const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 6 },
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'application/json; charset=nonsense',
    'application/vnd.api+json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset="',
    '*/*',
  ),
  headerValue,
);
const contentEncoding = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 6 },
  { arbitrary: fc.oneof(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-nothing'), headerValue), weight: 1 },
);

describe('fuzzing the HTTP edges (whole app, every channel on)', () => {
  let telegram: FakeTelegram;
  let whatsapp: FakeWhatsApp;
  let viber: FakeViber;
  let running: RunningApp;
  const logs = captureLogs('warn');
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    [telegram, whatsapp, viber] = await Promise.all([FakeTelegram.start(), FakeWhatsApp.start(), FakeViber.start()]);
    running = await startApp(
      {
        RATE_LIMIT_IP_PER_MIN: '100000',
        RATE_LIMIT_USER_PER_MIN: '10000',
        ...allChannelsEnv({ telegram, whatsapp, viber }, SECRET),
      },
      {
        logger: logs.logger,
        ...NO_PACING,
        outboxRetry: { baseMs: 5, maxMs: 20 },
      },
    );
  });
  afterAll(async () => {
    await running.stop();
    await Promise.all([telegram.close(), whatsapp.close(), viber.close()]);
    process.off('unhandledRejection', onUnhandled);
  });

  /** Never a 5xx; a JSON body when the answer says JSON. */
  function expectSane(answer: RawAnswer): void {
    expect(answer.status).toBeLessThan(500);
    if (String(answer.headers['content-type']).startsWith('application/json') && answer.text !== '') {
      expect(() => JSON.parse(answer.text)).not.toThrow();
    }
  }

  test('POST /api/chat: any bytes, JSON shape and headers get a clear 4xx or an answer, never a 5xx', async () => {
    const chatBody = fc.record(
      { text: fc.oneof(anyQuestion, oddValue), payload: fc.oneof(fc.constantFrom('start', 'm', 'a:healthcare.gp', 'f:-:healthcare.gp', 'l:nl'), anyText(80), oddValue), session: fc.oneof(fc.string({ maxLength: 120 }), oddValue), language: fc.oneof(fc.constantFrom(...LANGUAGES), fc.string(), oddValue) },
      { requiredKeys: [] },
    );
    const validChat = fc
      .record({ message: fc.oneof(anyQuestion.map((text) => ({ text })), buttonData.map((payload) => ({ payload }))), language: sometimes(fc.constantFrom(...LANGUAGES)) })
      .map(({ message, language }) => json({ ...message, ...(language ? { language } : {}) }));
    await fc.assert(
      fc.asyncProperty(
        anyBody(validChat, chatBody),
        fc.option(contentType, { nil: undefined, freq: 8 }),
        contentEncoding,
        sometimes(headerValue),
        extraHeaders,
        sometimes(fc.oneof(fc.constantFrom(...LANGUAGES), fc.string({ maxLength: 10 }))),
        async (body, type, encoding, acceptLanguage, extra, queryLanguage) => {
          const headers: Record<string, string> = { ...extra };
          if (type !== undefined) headers['content-type'] = type;
          if (encoding !== undefined) headers['content-encoding'] = encoding;
          if (acceptLanguage !== undefined) headers['accept-language'] = acceptLanguage;
          const query = queryLanguage === undefined ? '' : `?language=${encodeURIComponent(queryLanguage)}`;
          const answer = await postTo(running.base, `/api/chat${query}`, body, headers);
          expectSane(answer);
          expect([200, 400, 413, 415]).toContain(answer.status);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('POST /telegram/webhook with the secret: malformed → 400, anything else that is JSON → 200', async () => {
    const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET };
    await fc.assert(
      fc.asyncProperty(anyBody(validTelegram, tgUpdate), async (body) => {
        const answer = await postTo(running.base, '/telegram/webhook', body, headers);
        expectSane(answer);
        expect(answer.status).toBe(expectedStatus(body));
      }),
      { numRuns: RUNS },
    );
    // Wrong secrets of any shape are refused before the body is read.
    await fc.assert(
      fc.asyncProperty(headerValue.filter((s) => s !== SECRET), bytes(50), async (secret, body) => {
        const answer = await postTo(running.base, '/telegram/webhook', body, { 'x-telegram-bot-api-secret-token': secret });
        expect(answer.status).toBe(401);
      }),
      { numRuns: 50 },
    );
  });

  test('POST /whatsapp/webhook signed over the fuzzed bytes: malformed → 400, JSON of any shape → 200', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody(validWhatsApp, waNotification), async (body) => {
        const signature = `sha256=${createHmac('sha256', FAKE_WA.appSecret).update(body).digest('hex')}`;
        const answer = await postTo(running.base, '/whatsapp/webhook', body, { 'content-type': 'application/json', 'x-hub-signature-256': signature });
        expectSane(answer);
        expect(answer.status).toBe(expectedStatus(body));
      }),
      { numRuns: RUNS },
    );
  });

  test('POST /viber/webhook signed over the fuzzed bytes: malformed → 400, JSON of any shape → 200', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody(validViber, viberCallback), async (body) => {
        const signature = createHmac('sha256', FAKE_VIBER_TOKEN).update(body).digest('hex');
        const answer = await postTo(running.base, '/viber/webhook', body, { 'content-type': 'application/json', 'x-viber-content-signature': signature });
        expectSane(answer);
        expect(answer.status).toBe(expectedStatus(body));
      }),
      { numRuns: RUNS },
    );
  });

  test('afterwards: nothing crashed or logged a bug, what was sent passed the platforms\' checks, and a normal question still works', async () => {
    await running.app.telegram!.outbox.drain(3000).catch(() => undefined);
    // The renderers made valid messages out of every fuzzed turn (the fakes check HTML, lengths, keyboards).
    const refusedByTelegram = telegram.callsOf('sendMessage').filter((call) => call.status === 400);
    expect(refusedByTelegram.map((call) => call.params.text)).toEqual([]);
    const refusedByWhatsApp = whatsapp.calls.filter((call) => call.error && !/"to"|recipient/.test(call.error.message));
    expect(refusedByWhatsApp.map((call) => call.error)).toEqual([]);
    expect(viber.callsOf('send_message').filter((call) => call.status !== 0 && call.status !== undefined)).toEqual([]);

    // The fuzzing went past the parsers: many turns ran on every channel.
    const scrape = await running.app.metrics.render();
    const handled = (channel: string): number =>
      scrape
        .split('\n')
        .filter((line) => line.startsWith(`prykhystok_messages_total{channel="${channel}"`))
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    for (const channel of ['web', 'telegram', 'whatsapp', 'viber']) expect(handled(channel)).toBeGreaterThan(RUNS / 8);

    expect(unhandled).toEqual([]);
    expect(logs.all()).not.toMatch(BUG_LOGS);
    const replies = repliesOf(await new ChatClient(running.base, { 'accept-language': 'uk' }).text(GP_QUESTION_UK));
    expect(replies.some((r) => r.answerId === 'healthcare.gp')).toBe(true);
    expect((await (await fetch(`${running.base}/healthz`)).json()) as { status: string }).toMatchObject({ status: 'ok' });
  });
});

describe('fuzzing the search, the resolver and the assistant', () => {
  let running: RunningApp;
  let index: SearchIndex;
  let assistant: Assistant;

  beforeAll(async () => {
    running = await startApp();
    index = running.app.search();
    const translate = await createTranslator(readLocales(path.join(ROOT, 'locales')), { days: 60, stateDays: 30 });
    assistant = new Assistant(() => index, translate);
  });
  afterAll(async () => {
    await running.stop();
  });

  test('SearchIndex.search takes any text and gives a well-formed result', () => {
    fc.assert(
      fc.property(anyQuestion, sometimes(fc.constantFrom(...LANGUAGES)), (text, languageHint) => {
        const result = index.search(text, languageHint ? { languageHint } : {});
        expect(LANGUAGES).toContain(result.language);
        for (const ranked of result.ranked) expect(index.knowledge.has(ranked.id)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  test('resolveQuestion takes any text and resolves to entries that exist', () => {
    fc.assert(
      fc.property(anyQuestion, sometimes(fc.constantFrom(...LANGUAGES)), (text, hint) => {
        const { resolution, language } = resolveQuestion(index, text, hint);
        expect(LANGUAGES).toContain(language);
        if (resolution.kind === 'answer' || resolution.kind === 'safety') expect(index.knowledge.has(resolution.id)).toBe(true);
        for (const id of resolution.alternatives) expect(index.knowledge.has(id)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  test('the assistant answers any text, payload and stored state with at least one non-empty reply', () => {
    const payload = fc.oneof(fc.constantFrom('start', 'm', 'a:healthcare.gp', 'f:+:healthcare.gp', 'f:-:healthcare.gp', 'l:nl', 'l:xx', 'a:', 'f:?:x'), anyText(80));
    const state = fc.record({ language: fc.oneof(fc.constantFrom(...LANGUAGES), oddValue), lastLanguage: oddValue, lastAnswerId: fc.oneof(fc.constantFrom('healthcare.gp', 'nope'), oddValue), lastQuestion: fc.oneof(anyText(700), oddValue), greeted: oddValue }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(anyQuestion.map((text) => ({ text })), payload.map((p) => ({ payload: p }))), state, sometimes(fc.constantFrom(...LANGUAGES)), (message, stored, languageHint) => {
        const result = assistant.handle({ channel: 'web', userKey: 'web:fuzz', ...message, ...(languageHint ? { languageHint } : {}) }, parseUserState(stored));
        expect(result.replies.length).toBeGreaterThan(0);
        for (const reply of result.replies) {
          expect(typeof reply.text).toBe('string');
          expect(reply.text.trim()).not.toBe('');
          expect(LANGUAGES).toContain(reply.language);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('a message starting with "constructor" or "__proto__" still gets a reply', () => {
    for (const text of ['constructor', 'constructor work permit', '__proto__']) {
      expect(assistant.handle({ channel: 'web', userKey: 'web:fuzz', text }, {}).replies.length).toBeGreaterThan(0);
    }
  });
});
