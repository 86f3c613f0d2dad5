/**
 * Web chat session tokens: signed, renewed while in use, refused after SESSION_IDLE_DAYS days idle.
 */
import { SESSION_IDLE_DAYS, WebSessions } from '../../../src/channels/web/session';

const DAY = 24 * 60 * 60 * 1000;
const SECRET = 'a-test-secret-a-test-secret-a-test-secret';

function clocked(start = Date.parse('2026-05-01T12:00:00Z')) {
  const clock = { now: start };
  return { clock, sessions: new WebSessions(SECRET, () => clock.now) };
}

test('a new token verifies as itself the same day, and is renewed (same session) the next day', () => {
  const { clock, sessions } = clocked();
  const issued = sessions.issue();
  expect(sessions.verify(issued.token)).toEqual(issued);
  clock.now += DAY;
  const renewed = sessions.verify(issued.token)!;
  expect(renewed.id).toBe(issued.id);
  expect(renewed.token).not.toBe(issued.token);
  expect(sessions.verify(renewed.token)).toEqual(renewed);
});

test(`a session used every ${SESSION_IDLE_DAYS - 1} days lives on; one idle for longer than ${SESSION_IDLE_DAYS} days is refused`, () => {
  const { clock, sessions } = clocked();
  const first = sessions.issue();
  let token = first.token;
  for (let i = 0; i < 10; i++) {
    clock.now += (SESSION_IDLE_DAYS - 1) * DAY;
    const used = sessions.verify(token)!;
    expect(used.id).toBe(first.id);
    token = used.token;
  }
  clock.now += SESSION_IDLE_DAYS * DAY;
  expect(sessions.verify(token)?.id).toBe(first.id); // exactly SESSION_IDLE_DAYS idle: still yours
  const stale = token;
  clock.now += DAY;
  expect(sessions.verify(stale)).toBeUndefined();
});

test('a token whose day, id or signature was changed, an old-format token or another secret’s token is refused', () => {
  const { sessions } = clocked();
  const { token } = sessions.issue();
  const [id, day, signature] = token.split('.') as [string, string, string];
  expect(sessions.verify(`${id}.${Number(day) + 10}.${signature}`)).toBeUndefined();
  expect(sessions.verify(`${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}.${day}.${signature}`)).toBeUndefined();
  expect(sessions.verify(`${id}.${signature}`)).toBeUndefined();
  expect(new WebSessions(`${SECRET}-other`).verify(token)).toBeUndefined();
  for (const junk of [undefined, 42, '', '../../etc/passwd', `${token}x`]) expect(sessions.verify(junk)).toBeUndefined();
});
