/**
 * Nothing a person writes is thrown away (issue 12): payloads shaped exactly as the platforms document
 * them, posted to the whole application, with replies checked where the person would see them — at the
 * local fakes of the Telegram Bot API, the WhatsApp Cloud API and Viber.
 */
import { FakeTelegram } from '../fakes/fake-telegram';
import { fakeWamid, FakeWhatsApp, notification, signedWebhook, type InboundSpec } from '../fakes/fake-whatsapp';
import { FakeViber, ViberCallbacks } from '../fakes/fake-viber';
import { allChannelsEnv, captureLogs, NO_PACING, postTo, say, startApp, until, type RunningApp } from './helpers';
import { messengers, quietFor, telegramButtons, viberButtons, visible, whatsappButtons } from './messengers';

const SECRET = 'nothing-thrown-away_SECRET_0123';

let fakes: { telegram: FakeTelegram; whatsapp: FakeWhatsApp; viber: FakeViber };
let running: RunningApp;
const logs = captureLogs('debug');

beforeAll(async () => {
  const [telegram, whatsapp, viber] = await Promise.all([FakeTelegram.start(), FakeWhatsApp.start(), FakeViber.start()]);
  fakes = { telegram, whatsapp, viber };
  running = await startApp({ ...allChannelsEnv(fakes, SECRET), LOG_LEVEL: 'debug' }, { ...NO_PACING, logger: logs.logger });
});

afterAll(async () => {
  await running?.stop();
  await Promise.all([fakes.telegram.close(), fakes.whatsapp.close(), fakes.viber.close()]);
});

let nextWhatsAppNumber = 1;
const viberCallbacks = new ViberCallbacks();
let nextUpdateId = 31_000_000;

const { postTelegram, sentTo, telegramTurn, postWhatsApp, whatsappTo, whatsappTurn, postViber, viberTo, viberTurn } = messengers(() => ({
  base: running.base,
  telegramSecret: SECRET,
  fakes,
}));

/**
 * The examples of core.telegram.org/bots/webhooks ("Testing your bot with updates"), verbatim but for
 * update_id (the receiver drops an update_id it has seen). None has `from.is_bot`; the first has no
 * `chat.type`.
 */
const DOCUMENTED = {
  chat: { last_name: 'Test Lastname', id: 1111111, type: 'private', first_name: 'Test Firstname', username: 'Testusername' },
  from: { last_name: 'Test Lastname', id: 1111111, first_name: 'Test Firstname', username: 'Testusername' },
};

function documented(fields: Record<string, unknown>, kind = 'message'): Record<string, unknown> {
  return { update_id: nextUpdateId++, [kind]: { date: 1441645532, chat: DOCUMENTED.chat, message_id: 1365, from: DOCUMENTED.from, ...fields } };
}

describe('Telegram updates shaped like the Bot API documentation are read', () => {
  test.each([
    [
      'message with text (no chat.type)',
      (): Record<string, unknown> => ({
        update_id: nextUpdateId++,
        message: {
          date: 1441645532,
          chat: { last_name: 'Test Lastname', id: 1111111, first_name: 'Test', username: 'Test' },
          message_id: 1365,
          from: { last_name: 'Test Lastname', id: 1111111, first_name: 'Test', username: 'Test' },
          text: '/start',
        },
      }),
    ],
    ['message with text', (): Record<string, unknown> => documented({ text: '/start' })],
    ['forwarded message', (): Record<string, unknown> => documented({ forward_from: { last_name: 'Forward Lastname', id: 222222, first_name: 'Forward Firstname' }, forward_date: 1441645550, text: '/start' })],
    ['forwarded channel message', (): Record<string, unknown> => documented({ forward_from: { id: -10000000000, type: 'channel', title: 'Test channel' }, forward_date: 1441645550, text: '/start' })],
    [
      'message with a reply',
      (): Record<string, unknown> =>
        documented({
          text: '/start',
          reply_to_message: {
            date: 1441645000,
            chat: { last_name: 'Reply Lastname', type: 'private', id: 1111112, first_name: 'Reply Firstname', username: 'Testusername' },
            message_id: 1334,
            text: 'Original',
          },
        }),
    ],
    ['message with entities', (): Record<string, unknown> => documented({ text: 'Bold and italics', entities: [{ type: 'italic', offset: 9, length: 7 }, { type: 'bold', offset: 0, length: 4 }] })],
    ['message with audio', (): Record<string, unknown> => documented({ audio: { file_id: 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX', duration: 243, mime_type: 'audio/mpeg', file_size: 3897500, title: 'Test music file' } })],
    ['voice message', (): Record<string, unknown> => documented({ voice: { file_id: 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX', duration: 5, mime_type: 'audio/ogg', file_size: 23000 } })],
    ['message with a document', (): Record<string, unknown> => documented({ document: { file_id: 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX', file_name: 'Testfile.pdf', mime_type: 'application/pdf', file_size: 536392 } })],
    ['edited message', (): Record<string, unknown> => documented({ message_id: 1399, text: 'Edited text', edit_date: 1441646600 }, 'edited_message')],
  ])('%s: the person gets a reply', async (_, update) => {
    const replies = await telegramTurn(1111111, update());
    expect(replies.join('\n').trim()).not.toBe('');
  });

  test('a button press without is_bot is read; none of the documented updates was refused as "does not match the schema"', async () => {
    const before = fakes.telegram.callsOf('answerCallbackQuery').length;
    const press = {
      update_id: nextUpdateId++,
      callback_query: {
        id: '4382bfdwdsb323b2d9',
        from: DOCUMENTED.from,
        chat_instance: '-1234567',
        data: 'm',
        message: { message_id: 1366, date: 1441645532, chat: DOCUMENTED.chat, text: '…' },
      },
    };
    const replies = await telegramTurn(1111111, press);
    expect(replies.length).toBeGreaterThan(0);
    expect(fakes.telegram.callsOf('answerCallbackQuery').length).toBe(before + 1);
    // The documented inline-mode press has no chat to answer in: read, and left alone without a warning.
    expect(await postTelegram({ update_id: nextUpdateId++, callback_query: { id: '4382bfdwdsb323b2d9', from: DOCUMENTED.from, data: 'Data from button callback', inline_message_id: '1234csdbsk4839' } })).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logs.all()).not.toContain('does not match the schema');
  });
});

// ---- a question written under a photo, video or file -----------------------------------------------------

const GP_QUESTION = 'Як записатися до сімейного лікаря?';
/** The 👍 button of the GP answer: language-neutral proof that the question was read and answered. */
const GP_ANSWERED = 'f:+:healthcare.gp';

let nextTelegramPerson = 71_000_001;

function telegramPerson(language_code = 'uk'): { id: number; is_bot: false; first_name: string; language_code: string } {
  return { id: nextTelegramPerson++, is_bot: false, first_name: 'Олена', language_code };
}

/** A private-chat message as the Bot API delivers it, with whatever content `fields` give (photo, caption…). */
function telegramUpdate(from: ReturnType<typeof telegramPerson>, fields: Record<string, unknown>, kind = 'message'): Record<string, unknown> {
  const update_id = nextUpdateId++;
  return { update_id, [kind]: { message_id: update_id, date: Math.floor(Date.now() / 1000), chat: { id: from.id, type: 'private', first_name: from.first_name }, from, ...fields } };
}

const PHOTO = [
  { file_id: 'AgACAgIAAxkBAAIBZ2ZfakePhotoSmall', file_unique_id: 'AQADsmall', width: 90, height: 67, file_size: 1337 },
  { file_id: 'AgACAgIAAxkBAAIBZ2ZfakePhotoLarge', file_unique_id: 'AQADlarge', width: 1280, height: 960, file_size: 123456 },
];
const VIDEO = { file_id: 'BAACAgIAAxkBAAIBfakeVideo', file_unique_id: 'AgADvideo', width: 720, height: 1280, duration: 12, mime_type: 'video/mp4', file_size: 2345678 };
const DOCUMENT = { file_id: 'BQACAgIAAxkBAAIBfakeDoc', file_unique_id: 'AgADdoc', file_name: 'brief-gemeente.pdf', mime_type: 'application/pdf', file_size: 345678 };

describe('a question written as a caption is read; an attachment without one gets one line', () => {
  test.each([
    ['photo', { photo: PHOTO }],
    ['video', { video: VIDEO }],
    ['document', { document: DOCUMENT }],
  ])('Telegram: a %s with the question as its caption gets the answer', async (_, attachment) => {
    const olena = telegramPerson('uk');
    await telegramTurn(olena.id, telegramUpdate(olena, { ...attachment, caption: GP_QUESTION }));
    const calls = sentTo(olena.id);
    expect(calls.flatMap(telegramButtons)).toContain(GP_ANSWERED);
    expect(calls.map(visible).join('\n')).not.toContain(say('uk', 'media.picture'));
  });

  test.each([
    ['photo', 'uk', 'media.picture', { photo: PHOTO }],
    ['video', 'ru', 'media.video', { video: VIDEO }],
    ['document', 'nl', 'media.file', { document: DOCUMENT }],
    ['voice note', 'en', 'media.voice', { voice: { file_id: 'AwADfakeVoice', file_unique_id: 'AgADvoice', duration: 5, mime_type: 'audio/ogg', file_size: 23000 } }],
  ] as const)('Telegram: a %s without a caption gets one line in the person\'s language (%s)', async (_, language, key, attachment) => {
    const person = telegramPerson(language);
    const replies = await telegramTurn(person.id, telegramUpdate(person, attachment));
    // First contact: the line, then the menu.
    expect(replies).toEqual([say(language, key), say(language, 'menu.title')]);
  });

  test('Telegram: an album of three photos without a caption gets the line once', async () => {
    const olena = telegramPerson('uk');
    const album = { media_group_id: '13492648234581234' };
    for (let k = 0; k < 3; k++) expect(await postTelegram(telegramUpdate(olena, { ...album, photo: PHOTO }))).toBe(200);
    await until(() => sentTo(olena.id).length >= 1, 5000, 'the line');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sentTo(olena.id).map(visible).filter((text) => text === say('uk', 'media.picture'))).toHaveLength(1);
  });

  test.each([
    ['image', 'picture'],
    ['video', 'video'],
    ['document', 'file'],
  ] as const)('WhatsApp: %s with the question as its caption gets the answer; without one, one line', async (type, kind) => {
    const from = `3161${String(nextWhatsAppNumber++).padStart(7, '0')}`;
    await whatsappTurn(from, { from, type, caption: GP_QUESTION });
    expect(whatsappTo(from).flatMap(whatsappButtons)).toContain(GP_ANSWERED);
    // The conversation is in Ukrainian now, so the line is too.
    const replies = await whatsappTurn(from, { from, type });
    expect(replies).toEqual([say('uk', `media.${kind}`)]);
  });

  test.each([
    ['picture', 'picture'],
    ['video', 'video'],
    ['file', 'file'],
  ] as const)('Viber: %s with the question as its text gets the answer; without one, one line', async (type, kind) => {
    const person = { id: `viber-${type}-${Date.now()}==`, language: 'uk' };
    await viberTurn(person.id, viberCallbacks.media(person, type, GP_QUESTION));
    expect(viberTo(person.id).flatMap(viberButtons)).toContain(GP_ANSWERED);
    const replies = await viberTurn(person.id, viberCallbacks.media(person, type));
    expect(replies).toEqual([say('uk', `media.${kind}`)]);
  });
});

// ---- an edited message --------------------------------------------------------------------------------------

/** A question nothing answers, so the reply to it and the reply to the corrected question differ. */
const UNANSWERED = 'яка погода буде завтра в Амстердамі';

describe('an edited message that changes the words is answered as a new question, once', () => {
  test('Telegram: edited_message', async () => {
    const olena = telegramPerson('uk');
    const original = telegramUpdate(olena, { text: UNANSWERED });
    const messageId = (original.message as { message_id: number }).message_id;
    await telegramTurn(olena.id, original);
    expect(sentTo(olena.id).flatMap(telegramButtons)).not.toContain(GP_ANSWERED);

    const edit = (text: string): Record<string, unknown> => telegramUpdate(olena, { message_id: messageId, text, edit_date: Math.floor(Date.now() / 1000) }, 'edited_message');
    await telegramTurn(olena.id, edit(GP_QUESTION));
    expect(sentTo(olena.id).flatMap(telegramButtons)).toContain(GP_ANSWERED);

    // The same edit again (under a new update_id), and an edit back to words already answered: nothing more.
    expect(await postTelegram(edit(GP_QUESTION))).toBe(200);
    expect(await postTelegram(edit(UNANSWERED))).toBe(200);
    expect(await quietFor(() => sentTo(olena.id))).toEqual([]);
  });

  test('Telegram: an edit that does not change the words is not answered again', async () => {
    const taras = telegramPerson('uk');
    const original = telegramUpdate(taras, { text: GP_QUESTION });
    await telegramTurn(taras.id, original);
    const { message_id } = original.message as { message_id: number };
    expect(await postTelegram(telegramUpdate(taras, { message_id, text: GP_QUESTION, edit_date: Math.floor(Date.now() / 1000) }, 'edited_message'))).toBe(200);
    expect(await quietFor(() => sentTo(taras.id))).toEqual([]);
  });

  test('WhatsApp: type "edit", of a text and of a caption', async () => {
    const from = `3162${String(nextWhatsAppNumber++).padStart(7, '0')}`;
    const originalId = fakeWamid(from);
    await whatsappTurn(from, { from, id: originalId, text: UNANSWERED });
    expect(whatsappTo(from).flatMap(whatsappButtons)).not.toContain(GP_ANSWERED);

    const edit: InboundSpec = { from, id: fakeWamid(from), edit: { originalId, text: GP_QUESTION } };
    await whatsappTurn(from, edit);
    expect(whatsappTo(from).flatMap(whatsappButtons)).toContain(GP_ANSWERED);

    // Meta delivering the same edit again, and another edit event with the same words: nothing more.
    expect(await postWhatsApp(edit)).toBe(200);
    expect(await postWhatsApp({ from, id: fakeWamid(from), edit: { originalId, text: GP_QUESTION } })).toBe(200);
    expect(await quietFor(() => whatsappTo(from))).toEqual([]);

    // A photo whose caption is then corrected: the new caption is the question.
    const photoId = fakeWamid(from);
    await whatsappTurn(from, { from, id: photoId, type: 'image', caption: UNANSWERED });
    const before = whatsappTo(from).length;
    await whatsappTurn(from, { from, id: fakeWamid(from), edit: { originalId: photoId, caption: 'Як записатися до сімейного лікаря' } });
    expect(whatsappTo(from).slice(before).flatMap(whatsappButtons)).toContain(GP_ANSWERED);
  });
});

// ---- WhatsApp: a first message with nothing to read -------------------------------------------------------

describe('WhatsApp: a first message without words gets "text only" in the likely language, then the menu', () => {
  const LANGUAGES = ['uk', 'ru', 'nl', 'en'] as const;

  test.each([
    ['a voice note from +380', '380671234567', 'audio', 'uk', 'media.voice'],
    ['a sticker from +31', '31687654321', 'sticker', 'nl', 'media.picture'],
    ['a photo from +380', '380509876543', 'image', 'uk', 'media.picture'],
  ] as const)('%s', async (_, from, type, language, key) => {
    const replies = await whatsappTurn(from, { from, type });
    expect(replies).toEqual([say(language, key), say(language, 'menu.title')]);
    // The menu is the topic list.
    expect(whatsappTo(from).flatMap(whatsappButtons)).toEqual(expect.arrayContaining(['t:documents', 't:health']));
  });

  test('from any other country: the line in all four languages, with the choice of language', async () => {
    const from = '447700900123';
    const replies = await whatsappTurn(from, { from, type: 'audio' });
    expect(replies).toEqual([LANGUAGES.map((language) => say(language, 'media.voice')).join('\n')]);
    expect(whatsappTo(from).flatMap(whatsappButtons)).toEqual(LANGUAGES.map((language) => `l:${language}`));
  });

  test('a person who has talked with the bot gets the line alone, in the conversation\'s language', async () => {
    const from = '31611122233';
    await whatsappTurn(from, { from, text: GP_QUESTION });
    expect(await whatsappTurn(from, { from, type: 'audio' })).toEqual([say('uk', 'media.voice')]);
  });

  test('the number is neither logged nor stored: only the language was taken from it', async () => {
    const from = '380931112233';
    await whatsappTurn(from, { from, type: 'sticker' });
    // Conversation state is written behind, in batches; let it reach the file.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = readdirSync(running.dataDir).filter((file) => file.startsWith('prykhystok.sqlite'));
    expect(files.length).toBeGreaterThan(0);
    const stored = Buffer.concat(files.map((file) => readFileSync(`${running.dataDir}/${file}`)));
    for (const digits of [from, from.slice(3), '380671234567', '31687654321']) {
      expect({ digits, inLogs: logs.all().includes(digits), inDatabase: stored.includes(Buffer.from(digits)) }).toEqual({ digits, inLogs: false, inDatabase: false });
    }
  });
});

// ---- the bot called in a Telegram group -------------------------------------------------------------------

describe('Telegram: a group that calls the bot is asked, once and briefly, to write privately', () => {
  /** The username the fake Bot API gives in getMe, and the bot's id (the token's first part). */
  const BOT = { id: 123456, username: 'prykhystok_test_bot' };
  let nextGroup = -1_001_234_500_000;

  function groupMessage(from: ReturnType<typeof telegramPerson>, chatId: number, fields: Record<string, unknown>): Record<string, unknown> {
    const update_id = nextUpdateId++;
    return { update_id, message: { message_id: update_id, date: Math.floor(Date.now() / 1000), chat: { id: chatId, title: 'Українці в Утрехті', type: 'supergroup' }, from, ...fields } };
  }

  const expectedLine = (language: 'uk' | 'ru' | 'nl' | 'en'): string => say(language, 'group.writePrivately').replace('{{link}}', `t.me/${BOT.username}`);

  test.each([
    ['a mention', 'uk', { text: `@${BOT.username} як отримати BSN?`, entities: [{ type: 'mention', offset: 0, length: BOT.username.length + 1 }] }],
    ['a reply to the bot', 'nl', { text: 'en hoe zit het met huurtoeslag?', reply_to_message: { message_id: 7, date: 1, chat: { id: 0, type: 'supergroup' }, from: { id: BOT.id, is_bot: true, first_name: 'Prykhystok', username: BOT.username }, text: '…' } }],
    ['a command for the bot', 'ru', { text: `/start@${BOT.username}`, entities: [{ type: 'bot_command', offset: 0, length: BOT.username.length + 7 }] }],
    ['a mention in a caption', 'en', { photo: PHOTO, caption: `@${BOT.username} what does this letter say?` }],
  ] as const)('%s gets one line in the sender\'s language with a link to the bot', async (_, language, fields) => {
    const chatId = nextGroup--;
    const replies = await telegramTurn(chatId, groupMessage(telegramPerson(language), chatId, fields));
    expect(replies).toEqual([expectedLine(language)]);
    expect(String(sentTo(chatId)[0]?.params.text)).toContain(`<a href="https://t.me/${BOT.username}">`);
    // Nothing of the question is answered in front of the group, and no conversation was started.
    expect(await quietFor(() => sentTo(chatId))).toEqual([]);
  });

  test('group talk that does not call the bot is left alone, and a flood of mentions gets one line', async () => {
    const chatId = nextGroup--;
    const olena = telegramPerson('uk');
    for (const text of ['Хто знає, як отримати BSN?', `пишіть на адресу info@${BOT.username}.org`, `@${BOT.username}_fan привіт`, '/start@another_bot']) {
      expect(await postTelegram(groupMessage(olena, chatId, { text }))).toBe(200);
    }
    expect(await quietFor(() => sentTo(chatId))).toEqual([]);

    for (let k = 0; k < 3; k++) expect(await postTelegram(groupMessage(telegramPerson('uk'), chatId, { text: `@${BOT.username} допоможіть` }))).toBe(200);
    await until(() => sentTo(chatId).length > 0, 5000, 'the line');
    expect(await quietFor(() => sentTo(chatId))).toEqual([]);
    expect(sentTo(chatId).map(visible)).toEqual([expectedLine('uk')]);
  });
});

// ---- a person who blocked the bot ---------------------------------------------------------------------------

describe('a person who blocked the bot is logged at info, not as an error', () => {
  const INFO = 30;
  const WARN = 40;

  /** The log lines written since `from`, parsed. */
  const linesSince = (from: number): Array<{ level: number; msg: string }> => logs.lines.slice(from).map((line) => JSON.parse(line) as { level: number; msg: string });

  /** The line about the refusal is at info, and no channel has written a warning or an error since `from`. */
  async function loggedAtInfo(from: number, about: RegExp): Promise<void> {
    await until(() => linesSince(from).some((line) => about.test(line.msg)), 5000, 'the log line');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = linesSince(from);
    expect(lines.filter((line) => about.test(line.msg)).map((line) => line.level)).toEqual([INFO]);
    // (The knowledge folder is watched, and other lines may come from it; only the channels' count here.)
    expect(lines.filter((line) => line.level >= WARN && /outbox|webhook|telegram|whatsapp|viber/i.test(line.msg))).toEqual([]);
  }

  test('Telegram: 403 "Forbidden: bot was blocked by the user"', async () => {
    const olena = telegramPerson('uk');
    const from = logs.lines.length;
    fakes.telegram.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(await postTelegram(telegramUpdate(olena, { text: GP_QUESTION }))).toBe(200);
    await loggedAtInfo(from, /blocked the bot/);
    // The rest of the reply is not tried: it would be refused the same way.
    expect(fakes.telegram.callsOf('sendMessage').filter((call) => call.params.chat_id === olena.id)).toHaveLength(1);
  });

  test('WhatsApp: 131026 when sending, and in a "failed" status', async () => {
    const from = logs.lines.length;
    const phone = `3163${String(nextWhatsAppNumber++).padStart(7, '0')}`;
    fakes.whatsapp.failNext({ kind: 'error', code: 131026, message: 'Message undeliverable' });
    expect(await postWhatsApp({ from: phone, text: GP_QUESTION })).toBe(200);
    await loggedAtInfo(from, /blocked this number/);

    const later = logs.lines.length;
    const { body, headers } = signedWebhook(notification({ statuses: [{ recipient: phone, status: 'failed', errors: [{ code: 131026, title: 'Message undeliverable' }] }] }));
    expect((await postTo(running.base, '/whatsapp/webhook', body, headers)).status).toBe(200);
    await loggedAtInfo(later, /blocked this number/);
  });

  test('Viber: status 6, receiverNotSubscribed', async () => {
    const from = logs.lines.length;
    const person = { id: `viber-blocked-${Date.now()}==`, language: 'uk' };
    fakes.viber.failNext('send_message', { status: 6, message: 'receiverNotSubscribed' });
    expect(await postViber(viberCallbacks.message(person, GP_QUESTION))).toBe(200);
    await loggedAtInfo(from, /unsubscribed or left Viber/);
  });
});
