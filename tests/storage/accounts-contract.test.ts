/**
 * Volunteers' accounts and sessions, the same on SQLite and PostgreSQL. What a volunteer (or an attacker)
 * would notice if it broke: parallel password guesses that do not lock the account — on PostgreSQL also
 * when they are split across instances — two accounts with one name, a changed password or a disabled
 * account that keeps its sessions, or a session from one instance refused by another.
 */
import { SCRYPT_COST } from '../../src/admin/passwords';
import { IDLE_MINUTES, SessionStore } from '../../src/admin/sessions';
import { LOCK_MINUTES, MAX_FAILED_LOGINS, UserError, UserStore } from '../../src/admin/users';
import { volunteerBackends } from './volunteer-backends';

const PASSWORD = 'correct horse battery staple';
// Real scrypt at a lower cost, so fifty hashes take a moment rather than many seconds.
const cheap = { ...SCRYPT_COST, logN: 10 };

describe.each(volunteerBackends())('accounts on %s', (_name, open) => {
  test('names ignore case and are unique, also when two are created at once', async () => {
    const { stores, other } = await open();
    const users = new UserStore(stores.users, Date.now, cheap);
    await users.create('Olena', 'editor', PASSWORD);
    expect(await users.byName('OLENA')).toMatchObject({ name: 'Olena', role: 'editor', disabled: false, failedLogins: 0 });
    await expect(users.create('olena', 'admin', PASSWORD)).rejects.toBeInstanceOf(UserError);
    const both = await Promise.allSettled([users.create('Petro', 'editor', PASSWORD), new UserStore(other.users, Date.now, cheap).create('petro', 'admin', PASSWORD)]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(both.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(UserError)]);
    expect((await users.list()).map((u) => u.name)).toEqual(['Olena', expect.stringMatching(/^petro$/i)]);
    expect(await users.list()).not.toContainEqual(expect.objectContaining({ password: expect.anything() }));
  });

  test('fifty wrong passwords sent at once lock the account', async () => {
    const { stores } = await open();
    const users = new UserStore(stores.users, Date.now, cheap);
    await users.create('olena', 'editor', PASSWORD);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => users.authenticate('olena', `wrong guess ${i}`)));
    expect(results.every((r) => r === undefined)).toBe(true);
    expect((await users.byName('olena'))!.lockedUntil).toBeGreaterThan(Date.now());
    expect(await users.authenticate('olena', PASSWORD)).toBeUndefined();
  });

  test('fifty wrong passwords split across two handles (two instances) lock the account', async () => {
    const { stores, other } = await open();
    const a = new UserStore(stores.users, Date.now, cheap);
    const b = new UserStore(other.users, Date.now, cheap);
    await a.create('olena', 'editor', PASSWORD);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).authenticate('olena', `wrong guess ${i}`)));
    expect(results.every((r) => r === undefined)).toBe(true);
    expect(await a.authenticate('olena', PASSWORD)).toBeUndefined();
    expect(await b.authenticate('olena', PASSWORD)).toBeUndefined();
  });

  test('the right password among parallel guesses signs in only if it was one of the first attempts', async () => {
    const { stores } = await open();
    const users = new UserStore(stores.users, Date.now, cheap);
    await users.create('olena', 'editor', PASSWORD);
    // The right password is counted first; twenty wrong guesses follow while it is being checked. (Sent
    // in the same instant, attempts reach a PostgreSQL row in no fixed order, so "first" needs the wait.)
    const right = users.authenticate('olena', PASSWORD);
    for (let counted = false; !counted; await new Promise((resolve) => setTimeout(resolve, 1))) {
      const row = await stores.users.byName('olena');
      counted = row!.failedLogins > 0 || row!.lastLoginAt !== null;
    }
    const wrong = await Promise.all(Array.from({ length: 20 }, (_, i) => users.authenticate('olena', `wrong guess ${i}`)));
    expect(await right).toMatchObject({ name: 'olena' });
    expect(wrong.every((r) => r === undefined)).toBe(true);
    const late = [...Array.from({ length: 20 }, (_, i) => `wrong guess ${i}`), PASSWORD];
    const lateResults = await Promise.all(late.map((guess) => users.authenticate('olena', guess)));
    expect(lateResults.every((r) => r === undefined)).toBe(true); // the account locked before the 21st
  });

  test(`a locked account opens after ${LOCK_MINUTES} minutes or when an admin unlocks it; a disabled one never signs in`, async () => {
    let now = Date.parse('2026-05-01T10:00:00Z');
    const { stores } = await open();
    const users = new UserStore(stores.users, () => now, cheap);
    const olena = await users.create('olena', 'editor', PASSWORD);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect(await users.authenticate('olena', `wrong ${i}`)).toBeUndefined();
    expect(await users.authenticate('olena', PASSWORD)).toBeUndefined();
    now += (LOCK_MINUTES + 1) * 60_000;
    expect(await users.authenticate('olena', PASSWORD)).toMatchObject({ name: 'olena', lastLoginAt: now, failedLogins: 0 });
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await users.authenticate('olena', `wrong ${i}`);
    await users.unlock(olena.id);
    expect(await users.authenticate('olena', PASSWORD)).toBeDefined();
    await users.setDisabled(olena.id, true);
    expect(await users.authenticate('olena', PASSWORD)).toBeUndefined();
    await users.setDisabled(olena.id, false);
    await users.setRole(olena.id, 'reviewer');
    expect(await users.authenticate('olena', PASSWORD)).toMatchObject({ role: 'reviewer' });
  });

  test('a hash made at an older cost is stored at the current cost after a sign-in, unless the password changed meanwhile', async () => {
    const { stores } = await open();
    await new UserStore(stores.users, Date.now, { ...cheap, logN: 9 }).create('olena', 'editor', PASSWORD);
    const stored = async () => (await stores.users.byName('olena'))!.password;
    const old = await stored();
    expect(old).toMatch(/^scrypt\$9\$/);
    const users = new UserStore(stores.users, Date.now, cheap);
    expect(await users.authenticate('olena', 'a wrong password')).toBeUndefined();
    expect(await stored()).toBe(old);
    expect(await users.authenticate('olena', PASSWORD)).toMatchObject({ name: 'olena' });
    expect(await stored()).toMatch(/^scrypt\$10\$/);
    // A rehash based on a hash that is no longer there changes nothing.
    const current = await stored();
    await stores.users.replaceHash((await users.byName('olena'))!.id, old, 'scrypt$stale');
    expect(await stored()).toBe(current);
  });
});

describe.each(volunteerBackends())('sessions on %s', (_name, open) => {
  let now = Date.parse('2026-05-01T10:00:00Z');
  const clock = () => now;

  test('a session made through one handle is used, flashed and ended through the other', async () => {
    const { stores, other } = await open();
    const olena = await new UserStore(stores.users, clock, cheap).create('olena', 'editor', PASSWORD);
    const token = await new SessionStore(stores.sessions, clock).create(olena.id);
    const elsewhere = new SessionStore(other.sessions, clock);
    const session = await elsewhere.use(token);
    expect(session).toMatchObject({ userId: olena.id, flash: null, lastSeenAt: now });
    expect(session!.csrf).toMatch(/^[\w-]{43}$/);
    expect(session!.tokenHash).not.toContain(token);
    await elsewhere.setFlash(session!, 'Saved.');
    expect((await new SessionStore(stores.sessions, clock).use(token))?.flash).toBe('Saved.');
    expect(await elsewhere.use('not-a-token')).toBeUndefined();
    expect(await elsewhere.use('x'.repeat(101))).toBeUndefined();
    await elsewhere.destroy(token);
    expect(await new SessionStore(stores.sessions, clock).use(token)).toBeUndefined();
  });

  test(`a session ends after ${IDLE_MINUTES} idle minutes, and after 12 hours however busy`, async () => {
    const { stores } = await open();
    const sessions = new SessionStore(stores.sessions, clock);
    const olena = await new UserStore(stores.users, clock, cheap).create('olena', 'editor', PASSWORD);
    const token = await sessions.create(olena.id);
    now += IDLE_MINUTES * 60_000;
    expect(await sessions.use(token)).toBeDefined(); // exactly at the limit: still alive, and touched
    now += IDLE_MINUTES * 60_000 + 1;
    expect(await sessions.use(token)).toBeUndefined();
    expect(await sessions.use(token)).toBeUndefined(); // deleted, not only refused

    const busy = await sessions.create(olena.id);
    for (let h = 0; h < 12 * 3; h++) {
      now += 20 * 60_000;
      expect(await sessions.use(busy)).toBeDefined();
    }
    now += 20 * 60_000;
    expect(await sessions.use(busy)).toBeUndefined();
  });

  test('sweeping deletes only sessions that can no longer be used', async () => {
    const { stores } = await open();
    const sessions = new SessionStore(stores.sessions, clock);
    const olena = await new UserStore(stores.users, clock, cheap).create('olena', 'editor', PASSWORD);
    const old = await sessions.create(olena.id);
    now += (IDLE_MINUTES + 1) * 60_000;
    const fresh = await sessions.create(olena.id); // creating sweeps
    expect(await sessions.sweep()).toBe(0);
    expect(await sessions.use(old)).toBeUndefined();
    expect(await sessions.use(fresh)).toBeDefined();
  });

  test('a new password or disabling the account ends its sessions, not other accounts’', async () => {
    const { stores } = await open();
    const sessions = new SessionStore(stores.sessions, clock);
    const users = new UserStore(stores.users, clock, cheap);
    const olena = await users.create('olena', 'editor', PASSWORD);
    const petro = await users.create('petro', 'editor', PASSWORD);
    const [a, b, c] = [await sessions.create(olena.id), await sessions.create(olena.id), await sessions.create(petro.id)];
    await users.setPassword('olena', 'another good password');
    expect(await sessions.use(a)).toBeUndefined();
    expect(await sessions.use(b)).toBeUndefined();
    expect(await sessions.use(c)).toBeDefined();
    expect(await users.authenticate('olena', 'another good password')).toBeDefined();
    await users.setDisabled(petro.id, true);
    expect(await sessions.use(c)).toBeUndefined();
  });
});
