import { FakeViber, validateKeyboard, validateSendMessage } from '../../fakes/fake-viber';

const button = (extra: Record<string, unknown> = {}) => ({ Columns: 6, Rows: 1, ActionType: 'reply', ActionBody: 'm', Text: 'Меню', ...extra });
const keyboard = (buttons: unknown[]) => ({ Type: 'keyboard', Buttons: buttons });
const message = (extra: Record<string, unknown> = {}) => ({ receiver: 'id==', type: 'text', sender: { name: 'Prykhystok' }, text: 'Привіт', ...extra });

// The render tests trust this validator; it has to refuse what Viber refuses.
describe("the fake Viber API's checks", () => {
  test('accepts a text message with a reply keyboard', () => {
    expect(validateSendMessage(message({ min_api_version: 1, keyboard: keyboard([button(), button({ Columns: 3 }), button({ Columns: 3 })]) }))).toBeUndefined();
  });

  test.each([
    ['no receiver', message({ receiver: '' }), /receiver/],
    ['no sender name', message({ sender: {} }), /sender\.name/],
    ['a sender name over 28 characters', message({ sender: { name: 'x'.repeat(29) } }), /28/],
    ['an empty text', message({ text: ' ' }), /text/],
    ['a text over 7000 characters', message({ text: 'я'.repeat(7001) }), /7000/],
    ['a bad min_api_version', message({ min_api_version: 0 }), /min_api_version/],
  ])('refuses %s', (_, params, error) => {
    expect(validateSendMessage(params)?.message).toMatch(error);
  });

  test.each([
    ['no Type', { Buttons: [button()] }, /Type/],
    ['no buttons', keyboard([]), /non-empty/],
    ['a button 7 columns wide', keyboard([button({ Columns: 7 })]), /Columns/],
    ['a button 3 rows high', keyboard([button({ Rows: 3 })]), /Rows/],
    ['an unknown action', keyboard([button({ ActionType: 'postback' })]), /ActionType/],
    ['an empty ActionBody', keyboard([button({ ActionBody: '' })]), /ActionBody/],
    ['a huge ActionBody', keyboard([button({ ActionBody: 'x'.repeat(4001) })]), /ActionBody/],
    ['a Text over 250 characters', keyboard([button({ Text: 'x'.repeat(251) })]), /250/],
    ['a button with nothing to show', keyboard([button({ Text: undefined })]), /needs Text/],
    ['13 full-width rows', keyboard(Array.from({ length: 13 }, () => button())), /13 rows/],
  ])('refuses a keyboard with %s', (_, value, error) => {
    expect(validateKeyboard(value)).toMatch(error);
  });

  test('checks the auth token like Viber', async () => {
    const fake = await FakeViber.start();
    try {
      const post = (headers: Record<string, string>) =>
        fetch(`${fake.apiRoot}/pa/send_message`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(message()) }).then(
          (r) => r.json() as Promise<{ status: number; status_message: string }>,
        );
      await expect(post({})).resolves.toEqual({ status: 2, status_message: 'missing_auth_token' });
      await expect(post({ 'x-viber-auth-token': 'wrong' })).resolves.toMatchObject({ status: 2 });
      await expect(post({ 'x-viber-auth-token': fake.authToken })).resolves.toMatchObject({ status: 0, status_message: 'ok' });
    } finally {
      await fake.close();
    }
  });
});
