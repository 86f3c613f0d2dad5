import { Pseudonymiser } from '../../../src/privacy/pseudonymise';
import { languageHint, telegramUpdateSchema, toInbound } from '../../../src/channels/telegram/update';

const pseudonymiser = new Pseudonymiser('a-test-secret-of-enough-length');
const person = { id: 987654321, is_bot: false, first_name: 'Olena', language_code: 'uk' };
const privateChat = { id: 987654321, type: 'private', first_name: 'Olena' };

function parse(raw: unknown) {
  return telegramUpdateSchema.parse(raw);
}

describe('Telegram updates become inbound messages', () => {
  test('a typed question arrives with a pseudonymous user key, never the raw id', () => {
    const update = parse({ update_id: 10, message: { message_id: 5, date: 1, from: person, chat: privateChat, text: 'Як записатися до лікаря?' } });
    const mapped = toInbound(update, pseudonymiser);
    expect(mapped?.inbound).toEqual({
      channel: 'telegram',
      userKey: pseudonymiser.userKey('telegram', 987654321),
      text: 'Як записатися до лікаря?',
      languageHint: 'uk',
      messageId: '10',
    });
    expect(mapped?.inbound.userKey).not.toContain('987654321');
    expect(mapped?.address).toEqual({ chatId: 987654321 });
  });

  test('a button press arrives as its payload, with the callback id to stop the spinner', () => {
    const update = parse({
      update_id: 11,
      callback_query: { id: 'cbq-1', from: { ...person, language_code: 'ru-RU' }, chat_instance: 'x', message: { message_id: 6, date: 1, chat: privateChat }, data: 'a:healthcare.gp' },
    });
    const mapped = toInbound(update, pseudonymiser);
    expect(mapped?.inbound).toMatchObject({ payload: 'a:healthcare.gp', languageHint: 'ru' });
    expect(mapped?.inbound.text).toBeUndefined();
    expect(mapped?.address).toEqual({ chatId: 987654321, callbackQueryId: 'cbq-1' });
  });

  test.each([
    ['/start', '/start'],
    ['/menu@PrykhystokBot', '/menu'],
    ['/lang@Prykhystok_bot nl', '/lang nl'],
    ['/forget', '/forget'],
    ['/privacy@PrykhystokBot', '/privacy'],
    ['email me@PrykhystokBot', 'email me@PrykhystokBot'],
  ])('command %s arrives as text %s', (typed, expected) => {
    const update = parse({ update_id: 12, message: { message_id: 7, from: person, chat: privateChat, text: typed } });
    expect(toInbound(update, pseudonymiser)?.inbound.text).toBe(expected);
  });

  test.each([
    ['uk', 'uk'],
    ['ru-RU', 'ru'],
    ['nl', 'nl'],
    ['en-GB', 'en'],
    ['de', undefined],
    [undefined, undefined],
  ])('language setting %s gives the hint %s', (code, hint) => {
    expect(languageHint(code)).toBe(hint);
  });

  test('a sticker or photo in a private chat arrives without text, so the bot can ask for words', () => {
    const update = parse({ update_id: 13, message: { message_id: 8, from: person, chat: privateChat, sticker: { file_id: 'x' } } });
    const mapped = toInbound(update, pseudonymiser);
    expect(mapped).toBeDefined();
    expect(mapped?.inbound.text).toBeUndefined();
    expect(mapped?.inbound.payload).toBeUndefined();
  });

  test('an edited message is read like a message, marked as an edit of that message', () => {
    const edited = parse({ update_id: 16, edited_message: { message_id: 9, from: person, chat: privateChat, text: 'hi', edit_date: 2 } });
    expect(toInbound(edited, pseudonymiser)).toMatchObject({ inbound: { text: 'hi' }, version: { message: '987654321:9', edited: true } });
    const captionRemoved = parse({ update_id: 18, edited_message: { message_id: 9, from: person, chat: privateChat, photo: [], edit_date: 2 } });
    expect(toInbound(captionRemoved, pseudonymiser)).toBeUndefined();
  });

  test('messages from bots, from groups and other update kinds are not answered', () => {
    const fromBot = parse({ update_id: 14, message: { message_id: 9, from: { ...person, is_bot: true }, chat: privateChat, text: 'hi' } });
    const inGroup = parse({ update_id: 15, message: { message_id: 9, from: person, chat: { id: -100, type: 'supergroup' }, text: 'hi' } });
    const buttonWithoutChat = parse({ update_id: 17, callback_query: { id: 'q', from: person, inline_message_id: 'i', data: 'm' } });
    for (const update of [fromBot, inGroup, buttonWithoutChat]) expect(toInbound(update, pseudonymiser)).toBeUndefined();
  });

  test('unknown fields from a newer Bot API are accepted; a broken shape is not', () => {
    expect(telegramUpdateSchema.safeParse({ update_id: 1, message: { message_id: 1, from: person, chat: privateChat, text: 'x', brand_new: { a: 1 } }, business_message: {} }).success).toBe(true);
    expect(telegramUpdateSchema.safeParse({ update_id: 'one' }).success).toBe(false);
    expect(telegramUpdateSchema.safeParse({ update_id: 1, message: { message_id: 1, chat: { id: 'x', type: 'private' } } }).success).toBe(false);
  });
});
