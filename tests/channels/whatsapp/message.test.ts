import { messageDigest, toInbound } from '../../../src/channels/whatsapp/message';
import { notificationContent, notificationSchema, whatsappMessageSchema, type WhatsAppMessage } from '../../../src/channels/whatsapp/notification';
import { Pseudonymiser } from '../../../src/privacy/pseudonymise';
import { inboundMessage, notification, type InboundSpec } from '../../fakes/fake-whatsapp';

const pseudonymiser = new Pseudonymiser('a-test-secret-of-enough-length');
const PHONE = '31612345678';

function message(spec: InboundSpec): WhatsAppMessage {
  return whatsappMessageSchema.parse(inboundMessage(spec));
}

describe('a WhatsApp message becomes an InboundMessage', () => {
  test('a text: the words, a pseudonymous key, a hashed message id, and when it was written', () => {
    const mapped = toInbound(message({ from: PHONE, text: 'Як отримати BSN?', id: 'wamid.ABC', timestamp: 1_760_000_000 }), pseudonymiser);
    expect(mapped).toEqual({
      inbound: { channel: 'whatsapp', userKey: pseudonymiser.userKey('whatsapp', PHONE), text: 'Як отримати BSN?', messageId: messageDigest('wamid.ABC') },
      address: { kind: 'phone', id: PHONE },
      sentAt: 1_760_000_000_000,
      // Which message these words belong to, so a later edit of it is answered only when it changes them.
      version: { message: messageDigest('wamid.ABC'), edited: false },
    });
    // Neither the number nor the wamid (which embeds it) leaves in the inbound message.
    expect(JSON.stringify(mapped?.inbound)).not.toContain(PHONE);
    expect(JSON.stringify(mapped?.inbound)).not.toContain('wamid');
  });

  test.each([
    ['a reply button', { buttonReply: { id: 'a:healthcare.gp', title: 'Лікар' } }],
    ['a list row', { listReply: { id: 'a:healthcare.gp', title: 'Як записатися до сімей…', description: 'Як записатися до сімейного лікаря?' } }],
  ])('%s: the payload is the id we gave it', (_, content) => {
    const mapped = toInbound(message({ from: PHONE, ...content }), pseudonymiser);
    expect(mapped?.inbound.payload).toBe('a:healthcare.gp');
    expect(mapped?.inbound.text).toBeUndefined();
  });

  test.each(['image', 'audio', 'sticker', 'location', 'unsupported'])('a message of type %s: no text and no payload, so the bot asks to type', (type) => {
    const mapped = toInbound(message({ from: PHONE, type }), pseudonymiser);
    expect(mapped?.inbound).toMatchObject({ channel: 'whatsapp' });
    expect(mapped?.inbound.text).toBeUndefined();
    expect(mapped?.inbound.payload).toBeUndefined();
  });

  test.each([
    ['a Ukrainian number', { from: '380671234567' }, 'uk'],
    ['a Dutch number', { from: PHONE }, 'nl'],
    ['a British number', { from: '447700900123' }, undefined],
    ['a Russian number', { from: '79161234567' }, undefined],
    ['a hidden number with a Ukrainian business-scoped id', { from: PHONE, hidePhone: true, userId: 'UA.1502576394655843' }, 'uk'],
  ])('a voice note from %s: the language guessed from the country, the number left behind', (_, person, hint) => {
    const mapped = toInbound(message({ ...person, type: 'audio' }), pseudonymiser);
    expect(mapped?.inbound.languageHint).toBe(hint);
    expect(JSON.stringify(mapped?.inbound)).not.toContain(person.from);
    // Words are read for their own language: the country of the number is no hint then.
    expect(toInbound(message({ ...person, text: 'Привіт' }), pseudonymiser)?.inbound.languageHint).toBeUndefined();
  });

  test('a reaction to one of our messages is not answered', () => {
    expect(toInbound(message({ from: PHONE, type: 'reaction' }), pseudonymiser)).toBeUndefined();
  });

  test('opening the chat for the first time is like pressing Start', () => {
    expect(toInbound(message({ from: PHONE, type: 'request_welcome' }), pseudonymiser)?.inbound.text).toBe('/start');
  });

  test('the same person gets the same key on every message, another person another key', () => {
    const a = toInbound(message({ from: PHONE, text: 'a' }), pseudonymiser)?.inbound.userKey;
    const b = toInbound(message({ from: PHONE, text: 'b' }), pseudonymiser)?.inbound.userKey;
    const c = toInbound(message({ from: '380501234567', text: 'c' }), pseudonymiser)?.inbound.userKey;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  test('a person who hides their number behind a username is answered through the business-scoped id', () => {
    const mapped = toInbound(message({ from: PHONE, hidePhone: true, userId: 'NL.1502576394655843', text: 'Привіт' }), pseudonymiser);
    expect(mapped?.address).toEqual({ kind: 'bsuid', id: 'NL.1502576394655843' });
    expect(mapped?.inbound.userKey).toBe(pseudonymiser.userKey('whatsapp', 'NL.1502576394655843'));
  });

  test('with both, the phone number keys the person (keys stay what they were before BSUIDs)', () => {
    const mapped = toInbound(message({ from: PHONE, userId: 'NL.1502576394655843', text: 'Привіт' }), pseudonymiser);
    expect(mapped?.address).toEqual({ kind: 'phone', id: PHONE });
  });

  test('a message without a usable sender is not answered', () => {
    expect(toInbound(message({ from: PHONE, hidePhone: true, text: 'x' }), pseudonymiser)).toBeUndefined();
    expect(toInbound({ id: 'wamid.X', from: 'not-a-number', type: 'text', text: { body: 'x' } }, pseudonymiser)).toBeUndefined();
  });
});

describe('a notification', () => {
  test('yields its messages in order; receipts are counted, failed ones by code only', () => {
    const json = notification({
      messages: [
        { from: PHONE, text: 'перше' },
        { from: '380501234567', text: 'друге' },
      ],
      statuses: [
        { recipient: PHONE, status: 'delivered' },
        { recipient: PHONE, status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] },
      ],
    });
    const content = notificationContent(notificationSchema.parse(json), '106540352242922');
    expect(content.messages.map((m) => m.text?.body)).toEqual(['перше', 'друге']);
    expect(content.statuses).toBe(2);
    expect(content.failedCodes).toEqual([131047]);
    expect(content.invalid).toEqual([]);
  });

  test('one odd message does not hide the others', () => {
    const json = notification({ messages: [{ from: PHONE, text: 'добре' }] }) as { entry: Array<{ changes: Array<{ value: { messages: unknown[] } }> }> };
    json.entry[0]!.changes[0]!.value.messages.unshift({ id: 42, type: null });
    const content = notificationContent(notificationSchema.parse(json));
    expect(content.messages.map((m) => m.text?.body)).toEqual(['добре']);
    expect(content.invalid.length).toBeGreaterThan(0);
    expect(JSON.stringify(content.invalid)).not.toContain('42');
  });

  test('messages to another business number of the same app are skipped', () => {
    const json = notification({ messages: [{ from: PHONE, text: 'x' }], phoneNumberId: '999' });
    const content = notificationContent(notificationSchema.parse(json), '106540352242922');
    expect(content.messages).toEqual([]);
    expect(content.otherNumber).toBe(1);
  });
});
