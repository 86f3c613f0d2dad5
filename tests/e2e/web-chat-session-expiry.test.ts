/**
 * A web chat session ends after SESSION_IDLE_DAYS days without a message, and is renewed while in use:
 * the bot remembers a person's language as long as they keep writing, and a token left idle for longer
 * (on a shared computer, in a log) opens nothing.
 */
import { SESSION_IDLE_DAYS, WebSessions } from '../../src/channels/web/session';
import { deriveKey } from '../../src/secrets';
import { ChatClient, repliesOf, startApp, type RunningApp } from './helpers';

const SECRET = 'session-expiry-test-secret-0123456789abcdef';
const DAY = 24 * 60 * 60 * 1000;
/** The server's sessions as they were `daysAgo` days ago (the same key, an earlier clock). */
const sessionsOf = (daysAgo: number) => new WebSessions(deriveKey(SECRET, 'web-session'), () => Date.now() - daysAgo * DAY);
const LANGUAGE_CHOICE = ['l:en', 'l:nl', 'l:ru', 'l:uk'];

let running: RunningApp;
beforeAll(async () => {
  running = await startApp({ PSEUDONYM_SECRET: SECRET });
});
afterAll(() => running.stop());

test(`a session last used ${SESSION_IDLE_DAYS - 1} days ago is still the person's, and is renewed; one idle for ${SESSION_IDLE_DAYS + 1} days is a stranger's`, async () => {
  // One session, as its token looked 31 days ago and as it looked after a message 2 days ago.
  const started = sessionsOf(SESSION_IDLE_DAYS + 1).issue();
  const recent = sessionsOf(2).verify(started.token)!;
  expect(recent.id).toBe(started.id);

  const person = new ChatClient(running.base); // no Accept-Language: only the stored choice knows the language
  person.session = recent.token;
  expect(repliesOf(await person.press('l:nl'))[0]?.language).toBe('nl');
  expect(person.session).not.toBe(recent.token); // renewed for today
  expect(repliesOf(await person.text('/menu'))[0]).toMatchObject({ kind: 'menu', language: 'nl' });

  const idle = new ChatClient(running.base);
  idle.session = started.token;
  const stranger = await idle.text('/menu');
  expect(stranger.body.session).not.toBe(started.token);
  expect(repliesOf(stranger)[0]?.buttons.map((b) => b.payload).sort()).toEqual(LANGUAGE_CHOICE);
});
