import { viberConfigFromEnv, ViberConfigError } from '../../../src/channels/viber/config';

const TOKEN = '4a1f0c3e9b2d7f60-8c5e1a2b3d4f5a6b-9e8d7c6b5a4f3e2d';

describe('Viber configuration', () => {
  test('without a token the channel is off and says how to turn it on', () => {
    expect(viberConfigFromEnv({})).toEqual({ note: expect.stringMatching(/^Viber is off: set VIBER_AUTH_TOKEN/) });
    expect(viberConfigFromEnv({ VIBER_AUTH_TOKEN: '   ' }).config).toBeUndefined();
  });

  test('a token alone gives the defaults', () => {
    expect(viberConfigFromEnv({ VIBER_AUTH_TOKEN: TOKEN })).toEqual({
      config: { authToken: TOKEN, apiRoot: 'https://chatapi.viber.com', botName: 'Prykhystok', registerWebhook: false },
    });
  });

  test('every variable is read; registering keeps PUBLIC_URL for the webhook URL', () => {
    const { config } = viberConfigFromEnv(
      { VIBER_AUTH_TOKEN: ` ${TOKEN} `, VIBER_API_ROOT: 'http://127.0.0.1:9999/', VIBER_BOT_NAME: 'Прихисток', VIBER_REGISTER_WEBHOOK: 'true' },
      'https://bot.example.org/',
    );
    expect(config).toEqual({
      authToken: TOKEN,
      apiRoot: 'http://127.0.0.1:9999',
      botName: 'Прихисток',
      registerWebhook: true,
      publicUrl: 'https://bot.example.org',
    });
  });

  test.each([
    ['registering without PUBLIC_URL', { VIBER_REGISTER_WEBHOOK: 'true' }, /needs PUBLIC_URL/],
    ['a bot name over 28 characters', { VIBER_BOT_NAME: 'x'.repeat(29) }, /at most 28/],
    ['a register flag that is not a boolean', { VIBER_REGISTER_WEBHOOK: 'sure' }, /true or false/],
    ['an API root that is not a URL', { VIBER_API_ROOT: 'chatapi.viber.com' }, /http/],
  ])('refuses %s', (_, env, message) => {
    expect(() => viberConfigFromEnv({ VIBER_AUTH_TOKEN: TOKEN, ...env })).toThrow(message);
    expect(() => viberConfigFromEnv({ VIBER_AUTH_TOKEN: TOKEN, ...env })).toThrow(ViberConfigError);
  });

  test('a mangled token is refused without being echoed', () => {
    for (const token of ['"quoted-token-value-here"', 'has spaces in the token value', 'short']) {
      let message = '';
      try {
        viberConfigFromEnv({ VIBER_AUTH_TOKEN: token });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/does not look like a Viber token/);
      expect(message).not.toContain(token);
    }
  });
});
