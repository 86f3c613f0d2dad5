/**
 * Telegram end to end: real Update JSON posted to the app's webhook (or served by long polling), replies
 * checked where Telegram would see them — at a fake Bot API that validates HTML and keyboards.
 */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { FakeTelegram, type RecordedCall } from '../fakes/fake-telegram';
import { captureLogger } from '../channels/telegram/log-capture';
import { say, startApp, type RunningApp } from './helpers';

const SECRET = 'e2e_webhook-SECRET_0123456789';
const PACING = { perChatIntervalMs: 0, globalPerSecond: 0 };
const GP_QUESTION_UK = 'як записатися до сімейного лікаря';

let nextUpdateId = 500_000;
let nextChatId = 70_000_001;

interface Person {
  id: number;
  first_name: string;
  language_code?: string;
}

const person = (language_code = 'uk', first_name = 'Олена'): Person => ({ id: nextChatId++, first_name, language_code });

function messageUpdate(from: Person, text: string, update_id = nextUpdateId++): Record<string, unknown> {
  return {
    update_id,
    message: {
      message_id: update_id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from.id, type: 'private', first_name: from.first_name },
      from: { id: from.id, is_bot: false, first_name: from.first_name, ...(from.language_code ? { language_code: from.language_code } : {}) },
      text,
    },
  };
}

function callbackUpdate(from: Person, data: string, queryId: string): Record<string, unknown> {
  const update_id = nextUpdateId++;
  return {
    update_id,
    callback_query: {
      id: queryId,
      from: { id: from.id, is_bot: false, first_name: from.first_name, ...(from.language_code ? { language_code: from.language_code } : {}) },
      chat_instance: '-123456789',
      data,
      message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: from.id, type: 'private', first_name: from.first_name }, text: '…' },
    },
  };
}

/** POSTs raw bytes to the webhook, each chunk a separate write (and TCP segment). */
/** `secret` null: no secret header at all. */
function postWebhook(base: string, chunks: Buffer[], secret: string | null = SECRET): Promise<number> {
  return new Promise((resolve, reject) => {
    const length = chunks.reduce((sum, c) => sum + c.length, 0);
    const req = http.request(`${base}/telegram/webhook`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': String(length), ...(secret !== null ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    void (async () => {
      for (const [k, chunk] of chunks.entries()) {
        await new Promise<void>((done) => req.write(chunk, () => done()));
        // A pause after a write makes the next chunk a separate read on the server.
        if (k < chunks.length - 1) await new Promise((r) => setTimeout(r, 25));
      }
      req.end();
    })();
  });
}

const post = (base: string, update: Record<string, unknown>, secret: string | null = SECRET): Promise<number> =>
  postWebhook(base, [Buffer.from(JSON.stringify(update), 'utf8')], secret);

/** The text a person reads (the fake decoded the HTML). */
const visible = (call: RecordedCall): string => (call.result as { text?: string } | undefined)?.text ?? '';
const keyboard = (call: RecordedCall): Array<{ text: string; callback_data: string }> =>
  ((call.params.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined)?.inline_keyboard ?? []).flat();

/** A knowledge answer's first line as Telegram shows it (Markdown marks and link targets removed). */
function firstLine(running: RunningApp, id: string, language: 'uk' | 'ru' | 'nl' | 'en'): string {
  const entry = running.app.knowledge.current().get(id);
  const text = entry?.answer[language];
  if (!text) throw new Error(`no ${language} answer for ${id}`);
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replace(/\*\*|__/g, '').replace(/^\s*[-*]\s+/, '').trim();
}

describe('Telegram by webhook', () => {
  let fake: FakeTelegram;
  let running: RunningApp;
  /** Accepted sendMessage calls to one chat, waiting until there are at least `n`. */
  const sentTo = (chat: number, n = 1, timeoutMs = 3000): Promise<RecordedCall[]> =>
    fake.waitForCalls('sendMessage', n, timeoutMs, (c) => c.params.chat_id === chat && c.ok === true);

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    running = await startApp(
      { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.apiRoot },
      { telegramPacing: PACING },
    );
  });
  afterAll(async () => {
    await running.stop();
    await fake.close();
  });

  let olena: Person;
  let answer: RecordedCall;

  test('a Ukrainian question gets the answer as valid Telegram HTML with a keyboard of short callback_data', async () => {
    olena = person('uk');
    expect(await post(running.base, messageUpdate(olena, GP_QUESTION_UK))).toBe(200);
    const expected = firstLine(running, 'healthcare.gp', 'uk');
    const calls = await sentTo(olena.id, 1, 3000);
    const found = (await fake.waitForCalls('sendMessage', 1, 3000, (c) => c.params.chat_id === olena.id && visible(c).includes(expected)))[0];
    expect(found).toBeDefined();
    answer = found!;
    expect(calls.every((c) => c.params.parse_mode === 'HTML')).toBe(true);
    expect(answer.ok).toBe(true); // the fake parsed the HTML and checked the keyboard like Telegram does
    expect(visible(answer)).toContain(say('uk', 'answer.checkedOn').split('{{')[0]!);
    expect(String(answer.params.text)).toMatch(/<a href="https:\/\//);

    const buttons = keyboard(answer);
    expect(buttons.length).toBeGreaterThanOrEqual(3);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data, 'utf8')).toBeLessThanOrEqual(64);
    expect(buttons.map((b) => b.callback_data)).toEqual(expect.arrayContaining(['f:+:healthcare.gp', 'f:-:healthcare.gp']));
    expect(buttons.some((b) => b.callback_data.startsWith('a:'))).toBe(true);
  });

  test('pressing a follow-up button stops the spinner and sends that answer', async () => {
    const followUp = keyboard(answer).find((b) => b.callback_data.startsWith('a:'))!;
    const relatedId = followUp.callback_data.slice(2);
    const expected = firstLine(running, relatedId, 'uk');
    const before = fake.callsOf('sendMessage').length;
    expect(await post(running.base, callbackUpdate(olena, followUp.callback_data, 'cbq-olena-1'))).toBe(200);

    const answered = await fake.waitForCalls('answerCallbackQuery', 1, 3000, (c) => c.params.callback_query_id === 'cbq-olena-1');
    expect(answered[0]?.ok).toBe(true);
    const sent = await fake.waitForCalls('sendMessage', 1, 3000, (c) => c.params.chat_id === olena.id && fake.calls.indexOf(c) >= before && c.ok === true);
    expect(visible(sent[0]!)).toContain(expected);
  });

  test('a wrong or missing secret → 401, and nothing is sent', async () => {
    const mallory = person('uk');
    expect(await post(running.base, messageUpdate(mallory, GP_QUESTION_UK), 'wrong-secret')).toBe(401);
    expect(await post(running.base, messageUpdate(mallory, GP_QUESTION_UK), null)).toBe(401);
    expect(await post(running.base, messageUpdate(mallory, GP_QUESTION_UK), `${SECRET}x`)).toBe(401);
    // A genuine update to the same chat afterwards: its replies come after any the refused ones caused.
    expect(await post(running.base, messageUpdate(mallory, '/menu'))).toBe(200);
    const sent = await sentTo(mallory.id, 1);
    expect(fake.callsOf('sendMessage').filter((c) => c.params.chat_id === mallory.id)).toHaveLength(1);
    expect(visible(sent[0]!)).toContain(say('uk', 'menu.title'));
  });

  test('the same update_id delivered twice is answered once', async () => {
    const taras = person('uk');
    const update = messageUpdate(taras, '/menu');
    expect(await post(running.base, update)).toBe(200);
    expect(await post(running.base, update)).toBe(200);
    expect(await post(running.base, messageUpdate(taras, '/privacy'))).toBe(200);
    const sent = await sentTo(taras.id, 2);
    expect(sent.filter((c) => visible(c).includes(say('uk', 'menu.title')))).toHaveLength(1);
    expect(fake.callsOf('sendMessage').filter((c) => c.params.chat_id === taras.id)).toHaveLength(2);
  });

  test('a 429 from Telegram: the message is sent again after retry_after (≈1 s)', async () => {
    const iryna = person('uk');
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    expect(await post(running.base, messageUpdate(iryna, '/menu'))).toBe(200);
    const sent = await sentTo(iryna.id, 1, 5000);
    const attempts = fake.callsOf('sendMessage').filter((c) => c.params.chat_id === iryna.id);
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(sent[0]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(visible(sent[0]!)).toContain(say('uk', 'menu.title'));
  });

  test('a Cyrillic update split inside a multi-byte character across two TCP chunks is understood', async () => {
    const oksana = person('uk');
    const question = 'яка погода буде завтра в Амстердамі'; // unanswered, so it is kept for volunteers word for word
    const bytes = Buffer.from(JSON.stringify(messageUpdate(oksana, question)), 'utf8');
    const start = bytes.indexOf(Buffer.from('погода', 'utf8'));
    expect(start).toBeGreaterThan(0);
    const cut = start + 1; // between the two bytes of "п"
    expect(await postWebhook(running.base, [bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(200);
    const sent = await fake.waitForCalls('sendMessage', 1, 3000, (c) => c.params.chat_id === oksana.id && visible(c).includes(say('uk', 'unanswered.text').split('\n')[0]!));
    expect(sent[0]!.ok).toBe(true);
    // The bot read exactly what she wrote: no replacement characters where the chunks met.
    expect((await running.app.inbox.list()).map((item) => item.text)).toContain(question);
  });

  test('a message about violence: the first message sent is the safety answer', async () => {
    const anna = person('ru', 'Анна');
    expect(await post(running.base, messageUpdate(anna, 'муж бьет меня, мне страшно'))).toBe(200);
    const [first] = await sentTo(anna.id, 1);
    expect(visible(first!)).toContain(firstLine(running, 'safety.domestic-violence', 'ru'));
    expect(visible(first!)).toContain('112');
    expect(visible(first!)).not.toContain(say('ru', 'greeting.intro'));
  });

  test('/forget deletes the chosen language and confirms', async () => {
    const petro = person('uk');
    expect(await post(running.base, callbackUpdate(petro, 'l:nl', 'cbq-petro-1'))).toBe(200);
    const [changed] = await sentTo(petro.id, 1);
    expect(visible(changed!)).toContain(say('nl', 'language.changed'));

    expect(await post(running.base, messageUpdate(petro, '/forget'))).toBe(200);
    const afterForget = await sentTo(petro.id, 2);
    // Confirmed in the language the person chose.
    expect(visible(afterForget[1]!)).toBe(say('nl', 'forget.done'));

    // Without the stored choice, the bot is back to the messenger's language (Ukrainian), not Dutch.
    expect(await post(running.base, messageUpdate(petro, '/menu'))).toBe(200);
    const menu = await sentTo(petro.id, 3);
    expect(visible(menu[2]!)).toContain(say('uk', 'menu.title'));
  });
});

describe('Telegram by long polling', () => {
  test('an update pushed to Telegram is answered, and stop() ends polling cleanly', async () => {
    const fake = await FakeTelegram.start();
    let running: RunningApp | undefined;
    try {
      running = await startApp({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_MODE: 'polling', TELEGRAM_API_ROOT: fake.apiRoot }, { telegramPacing: PACING });
      const mykola = person('uk');
      const id = fake.pushUpdate(messageUpdate(mykola, GP_QUESTION_UK, 7_000));
      const expected = firstLine(running, 'healthcare.gp', 'uk');
      const sent = await fake.waitForCalls('sendMessage', 1, 5000, (c) => c.params.chat_id === mykola.id && visible(c).includes(expected));
      expect(sent[0]!.ok).toBe(true);
      // Polling mode has no webhook route.
      expect(await post(running.base, messageUpdate(mykola, '/menu'))).toBe(404);

      const started = performance.now();
      await running.stop();
      expect(performance.now() - started).toBeLessThan(3000);
      // Telegram was told the update was handled, so a restart would not get it again.
      expect(fake.callsOf('getUpdates').some((c) => c.params.offset === id + 1)).toBe(true);
      expect(fake.callsOf('deleteWebhook').length).toBeGreaterThanOrEqual(1);
    } finally {
      await running?.stop();
      await fake.close();
    }
  });
});

describe('privacy: what identifies a person is neither logged nor stored', () => {
  test('chat id, first name, phone number and e-mail appear in no log line and not in the database file', async () => {
    const fake = await FakeTelegram.start();
    const capture = captureLogger();
    const running = await startApp(
      { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.apiRoot },
      { telegramPacing: PACING, logger: capture.logger },
    );
    const chatId = 918_273_645;
    const name = 'Світозара';
    const latinName = 'Svitozara';
    const phone = '+31 6 48291735';
    const email = 'svitozara.koval@example.org';
    const her: Person = { id: chatId, first_name: name, language_code: 'uk' };
    const herLatin: Person = { id: chatId, first_name: latinName, language_code: 'uk' };
    try {
      const messages = [
        messageUpdate(her, `${GP_QUESTION_UK}? мій телефон ${phone}, пошта ${email}`),
        messageUpdate(herLatin, `what is the weather tomorrow, call me at ${phone} or mail ${email}`),
        messageUpdate(her, `${phone} ${email}`),
      ];
      for (const update of messages) expect(await post(running.base, update)).toBe(200);
      // The GP question may be answered directly or offered as "did you mean": either way, she opens it…
      expect(await post(running.base, callbackUpdate(her, 'a:healthcare.gp', 'cbq-svitozara-open'))).toBe(200);
      // …and finds it unhelpful, which brings her scrubbed question to the volunteers.
      expect(await post(running.base, callbackUpdate(her, 'f:-:healthcare.gp', 'cbq-svitozara'))).toBe(200);
      // greeting + answer or choices, unanswered, unanswered, the GP answer, thanks
      await fake.waitForCalls('sendMessage', 6, 5000, (c) => c.params.chat_id === chatId && c.ok === true);
      // Failures make the app log: a message Telegram refuses, and a wrong secret.
      fake.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
      expect(await post(running.base, messageUpdate(her, `/menu ${phone}`))).toBe(200);
      await fake.waitForCalls('sendMessage', 1, 5000, (c) => c.params.chat_id === chatId && c.status === 403);
      expect(await post(running.base, messageUpdate(her, email), 'not-the-secret')).toBe(401);
      expect((await running.app.inbox.list()).map((item) => item.reason).sort()).toEqual(['not-helpful', 'unanswered', 'unanswered']);
    } finally {
      await running.stop({ keepData: true });
      await fake.close();
    }

    try {
      const logs = capture.all();
      // The failures were logged (so the check below looks at real log lines)…
      expect(logs).toContain('telegram outbox: the person blocked the bot');
      expect(logs).toContain('wrong or missing secret');
      const secrets = [String(chatId), name, latinName, phone, phone.replace(/\s/g, ''), '48291735', email, 'svitozara.koval'];
      for (const value of secrets) expect({ value, inLogs: logs.includes(value) }).toEqual({ value, inLogs: false });

      const files = readdirSync(running.dataDir).filter((f) => f.startsWith('prykhystok.sqlite'));
      expect(files).toContain('prykhystok.sqlite');
      const bytes = Buffer.concat(files.map((f) => readFileSync(path.join(running.dataDir, f))));
      // …and the questions are in the file, scrubbed (so the check below reads real content).
      expect(bytes.includes(Buffer.from('what is the weather tomorrow', 'utf8'))).toBe(true);
      for (const value of secrets) {
        expect({ value, inDatabase: bytes.includes(Buffer.from(value, 'utf8')) }).toEqual({ value, inDatabase: false });
      }
    } finally {
      await running.stop();
    }
  });
});
