import { whatsappConfigFromEnv } from '../../../src/channels/whatsapp/config';

const FULL = {
  WHATSAPP_TOKEN: 'EAAGsecretTOKEN123',
  WHATSAPP_APP_SECRET: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
  WHATSAPP_VERIFY_TOKEN: 'my verify token',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
};

function errorOf(env: Record<string, string | undefined>): string {
  try {
    whatsappConfigFromEnv(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected whatsappConfigFromEnv to throw');
}

describe('WhatsApp configuration from the environment', () => {
  test('all four credentials turn it on, with the default API root and version', () => {
    expect(whatsappConfigFromEnv(FULL)).toEqual({
      config: {
        token: FULL.WHATSAPP_TOKEN,
        appSecret: FULL.WHATSAPP_APP_SECRET,
        verifyToken: 'my verify token',
        phoneNumberId: FULL.WHATSAPP_PHONE_NUMBER_ID,
        apiRoot: 'https://graph.facebook.com',
        apiVersion: 'v21.0',
      },
    });
  });

  test('the API root (a local fake in tests) and version can be set; a trailing slash is dropped', () => {
    const { config } = whatsappConfigFromEnv({ ...FULL, WHATSAPP_API_ROOT: 'http://127.0.0.1:4010/', WHATSAPP_API_VERSION: 'v22.0' });
    expect(config).toMatchObject({ apiRoot: 'http://127.0.0.1:4010', apiVersion: 'v22.0' });
  });

  test('none set (or all blank) → off, with a note that says what to set', () => {
    const off = whatsappConfigFromEnv({});
    expect(off.config).toBeUndefined();
    expect(off.note).toMatch(/^WhatsApp is off: set WHATSAPP_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, WHATSAPP_PHONE_NUMBER_ID/);
    expect(whatsappConfigFromEnv({ WHATSAPP_TOKEN: '', WHATSAPP_APP_SECRET: '  ' }).config).toBeUndefined();
  });

  test('some but not all → an error naming the missing ones, without echoing any value', () => {
    const message = errorOf({ WHATSAPP_TOKEN: FULL.WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID: FULL.WHATSAPP_PHONE_NUMBER_ID });
    expect(message).toMatch(/WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN are missing/);
    expect(message).not.toContain(FULL.WHATSAPP_TOKEN);
    expect(errorOf({ ...FULL, WHATSAPP_VERIFY_TOKEN: undefined })).toMatch(/WHATSAPP_VERIFY_TOKEN is missing/);
  });

  test.each([
    ['a phone number instead of its id', { WHATSAPP_PHONE_NUMBER_ID: '+31 6 1234 5678' }, /numeric phone number ID/],
    ['a token with a line break', { WHATSAPP_TOKEN: 'EAAG abc' }, /WHATSAPP_TOKEN contains spaces or quotes/],
    ['an API root that is not a URL', { WHATSAPP_API_ROOT: 'ftp://example.org' }, /WHATSAPP_API_ROOT must be an http\(s\) URL/],
    ['a version that is not one', { WHATSAPP_API_VERSION: 'latest' }, /v21\.0/],
  ])('refuses %s', (_, change, error) => {
    const message = errorOf({ ...FULL, ...change });
    expect(message).toMatch(error);
    for (const v of Object.values(change)) expect(message).not.toContain(v);
  });
});
