/**
 * WhatsApp inside the whole application: the bot's own words on WhatsApp's controls (the button that
 * opens a list, the prompt above choices) come from locales/, in the person's language.
 */
import { FakeWhatsApp, notification, signedWebhook } from '../fakes/fake-whatsapp';
import { FakeTelegram } from '../fakes/fake-telegram';
import { FakeViber } from '../fakes/fake-viber';
import { allChannelsEnv, NO_PACING, postTo, say, startApp, until, type RunningApp } from './helpers';

const WA_ID = '31612345678';
let fakes: { telegram: FakeTelegram; whatsapp: FakeWhatsApp; viber: FakeViber };
let running: RunningApp;

beforeAll(async () => {
  const [telegram, whatsapp, viber] = await Promise.all([FakeTelegram.start(), FakeWhatsApp.start(), FakeViber.start()]);
  fakes = { telegram, whatsapp, viber };
  running = await startApp(allChannelsEnv(fakes, 'a-secret-for-the-webhook-0123'), { ...NO_PACING });
});

afterAll(async () => {
  await running.stop();
  await Promise.all([fakes.telegram.close(), fakes.whatsapp.close(), fakes.viber.close()]);
});

test.each([
  ['uk', 'Привіт'],
  ['nl', 'Hallo'],
] as const)('the topic menu opens with a %s list button', async (language, greeting) => {
  const before = fakes.whatsapp.accepted().length;
  const { body, headers } = signedWebhook(notification({ messages: [{ from: WA_ID, text: greeting }] }));
  expect((await postTo(running.base, '/whatsapp/webhook', body, headers)).status).toBe(200);
  await until(() => fakes.whatsapp.accepted().slice(before).some((call) => call.body.type === 'interactive'), 5000, 'the menu');
  const menu = fakes.whatsapp.accepted().slice(before).find((call) => call.body.type === 'interactive');
  expect(menu?.body).toMatchObject({ interactive: { type: 'list', action: { button: say(language, 'buttons.choose') } } });
});
