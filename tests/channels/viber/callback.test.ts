import { Pseudonymiser } from '../../../src/privacy/pseudonymise';
import {
  conversationStartToInbound,
  exactMessageToken,
  languageHint,
  messageToInbound,
  parseCallback,
  type ViberCallback,
} from '../../../src/channels/viber/callback';

const pseudonymiser = new Pseudonymiser('a-test-secret-of-enough-length');
const isPayload = (text: string): boolean => text === 'start' || /^(m|l|t:[a-z]+|a:[a-z.-]+|f:[+-]:[a-z.-]+)$/.test(text);
const sender = { id: '01234567890A=', name: 'Olena Shevchenko', language: 'uk', country: 'NL', api_version: 10 };

function callback(json: unknown): ViberCallback {
  const parsed = parseCallback(json);
  if (parsed.kind !== 'callback') throw new Error(`not a callback: ${JSON.stringify(parsed)}`);
  return parsed.callback;
}

function message(text: string, extra: Record<string, unknown> = {}) {
  const parsed = callback({ event: 'message', timestamp: 1, message_token: 1001, sender, message: { type: 'text', text }, ...extra });
  if (parsed.event !== 'message') throw new Error('expected a message');
  return parsed;
}

describe('Viber callbacks become inbound messages', () => {
  test('a typed question arrives with a pseudonymous user key, never the raw id or the name', () => {
    const mapped = messageToInbound(message('Як записатися до лікаря?'), '4912661846655238145', pseudonymiser, isPayload);
    expect(mapped.inbound).toEqual({
      channel: 'viber',
      userKey: pseudonymiser.userKey('viber', '01234567890A='),
      text: 'Як записатися до лікаря?',
      languageHint: 'uk',
      messageId: '4912661846655238145',
    });
    expect(JSON.stringify(mapped.inbound)).not.toContain('01234567890A');
    expect(JSON.stringify(mapped.inbound)).not.toContain('Olena');
    expect(mapped.address).toEqual({ receiverId: '01234567890A=' });
  });

  test('a keyboard press (the ActionBody as text) arrives as a payload', () => {
    expect(messageToInbound(message('t:housing'), undefined, pseudonymiser, isPayload).inbound).toMatchObject({ payload: 't:housing' });
    expect(messageToInbound(message('start'), undefined, pseudonymiser, isPayload).inbound.payload).toBe('start');
    const typed = messageToInbound(message('t: housing please'), undefined, pseudonymiser, isPayload).inbound;
    expect(typed).toMatchObject({ text: 't: housing please' });
    expect(typed.payload).toBeUndefined();
  });

  test('a sticker has neither text nor payload, so the bot can say it reads text only', () => {
    const sticker = callback({ event: 'message', message_token: 1, sender, message: { type: 'sticker', sticker_id: 46105 } });
    if (sticker.event !== 'message') throw new Error('expected a message');
    const { inbound } = messageToInbound(sticker, '1', pseudonymiser, isPayload);
    expect(inbound.text).toBeUndefined();
    expect(inbound.payload).toBeUndefined();
  });

  test('opening the chat is the start of the conversation, in the app language, collected as a welcome', () => {
    const started = callback({ event: 'conversation_started', message_token: 1, type: 'open', user: { ...sender, language: 'ru-RU' }, subscribed: false });
    if (started.event !== 'conversation_started') throw new Error('expected conversation_started');
    const mapped = conversationStartToInbound(started, '1', pseudonymiser);
    expect(mapped.inbound).toEqual({ channel: 'viber', userKey: pseudonymiser.userKey('viber', sender.id), payload: 'start', languageHint: 'ru', messageId: '1' });
    expect(mapped.address).toEqual({ receiverId: sender.id, welcome: [] });
  });

  test.each([
    ['uk', 'uk'],
    ['ru-RU', 'ru'],
    ['nl_NL', 'nl'],
    ['EN', 'en'],
    ['de', undefined],
    [undefined, undefined],
  ])('the phone language %s is the hint %s', (code, hint) => {
    expect(languageHint(code)).toBe(hint);
  });
});

describe('parsing callbacks', () => {
  test('every event Viber sends is understood; a name is optional (send_name: false)', () => {
    const { name: _name, ...anonymous } = sender;
    for (const json of [
      { event: 'message', message_token: 1, sender: anonymous, message: { type: 'text', text: 'x' } },
      { event: 'conversation_started', message_token: 1, user: anonymous, subscribed: true },
      { event: 'subscribed', message_token: 1, user: anonymous },
      { event: 'unsubscribed', message_token: 1, user_id: 'abc=' },
      { event: 'delivered', message_token: 1, user_id: 'abc=' },
      { event: 'seen', message_token: 1, user_id: 'abc=' },
      { event: 'failed', message_token: 1, user_id: 'abc=', desc: 'keyboard validation failed' },
      { event: 'webhook', message_token: 1, chat_hostname: 'SN-1_' },
    ]) {
      expect(parseCallback(json)).toMatchObject({ kind: 'callback', callback: { event: json.event } });
    }
  });

  test('an event Viber adds later is reported as unknown, not as invalid', () => {
    expect(parseCallback({ event: 'client_status', message_token: 1 })).toEqual({ kind: 'unknown-event', event: 'client_status' });
  });

  test('a malformed callback reports paths and codes, never values', () => {
    const parsed = parseCallback({ event: 'message', message_token: 1, sender: { id: 42, name: 'Olena' }, message: { type: 'text', text: 'секрет' } });
    expect(parsed.kind).toBe('invalid');
    expect(JSON.stringify(parsed)).not.toMatch(/Olena|секрет|42/);
  });
});

describe('the exact message token', () => {
  test('64-bit tokens keep every digit, so neighbours stay different', () => {
    const raw = (token: string) => `{"event":"message","message_token":${token},"sender":{"id":"a"}}`;
    const a = '4912661846655238145';
    const b = '4912661846655238146';
    expect(Number(a)).toBe(Number(b));
    expect(exactMessageToken(raw(a), JSON.parse(raw(a)).message_token)).toBe(a);
    expect(exactMessageToken(raw(b), JSON.parse(raw(b)).message_token)).toBe(b);
  });

  test('a person writing "message_token" in their text cannot change the key', () => {
    const raw = JSON.stringify({ event: 'message', sender: { id: 'a' }, message: { type: 'text', text: '"message_token": 1' } }).replace(/}$/, ',"message_token":77}');
    expect(exactMessageToken(raw, 77)).toBe('77');
    const withoutToken = JSON.stringify({ event: 'message', message: { text: '"message_token":12345' } });
    expect(exactMessageToken(withoutToken, undefined)).toBeUndefined();
  });
});
