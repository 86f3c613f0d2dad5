/**
 * Two instances of the app on one PostgreSQL database, behind no sticky routing: what a person would
 * notice if the instances did not share their state — an update answered twice, a `/forget` undone by
 * the other instance, a rate limit that doubles with the number of instances, or two messages sent at
 * once to A and B answered as if the other had not been written.
 */
import pg from 'pg';
import { FakeTelegram, type RecordedCall } from '../fakes/fake-telegram';
import { FAKE_WA, FakeWhatsApp, notification, signedWebhook } from '../fakes/fake-whatsapp';
import { FakeViber, postCallback, ViberCallbacks } from '../fakes/fake-viber';
import { postTo, startApp, until, type RunningApp } from './helpers';
import { whatsappText } from './messengers';
import { describeWithPostgres, freshDatabase, type TestDatabase } from '../storage/postgres-helper';

const SECRET = 'e2e_several-instances_0123456789';
const PSEUDONYM_SECRET = 'the-same-secret-on-every-instance-0123456789';
const GP_QUESTION_UK = 'як записатися до сімейного лікаря';
const PER_MINUTE = 4;

let nextUpdateId = 900_000;
let nextChatId = 90_000_001;

const sender = (id: number, language_code: string) => ({ id, is_bot: false, first_name: 'Olena', language_code });
const messageUpdate = (chat: number, text: string, language_code = 'uk', update_id = nextUpdateId++) => ({
  update_id,
  message: { message_id: update_id, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private', first_name: 'Olena' }, from: sender(chat, language_code), text },
});
const pressUpdate = (chat: number, data: string, language_code = 'en') => ({
  update_id: nextUpdateId++,
  callback_query: {
    id: `q${nextUpdateId}`,
    from: sender(chat, language_code),
    chat_instance: '-1',
    data,
    message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private', first_name: 'Olena' }, text: '…' },
  },
});

const visible = (call: RecordedCall): string => (call.result as { text?: string } | undefined)?.text ?? '';
const cyrillic = (text: string) => /[а-яіїєґ]/i.test(text);

describeWithPostgres('two instances on one PostgreSQL', () => {
  let database: TestDatabase;
  let fake: FakeTelegram;
  let whatsapp: FakeWhatsApp;
  let viber: FakeViber;
  let a: RunningApp;
  let b: RunningApp;

  const sentTo = (chat: number) => fake.accepted().filter((c) => c.params.chat_id === chat);
  const post = async (app: RunningApp, update: object): Promise<void> => {
    const res = await postTo(app.base, '/telegram/webhook', Buffer.from(JSON.stringify(update)), { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET });
    expect(res.status).toBe(200);
  };
  /** Waits for more than `before` messages to the chat, then for the rest of the reply, and returns them. */
  const repliesAfter = async (chat: number, before: number): Promise<RecordedCall[]> => {
    await until(() => sentTo(chat).length > before, 5000, 'a reply');
    await new Promise((resolve) => setTimeout(resolve, 300));
    return sentTo(chat).slice(before);
  };

  beforeAll(async () => {
    database = await freshDatabase();
    fake = await FakeTelegram.start();
    whatsapp = await FakeWhatsApp.start();
    viber = await FakeViber.start();
    const env = {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: fake.apiRoot,
      DATABASE_URL: database.url,
      PSEUDONYM_SECRET,
      RATE_LIMIT_USER_PER_MIN: String(PER_MINUTE),
      WHATSAPP_TOKEN: FAKE_WA.token,
      WHATSAPP_APP_SECRET: FAKE_WA.appSecret,
      WHATSAPP_VERIFY_TOKEN: FAKE_WA.verifyToken,
      WHATSAPP_PHONE_NUMBER_ID: FAKE_WA.phoneNumberId,
      WHATSAPP_API_ROOT: whatsapp.apiRoot,
      VIBER_AUTH_TOKEN: viber.authToken,
      VIBER_API_ROOT: viber.apiRoot,
    };
    const pacing = {
      telegramPacing: { perChatIntervalMs: 0, globalPerSecond: 0 },
      whatsappPacing: { perRecipientIntervalMs: 0, globalPerSecond: 0 },
      viberPacing: { perChatIntervalMs: 0, globalPerSecond: 0 },
    };
    [a, b] = await Promise.all([startApp(env, pacing), startApp(env, pacing)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await fake?.close();
    await whatsapp?.close();
    await viber?.close();
    await database?.drop();
  });

  test('the same Telegram update delivered to both instances is answered once', async () => {
    const chat = nextChatId++;
    const update = messageUpdate(chat, GP_QUESTION_UK);
    await Promise.all([post(a, update), post(b, update)]);
    const replies = await repliesAfter(chat, 0);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a second answer would have come by now
    const answer = a.app.knowledge.current().get('healthcare.gp')!.answer.uk!.split('\n')[0]!.replace(/\*\*/g, '').slice(0, 30);
    expect(sentTo(chat).filter((c) => visible(c).includes(answer))).toHaveLength(1);
    expect(sentTo(chat)).toHaveLength(replies.length);
  });

  test('the same WhatsApp notification delivered to both instances is answered once', async () => {
    const { body, headers } = signedWebhook(notification({ messages: [{ from: '31612345678', text: GP_QUESTION_UK }] }));
    const before = whatsapp.accepted().length;
    const statuses = await Promise.all([a, b].map(async (app) => (await postTo(app.base, '/whatsapp/webhook', body, headers)).status));
    expect(statuses).toEqual([200, 200]);
    await until(() => whatsapp.accepted().length > before, 5000, 'the answer');
    await new Promise((resolve) => setTimeout(resolve, 800)); // a second answer would have come by now
    const texts = whatsapp.accepted().slice(before).map(whatsappText);
    expect(texts.length).toBeGreaterThan(0);
    expect(new Set(texts).size).toBe(texts.length);
  });

  test('the same Viber callback delivered to both instances is answered once', async () => {
    const person = { id: 'seVeRal+InStAnCeS0001==', name: 'Olena', language: 'uk' };
    const callback = new ViberCallbacks(viber.authToken).message(person, GP_QUESTION_UK);
    const to = () => viber.accepted().filter((call) => call.params.receiver === person.id);
    const statuses = await Promise.all([a, b].map(async (app) => (await postCallback(new URL('/viber/webhook', app.base), callback)).status));
    expect(statuses).toEqual([200, 200]);
    await until(() => to().length > 0, 5000, 'the answer');
    await new Promise((resolve) => setTimeout(resolve, 800)); // a second answer would have come by now
    const texts = to().map((call) => String(call.params.text));
    const answer = a.app.knowledge.current().get('healthcare.gp')!.answer.uk!.split('\n')[0]!.replace(/\*\*/g, '').slice(0, 30);
    expect(texts.filter((text) => text.includes(answer))).toHaveLength(1);
    expect(new Set(texts).size).toBe(texts.length);
  });

  test('two messages of one person at A and B at the same moment are handled one after the other', async () => {
    const chat = nextChatId++;
    // Holds every write of conversation state, so A's turn stops at its save, mid-turn (reads still work).
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE conversation_state IN EXCLUSIVE MODE');
      // On A: the phone says English, the person chooses Ukrainian. The reply leaves; the save waits.
      await post(a, pressUpdate(chat, 'l:uk'));
      await repliesAfter(chat, 0);
      const before = sentTo(chat).length;
      // On B, while A's turn is still running: the menu. It must wait for A's turn and see its choice.
      await post(b, messageUpdate(chat, '/menu', 'en'));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(sentTo(chat)).toHaveLength(before);
      await blocker.query('COMMIT');
      const menu = (await repliesAfter(chat, before)).map(visible).join('\n');
      expect(cyrillic(menu)).toBe(true);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
  });

  test('a language chosen on B is kept on A; after /forget on A, nothing of it comes back on B', async () => {
    const chat = nextChatId++;
    // Telegram says the phone is set to English; the person chooses Ukrainian on B.
    await post(b, pressUpdate(chat, 'l:uk'));
    await repliesAfter(chat, 0);
    let before = sentTo(chat).length;
    await post(a, messageUpdate(chat, '/menu', 'en'));
    expect(cyrillic((await repliesAfter(chat, before)).map(visible).join('\n'))).toBe(true);

    before = sentTo(chat).length;
    await post(a, messageUpdate(chat, '/forget', 'en'));
    await repliesAfter(chat, before);

    before = sentTo(chat).length;
    await post(b, messageUpdate(chat, '/menu', 'en'));
    const menu = (await repliesAfter(chat, before)).map(visible).join('\n');
    expect(menu).not.toBe('');
    expect(cyrillic(menu)).toBe(false); // English again: the choice is gone on B too
  });

  test('a flood split across A and B is limited as one', async () => {
    const chat = nextChatId++;
    const answer = a.app.knowledge.current().get('healthcare.gp')!.answer.uk!.split('\n')[0]!.replace(/\*\*/g, '').slice(0, 30);
    for (let k = 0; k < 2 * PER_MINUTE + 2; k++) await post(k % 2 === 0 ? a : b, messageUpdate(chat, `${GP_QUESTION_UK} ${'?'.repeat(k + 1)}`));
    await until(() => sentTo(chat).filter((c) => visible(c).includes(answer)).length >= PER_MINUTE, 8000, 'the allowed answers');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const texts = sentTo(chat).map(visible);
    // One minute's allowance across both instances, not one per instance; the person is told once.
    expect(texts.filter((t) => t.includes(answer))).toHaveLength(PER_MINUTE);
    expect(texts.filter((t) => /Зачекайте/.test(t)).length).toBe(1);
  });
});
