/**
 * Nothing a person writes is thrown away (issue 12): payloads shaped exactly as the platforms document
 * them, posted to the whole application, with replies checked where the person would see them — at the
 * local fakes of the Telegram Bot API, the WhatsApp Cloud API and Viber.
 */
import { FakeTelegram, type RecordedCall } from '../fakes/fake-telegram';
import { FakeWhatsApp } from '../fakes/fake-whatsapp';
import { FakeViber } from '../fakes/fake-viber';
import { allChannelsEnv, captureLogs, NO_PACING, postTo, startApp, until, type RunningApp } from './helpers';

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

// ---- Telegram ----------------------------------------------------------------------------------------------

let nextUpdateId = 31_000_000;

async function postTelegram(update: Record<string, unknown>): Promise<number> {
  const body = Buffer.from(JSON.stringify(update), 'utf8');
  const answer = await postTo(running.base, '/telegram/webhook', body, { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET });
  return answer.status;
}

/** The text a person reads (the fake decoded the HTML). */
const visible = (call: RecordedCall): string => (call.result as { text?: string } | undefined)?.text ?? '';

/** Accepted sendMessage calls to `chatId`. */
const sentTo = (chatId: number): RecordedCall[] => fakes.telegram.accepted().filter((call) => call.params.chat_id === chatId);

/** Posts an update and resolves with the messages the chat got for it (at least one). */
async function telegramTurn(chatId: number, update: Record<string, unknown>): Promise<string[]> {
  const before = sentTo(chatId).length;
  expect(await postTelegram(update)).toBe(200);
  await until(() => sentTo(chatId).length > before, 5000, 'a reply in the chat');
  // The parts of one reply leave together; give the last of them a moment.
  await new Promise((resolve) => setTimeout(resolve, 150));
  return sentTo(chatId).slice(before).map(visible);
}

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
