/**
 * Privacy across every channel at once: people write phone numbers, an e-mail, a BSN, an IBAN and passport
 * numbers through the web chat, Telegram, WhatsApp and Viber, with their names in their profiles; some
 * questions go unanswered and one answer gets a 👎, so the volunteers' inbox is written. Afterwards none of
 * those values, names or raw platform ids is in the logs (pino, trace level, the production logger) or in
 * the SQLite file and its WAL — only the scrubbed placeholders, in the inbox. /metrics has nothing per person.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FakeTelegram } from '../fakes/fake-telegram';
import { FakeWhatsApp, fakeWamid, notification, signedWebhook, type InboundSpec } from '../fakes/fake-whatsapp';
import { FAKE_VIBER_TOKEN, FakeViber, ViberCallbacks } from '../fakes/fake-viber';
import { captureLogs, ChatClient, operatorGet, postTo, repliesOf, allChannelsEnv, NO_PACING, startApp, telegramMessage, telegramPress, until, type RunningApp } from './helpers';

const SECRET = 'privacy_webhook-SECRET_1';
const DISLIKE = 'f:-:healthcare.gp';

/** What a person might write that identifies them: each must reach neither a log nor the database. */
const PERSONAL = {
  phones: ['+31 6 12345678', '06-12345678', '+380 67 123 45 67'],
  email: 'olena.kovalenko@example.com',
  bsn: '123456782',
  iban: 'NL91ABNA0417164300',
  passports: ['FX123456', 'АА123456'],
};
/** The same values as they might be written without spaces. */
const COMPACT = ['+31612345678', '0612345678', '+380671234567', '380671234567'];
/** Names from the platform profiles. */
const NAMES = ['Оксана', 'Шевчук-Приватна', 'oksana_private_77', 'Мирослава Гнатюк', 'Гнатюк', 'Ярослава Коваленко', 'Коваленко'];
/** A word that is in questions only: message text must not be logged either. */
const CANARY = 'ґудзикомкарамелька';

/** The platform ids of the three people. */
const TELEGRAM_ID = 987_650_123_4;
const WA_ID = '31687654321';
const VIBER_ID = 'pRiVaTe+ViberUser/Id0042==';

const unanswered = (k: number) =>
  [
    `${CANARY} ${PERSONAL.bsn} ${PERSONAL.iban} ${PERSONAL.email} ${PERSONAL.phones[0]} яка погода буде завтра в Амстердамі?`,
    `${CANARY} паспорт ${PERSONAL.passports[0]} і ${PERSONAL.passports[1]} загубила, телефон ${PERSONAL.phones[1]}, яка погода завтра в Амстердамі`,
  ][k % 2]!;
const answered = (k: number) => `як записатися до сімейного лікаря, мій телефон ${PERSONAL.phones[k % 3]}`;

describe('nothing that identifies a person reaches the logs or the database, on any channel', () => {
  let telegram: FakeTelegram;
  let whatsapp: FakeWhatsApp;
  let viber: FakeViber;
  let running: RunningApp;
  const logs = captureLogs('trace');
  /** Raw ids the platforms attach to messages (WhatsApp's wamid embeds the phone number). */
  const wamids: string[] = [];
  let dbWhileRunning: Buffer;
  let dbAfterStop: Buffer;
  let inboxTexts: string[];
  let metrics: string;

  beforeAll(async () => {
    [telegram, whatsapp, viber] = await Promise.all([FakeTelegram.start(), FakeWhatsApp.start(), FakeViber.start()]);
    running = await startApp(
      {
        LOG_LEVEL: 'trace',
        ...allChannelsEnv({ telegram, whatsapp, viber }, SECRET),
      },
      {
        logger: logs.logger,
        ...NO_PACING,
        outboxRetry: { baseMs: 20, maxMs: 100 },
      },
    );
    const { base } = running;

    // Web chat: an unanswered question, then an answered one and a 👎.
    const web = new ChatClient(base, { 'accept-language': 'uk' });
    repliesOf(await web.text(unanswered(0)));
    repliesOf(await web.text(unanswered(1)));
    expect(repliesOf(await web.text(answered(0))).some((r) => r.answerId === 'healthcare.gp')).toBe(true);
    repliesOf(await web.press(DISLIKE));

    // Telegram: names in the profile, the chat id is the person's id.
    const oksana = { id: TELEGRAM_ID, first_name: NAMES[0]!, last_name: NAMES[1]!, username: NAMES[2]!, language_code: 'uk' };
    const tg = (update: Record<string, unknown>) =>
      postTo(base, '/telegram/webhook', JSON.stringify(update), { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET });
    const tgCalls = () => telegram.callsOf('sendMessage').length;
    // Failures are logged: a refusal and a retry, with Telegram's error texts.
    telegram.failNext('sendMessage', { status: 500 });
    telegram.failNext('sendMessage', { status: 400, description: `Bad Request: chat ${TELEGRAM_ID} not found` });
    let before = tgCalls();
    expect((await tg(telegramMessage(oksana, unanswered(1)))).status).toBe(200);
    await until(() => tgCalls() >= before + 2 && running.app.telegram!.outbox.pending() === 0, 5000, 'telegram reply 1');
    before = tgCalls();
    expect((await tg(telegramMessage(oksana, answered(1)))).status).toBe(200);
    await until(() => tgCalls() > before && running.app.telegram!.outbox.pending() === 0, 5000, 'telegram answer');
    expect((await tg(telegramMessage(oksana, unanswered(0)))).status).toBe(200);
    // Refused requests are logged too.
    expect((await postTo(base, '/telegram/webhook', JSON.stringify(telegramMessage(oksana, unanswered(0))), { 'x-telegram-bot-api-secret-token': 'wrong' })).status).toBe(401);
    expect((await postTo(base, '/telegram/webhook', `{"update_id": 1, "message": {"text": "${PERSONAL.email}"`, { 'x-telegram-bot-api-secret-token': SECRET })).status).toBe(400);
    expect((await tg({ update_id: 77, message: { chat: { id: TELEGRAM_ID }, text: PERSONAL.iban } })).status).toBe(200);
    const beforeDislike = await running.app.inbox.count('open');
    expect((await tg(telegramPress(oksana, DISLIKE, 'cbq-privacy-1'))).status).toBe(200);
    await until(async () => (await running.app.inbox.count('open')) > beforeDislike, 5000, 'telegram 👎 in the inbox');

    // WhatsApp: the profile name and the number arrive in every notification.
    const wa = async (spec: InboundSpec) => {
      const id = fakeWamid(WA_ID);
      wamids.push(id);
      const { body, headers } = signedWebhook(notification({ messages: [{ ...spec, id }] }));
      expect((await postTo(base, '/whatsapp/webhook', body, headers)).status).toBe(200);
    };
    const person = { from: WA_ID, name: NAMES[3]! };
    const waCalls = () => whatsapp.calls.length;
    // Meta's error texts can carry the number; both a retry and a refusal are logged.
    whatsapp.failNext({ kind: 'rate-limit', code: 131056 });
    whatsapp.failNext({ kind: 'error', code: 131009, message: `Parameter value is not valid: +${WA_ID.slice(0, 2)} ${WA_ID.slice(2)}`, details: `recipient ${WA_ID}` });
    before = waCalls();
    await wa({ ...person, text: unanswered(0) });
    await until(() => waCalls() >= before + 2 && running.app.whatsapp!.outbox.pending() === 0, 5000, 'whatsapp reply 1');
    before = waCalls();
    await wa({ ...person, text: answered(2) });
    await until(() => waCalls() > before && running.app.whatsapp!.outbox.pending() === 0, 5000, 'whatsapp answer');
    await wa({ ...person, text: unanswered(1) });
    const beforeWaDislike = await running.app.inbox.count('open');
    await wa({ ...person, buttonReply: { id: DISLIKE, title: '👎' } });
    await until(async () => (await running.app.inbox.count('open')) > beforeWaDislike, 5000, 'whatsapp 👎 in the inbox');

    // Viber: the name comes with every callback; the greeting goes back in the response.
    const callbacks = new ViberCallbacks(FAKE_VIBER_TOKEN);
    const yaroslava = { id: VIBER_ID, name: NAMES[5]!, language: 'uk' };
    const vb = async (callback: { body: Buffer; headers: Record<string, string> }) =>
      expect((await postTo(base, '/viber/webhook', callback.body, callback.headers)).status).toBe(200);
    await vb(callbacks.conversationStarted(yaroslava));
    await vb(callbacks.subscribed(yaroslava));
    const vbCalls = () => viber.callsOf('send_message').length;
    viber.failNext('send_message', { status: 12 });
    viber.failNext('send_message', { status: 3, message: `badData: receiver ${VIBER_ID}` });
    before = vbCalls();
    await vb(callbacks.message(yaroslava, unanswered(1)));
    await until(() => vbCalls() >= before + 2 && running.app.viber!.outbox.pending() === 0, 5000, 'viber reply 1');
    before = vbCalls();
    await vb(callbacks.message(yaroslava, answered(1)));
    await until(() => vbCalls() > before && running.app.viber!.outbox.pending() === 0, 5000, 'viber answer');
    await vb(callbacks.message(yaroslava, unanswered(0)));
    const beforeVbDislike = await running.app.inbox.count('open');
    await vb(callbacks.keyboardPress(yaroslava, DISLIKE));
    await until(async () => (await running.app.inbox.count('open')) > beforeVbDislike, 5000, 'viber 👎 in the inbox');
    await vb(callbacks.delivered(VIBER_ID));
    await vb(callbacks.unsubscribed(VIBER_ID));

    await until(
      () => [running.app.telegram!, running.app.whatsapp!, running.app.viber!].every((channel) => channel.outbox.pending() === 0),
      5000,
      'outboxes empty',
    );
    metrics = await (await operatorGet(base, '/metrics')).text();
    inboxTexts = (await running.app.inbox.list()).map((item) => `${item.text}\n${item.normalised}`);

    const file = path.join(running.dataDir, 'prykhystok.sqlite');
    dbWhileRunning = Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
    await running.stop({ keepData: true });
    dbAfterStop = Buffer.concat([readFileSync(file), ...['-wal', '-journal'].filter((s) => existsSync(file + s)).map((s) => readFileSync(file + s))]);
  }, 60_000);

  afterAll(async () => {
    await running.stop();
    await Promise.all([telegram.close(), whatsapp.close(), viber.close()]);
  });

  const secrets = (): Array<[string, string]> => [
    ...PERSONAL.phones.map((v): [string, string] => ['phone', v]),
    ...COMPACT.map((v): [string, string] => ['phone (compact)', v]),
    ['e-mail', PERSONAL.email],
    ['BSN', PERSONAL.bsn],
    ['IBAN', PERSONAL.iban],
    ...PERSONAL.passports.map((v): [string, string] => ['passport', v]),
    ...NAMES.map((v): [string, string] => ['name', v]),
    ['Telegram chat id', String(TELEGRAM_ID)],
    ['WhatsApp wa_id', WA_ID],
    ['Viber user id', VIBER_ID],
    ...wamids.map((v): [string, string] => ['wamid', v]),
  ];

  test('the channels were all used, and the logs were written (so the checks below mean something)', () => {
    // Start-up, refused requests, and the platforms' errors with their texts (retried and dropped).
    for (const logged of ['will try again', 'message dropped', 'wrong or missing secret', 'not UTF-8 JSON', 'does not match the schema', 'unsubscribed']) {
      expect(logs.all()).toContain(logged);
    }
    for (const route of ['/api/chat', '/telegram/webhook', '/whatsapp/webhook', '/viber/webhook']) expect(metrics).toContain(`route="${route}"`);
    for (const channel of ['web', 'telegram', 'whatsapp', 'viber']) expect(metrics).toMatch(new RegExp(`prykhystok_messages_total\\{channel="${channel}",outcome="unanswered"\\}`));
  });

  test('no personal value, name or raw platform id is in the logs, nor any message text', () => {
    const text = logs.all();
    const found = secrets().filter(([, value]) => text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1)));
    expect(found).toEqual([]);
    expect(text).not.toContain(CANARY);
  });

  test('none is in the SQLite file or its WAL, while running or after stop', () => {
    for (const bytes of [dbWhileRunning, dbAfterStop]) {
      expect(bytes.length).toBeGreaterThan(4096);
      const found = secrets().filter(([, value]) => bytes.includes(Buffer.from(value, 'utf8')));
      expect(found).toEqual([]);
    }
  });

  test('the inbox keeps the questions scrubbed: placeholders where the values were', () => {
    const inbox = inboxTexts.join('\n');
    expect(inboxTexts.length).toBe(12); // 2 unanswered questions and 1 👎 per channel
    for (const placeholder of ['[phone]', '[e-mail]', '[iban]', '[document]']) expect(inbox).toContain(placeholder);
    expect(inbox).toContain('[number]'); // the BSN
    expect(inbox).toContain(CANARY); // the question itself is kept, for volunteers
    for (const bytes of [dbWhileRunning, dbAfterStop]) {
      expect(bytes.includes(Buffer.from('[iban]'))).toBe(true);
      expect(bytes.includes(Buffer.from(CANARY))).toBe(true);
    }
  });

  test('/metrics has nothing per person: labels are only channel, outcome, route, status, where (and le)', () => {
    const labels = new Set([...metrics.matchAll(/^prykhystok_\w*\{([^}]*)\}/gm)].flatMap((m) => [...m[1]!.matchAll(/([a-z_]+)="/g)].map((l) => l[1])));
    for (const label of labels) expect(['channel', 'outcome', 'route', 'status', 'where', 'le']).toContain(label);
    // The runtime's figures (prom-client's default metrics) carry only the runtime's own fixed labels.
    const runtimeLabels = new Set([...metrics.matchAll(/^(?:nodejs|process)_\w*\{([^}]*)\}/gm)].flatMap((m) => [...m[1]!.matchAll(/([a-z_]+)="/g)].map((l) => l[1])));
    for (const label of runtimeLabels) expect(['version', 'major', 'minor', 'patch', 'kind', 'space', 'type', 'le']).toContain(label);
    expect(metrics.split('\n').filter((line) => line && !/^(#|prykhystok_|nodejs_|process_)/.test(line))).toEqual([]);
    const found = secrets().filter(([, value]) => metrics.includes(value));
    expect(found).toEqual([]);
    expect(metrics).not.toMatch(/(web|telegram|whatsapp|viber):[A-Za-z0-9_-]{20,}/); // no pseudonymous keys either
  });
});

describe('/metrics labels stay bounded and impersonal, also for requests refused before any route', () => {
  test('a path with a phone number in it, refused by the rate limit, is not a label', async () => {
    const running = await startApp({ RATE_LIMIT_IP_PER_MIN: '1' });
    try {
      for (const pathname of ['/', '/person/0612345678', '/telegram/0612345678', '/api/chat/0612345678', '/chat.css?phone=0612345678']) await fetch(`${running.base}${pathname}`);
      const metrics = await (await operatorGet(running.base, '/metrics')).text();
      expect(metrics).toContain('status="4xx"');
      expect(metrics).not.toContain('0612345678');
      const routes = new Set([...metrics.matchAll(/route="([^"]*)"/g)].map((m) => m[1]));
      for (const route of routes) expect(['/', 'static', 'unmatched', 'other', '/api/chat']).toContain(route);
    } finally {
      await running.stop();
    }
  });
});
