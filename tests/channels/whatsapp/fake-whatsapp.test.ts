import { createHmac } from 'node:crypto';
import { FAKE_WA, fakeWamid, metaJson, notification, signedWebhook, validateSendRequest } from '../../fakes/fake-whatsapp';

// The render, outbox and channel tests trust this fake; it has to refuse what Meta refuses.
const to = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '31612345678' };
const buttons = (titles: string[]) => ({
  ...to,
  type: 'interactive',
  interactive: { type: 'button', body: { text: 'Оберіть:' }, action: { buttons: titles.map((title, k) => ({ type: 'reply', reply: { id: `b${k}`, title } })) } },
});
const list = (rows: Array<Record<string, unknown>>, button = 'Варіанти') => ({
  ...to,
  type: 'interactive',
  interactive: { type: 'list', body: { text: 'Оберіть:' }, action: { button, sections: [{ rows }] } },
});
const row = (k: number, title = `Рядок ${k}`, description?: string) => ({ id: `r${k}`, title, ...(description ? { description } : {}) });

describe("the fake Cloud API's checks", () => {
  test.each([
    ['a text', { ...to, type: 'text', text: { body: 'Привіт', preview_url: false } }],
    ['a BSUID recipient', { messaging_product: 'whatsapp', recipient: 'NL.1502576394655843', type: 'text', text: { body: 'x' } }],
    ['three reply buttons of 20 characters', buttons(['x'.repeat(20), 'y'.repeat(20), 'z'])],
    ['a list of ten rows', list(Array.from({ length: 10 }, (_, k) => row(k, 't'.repeat(24), 'd'.repeat(72))))],
  ])('accepts %s', (_, body) => {
    expect(validateSendRequest(body)).toBeUndefined();
  });

  test.each([
    ['no recipient', { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }, 100],
    ['a text of 4,097 characters', { ...to, type: 'text', text: { body: 'я'.repeat(4097) } }, 100],
    ['an empty text', { ...to, type: 'text', text: { body: ' ' } }, 100],
    ['four reply buttons', buttons(['a', 'b', 'c', 'd']), 131009],
    ['a button title of 21 characters', buttons(['x'.repeat(21)]), 131009],
    ['two buttons with the same title', buttons(['Так', 'Так']), 131009],
    ['eleven list rows', list(Array.from({ length: 11 }, (_, k) => row(k))), 131009],
    ['a row title of 25 characters', list([row(1, 't'.repeat(25))]), 131009],
    ['a row description of 73 characters', list([row(1, 't', 'd'.repeat(73))]), 131009],
    ['a list button of 21 characters', list([row(1)], 'b'.repeat(21)), 131009],
    ['a body of 1,025 characters', { ...buttons(['a']), interactive: { ...buttons(['a']).interactive, body: { text: 'я'.repeat(1025) } } }, 131009],
  ])('refuses %s', (_, body, code) => {
    expect(validateSendRequest(body as Record<string, unknown>)?.code).toBe(code);
  });
});

describe('webhook notifications as Meta sends them', () => {
  test('the real shape: object, entry[].changes[].value with metadata, contacts (profile name, wa_id) and messages', () => {
    const payload = notification({ messages: [{ from: '31612345678', name: 'Олена', text: 'Привіт' }] });
    expect(payload).toMatchObject({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: FAKE_WA.businessAccountId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: FAKE_WA.displayPhoneNumber, phone_number_id: FAKE_WA.phoneNumberId },
                contacts: [{ profile: { name: 'Олена' }, wa_id: '31612345678' }],
                messages: [{ from: '31612345678', type: 'text', text: { body: 'Привіт' } }],
              },
            },
          ],
        },
      ],
    });
  });

  test("Meta's escaping: pure ASCII bytes that parse back to the same value; the signature covers them", () => {
    const value = { text: 'Привіт 🇺🇦 https://ind.nl/uk' };
    const json = metaJson(value);
    expect(json).toMatch(/^[\x20-\x7e]+$/);
    expect(json).toContain('\\u041f\\u0440');
    expect(json).toContain('https:\\/\\/ind.nl\\/uk');
    expect(JSON.parse(json)).toEqual(value);
    const { body, headers } = signedWebhook(value);
    expect(headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', FAKE_WA.appSecret).update(body).digest('hex')}`);
  });

  test('a wamid embeds the phone number, as a real one does', () => {
    expect(Buffer.from(fakeWamid('31612345678').slice('wamid.'.length), 'base64').toString('latin1')).toContain('31612345678');
  });
});
