/**
 * Signing in safely: scrypt hashes, one generic message for every failed sign-in, lock-out per account,
 * a new session id at sign-in, an idle timeout, strict cookies and headers.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createAdminRouter } from '../../src/admin';
import { hashPassword, verifyPassword, SCRYPT_COST } from '../../src/admin/passwords';
import { IDLE_MINUTES } from '../../src/admin/sessions';
import { LOCK_MINUTES, MAX_FAILED_LOGINS, UserStore } from '../../src/admin/users';
import { SqliteUserRecords } from '../../src/admin/sqlite-accounts';
import { openVolunteerStores } from '../../src/app/volunteer-stores';
import { FAILED_SIGN_IN } from '../../src/admin/auth';
import { KnowledgeStore } from '../../src/knowledge/knowledge-store';
import { SearchIndex } from '../../src/search/search-index';
import { migrate, openMemoryDatabase } from '../../src/storage/database';
import { ADMIN_MIGRATIONS } from '../../src/admin/migrations';
import { AdminClient, copyKnowledge, inputValue, messages, PASSWORD, startAdminApp, TEST_PASSWORD_COST, type AdminApp } from './helpers';

function adminDatabase() {
  const db = openMemoryDatabase();
  migrate(db, ADMIN_MIGRATIONS, 'admin');
  return db;
}

describe('passwords', () => {
  test('are stored as salted scrypt hashes with their cost, and verified in constant time', async () => {
    const a = await hashPassword('a long enough password');
    const b = await hashPassword('a long enough password');
    // OWASP's minimum for scrypt: N = 2^17, r = 8, p = 1.
    expect(a).toMatch(/^scrypt\$17\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b); // a salt per hash
    expect(await verifyPassword('a long enough password', a)).toBe(true);
    expect(await verifyPassword('a long enough passwork', a)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });

  test('a hash made at the older cost still signs in, and is stored at the current cost afterwards', async () => {
    const db = adminDatabase();
    await new UserStore(new SqliteUserRecords(db), Date.now, { ...SCRYPT_COST, logN: 15 }).create('olena', 'editor', PASSWORD);
    const stored = () => (db.prepare('SELECT password FROM admin_users WHERE name = ?').get('olena') as { password: string }).password;
    const old = stored();
    expect(old).toMatch(/^scrypt\$15\$8\$1\$/);
    const users = new UserStore(new SqliteUserRecords(db));
    expect(await users.authenticate('olena', 'a wrong password')).toBeUndefined();
    expect(stored()).toBe(old); // a failed sign-in changes nothing
    expect(await users.authenticate('olena', PASSWORD)).toMatchObject({ name: 'olena' });
    expect(stored()).toMatch(/^scrypt\$17\$8\$1\$/);
    expect(await users.authenticate('olena', PASSWORD)).toMatchObject({ name: 'olena' });
  });
});

// Lock-out under parallel guesses (fifty at once, split across two instances, the right password among
// them) is a contract of the account store, run on SQLite and PostgreSQL: tests/storage/accounts-contract.test.ts.

describe('signing in over HTTP', () => {
  let admin: AdminApp;
  beforeAll(async () => {
    admin = await startAdminApp();
    await admin.addUser('olena', 'editor');
    await admin.addUser('petro', 'editor');
  });
  afterAll(() => admin.stop());

  test('a wrong password and an unknown name get the same answer', async () => {
    const wrong = await new AdminClient(admin.base).login('olena', 'not the password at all');
    const unknown = await new AdminClient(admin.base).login('nobody-here', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(messages(wrong.text)).toBe(FAILED_SIGN_IN);
    expect(messages(unknown.text)).toBe(FAILED_SIGN_IN);
  });

  test(`after ${MAX_FAILED_LOGINS} failures the account is locked, even for the right password, with the same message`, async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect((await new AdminClient(admin.base).login('petro', `wrong ${i}`)).status).toBe(401);
    const locked = await new AdminClient(admin.base).login('petro', PASSWORD);
    expect(locked.status).toBe(401);
    expect(messages(locked.text)).toBe(FAILED_SIGN_IN);
    expect((await admin.users.byName('petro'))!.lockedUntil).toBeGreaterThan(Date.now());
    // Another account is not affected.
    expect((await new AdminClient(admin.base).login('olena')).status).toBe(303);
  });

  test('sign-in issues a new HttpOnly, SameSite=Strict session cookie and drops the old one', async () => {
    const client = new AdminClient(admin.base);
    await client.login('olena');
    const first = client.cookies.get('prykhystok_admin')!;
    const res = await fetch(`${admin.base}/admin/login`, { headers: { cookie: `prykhystok_admin=${first}` }, redirect: 'manual' });
    expect(res.status).toBe(303); // already signed in
    // Signing in again from the same browser (the form fetched by a fresh tab) replaces the session.
    const tab = new AdminClient(admin.base);
    const form = await tab.get('/admin/login');
    client.cookies.set('prykhystok_login', tab.cookies.get('prykhystok_login')!);
    const again = await client.post('/admin/login', { _login: inputValue(form.text, '_login')!, name: 'olena', password: PASSWORD, next: '/admin/entries' }, { follow: false });
    expect(again.status).toBe(303);
    const cookie = again.headers.getSetCookie().find((c) => c.startsWith('prykhystok_admin='))!;
    expect(cookie).toMatch(/; Path=\/admin; HttpOnly; SameSite=Strict$/);
    const second = client.cookies.get('prykhystok_admin')!;
    expect(second).not.toBe(first);
    const old = await fetch(`${admin.base}/admin/entries`, { headers: { cookie: `prykhystok_admin=${first}` }, redirect: 'manual' });
    expect(old.status).toBe(303);
    expect((await client.get('/admin/entries')).status).toBe(200);
  });

  test('a planted session id is not adopted', async () => {
    const client = new AdminClient(admin.base);
    client.cookies.set('prykhystok_admin', 'attacker-chosen-value');
    await client.login('olena');
    expect(client.cookies.get('prykhystok_admin')).not.toBe('attacker-chosen-value');
  });

  test('the sign-in form has its own CSRF token', async () => {
    const client = new AdminClient(admin.base);
    await client.get('/admin/login');
    const forged = await client.post('/admin/login', { _login: 'forged', name: 'olena', password: PASSWORD, next: '/admin/entries' }, { follow: false });
    expect(forged.status).toBe(403);
  });

  test('pages carry a strict CSP, cannot be framed, are not cached and have no inline script or style', async () => {
    const client = new AdminClient(admin.base);
    await client.login('olena');
    for (const url of ['/admin/login', '/admin/entries', '/admin/entries/healthcare.gp', '/admin/inbox', '/admin/entries/new']) {
      const page = await client.get(url);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      if (url !== '/admin/login' || page.status === 200) expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.text).not.toMatch(/<script|\sstyle=|\son\w+=/i);
    }
  });

  test('the next address after sign-in stays inside /admin', async () => {
    const client = new AdminClient(admin.base);
    const form = await client.get('/admin/login?next=https://evil.example/');
    expect(inputValue(form.text, 'next')).toBe('/admin/entries');
    const res = await client.post('/admin/login', { _login: inputValue(form.text, '_login')!, name: 'olena', password: PASSWORD, next: '//evil.example/x' }, { follow: false });
    expect(res.location).toBe('/admin/entries');
  });

  // This app has no TRUST_PROXY either (one app start fewer than an app of its own).
  test('without TRUST_PROXY, a client saying X-Forwarded-Proto: https is not believed', async () => {
    const login = await fetch(`${admin.base}/admin/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(login.headers.getSetCookie()[0]).toMatch(/^prykhystok_login=.*; Max-Age=3600$/);
    expect(login.headers.get('strict-transport-security')).toBeNull();
  });
});

test('over HTTPS (PUBLIC_URL set) the cookies are Secure and __Secure- prefixed', async () => {
  const admin = await startAdminApp({ PUBLIC_URL: 'https://bot.example.org' });
  try {
    await admin.addUser('olena', 'editor');
    const login = await fetch(`${admin.base}/admin/login`);
    const loginCookie = login.headers.getSetCookie()[0]!;
    expect(loginCookie).toMatch(/^__Secure-prykhystok_login=.*; Secure; Max-Age=3600$/);
    const token = /value="([^"]+)" *>/.exec((await login.text()).match(/name="_login"[^>]*>/)![0])![1]!;
    const res = await fetch(`${admin.base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie.split(';')[0]! },
      body: new URLSearchParams({ _login: token, name: 'olena', password: PASSWORD, next: '/admin/entries' }).toString(),
    });
    expect(res.status).toBe(303);
    const session = res.headers.getSetCookie().find((c) => c.startsWith('__Secure-prykhystok_admin='))!;
    expect(session).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  } finally {
    await admin.stop();
  }
});

describe('behind a trusted proxy (TRUST_PROXY, no PUBLIC_URL), each request says whether it came over HTTPS', () => {
  let admin: AdminApp;
  beforeAll(async () => {
    admin = await startAdminApp({ TRUST_PROXY: 'loopback' });
    await admin.addUser('olena', 'editor');
  });
  afterAll(() => admin.stop());

  /** Signs in with the proxy saying `proto`; the Set-Cookie headers of the form and of the sign-in. */
  async function signIn(proto: string | undefined) {
    const forwarded: Record<string, string> = proto ? { 'x-forwarded-proto': proto } : {};
    const login = await fetch(`${admin.base}/admin/login`, { headers: forwarded });
    const loginCookie = login.headers.getSetCookie()[0]!;
    const token = inputValue(await login.text(), '_login')!;
    const res = await fetch(`${admin.base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...forwarded, 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie.split(';')[0]! },
      body: new URLSearchParams({ _login: token, name: 'olena', password: PASSWORD, next: '/admin/entries' }).toString(),
    });
    const session = res.headers.getSetCookie().find((c) => /prykhystok_admin=/.test(c))!;
    const page = await fetch(`${admin.base}/admin/entries`, { headers: { ...forwarded, cookie: session.split(';')[0]! }, redirect: 'manual' });
    return { loginCookie, status: res.status, session, page, hsts: login.headers.get('strict-transport-security') };
  }

  test('over HTTPS at the proxy: Secure, __Secure- prefixed cookies and HSTS', async () => {
    const https = await signIn('https');
    expect(https.loginCookie).toMatch(/^__Secure-prykhystok_login=.*; Secure; Max-Age=3600$/);
    expect(https.status).toBe(303);
    expect(https.session).toMatch(/^__Secure-prykhystok_admin=.*; HttpOnly; SameSite=Strict; Secure$/);
    expect(https.page.status).toBe(200);
    expect(https.hsts).toContain('max-age=');
  });

  test('over plain http at the proxy: cookies a browser keeps over http, so signing in works', async () => {
    const http = await signIn('http');
    expect(http.loginCookie).toMatch(/^prykhystok_login=.*; Max-Age=3600$/);
    expect(http.status).toBe(303);
    expect(http.session).toMatch(/^prykhystok_admin=.*; HttpOnly; SameSite=Strict$/);
    expect(http.page.status).toBe(200);
    expect(http.hsts).toBeNull();
  });
});

describe('time-based rules, on a clock the test moves', () => {
  let now = Date.parse('2026-05-01T10:00:00Z');
  let server: http.Server;
  let base: string;
  let root: string;
  let users: UserStore;
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'prykhystok-clock-'));
    const stores = await openVolunteerStores({ db: openMemoryDatabase(), now: () => now });
    const { store } = await KnowledgeStore.open(copyKnowledge(root));
    // Only the inbox page searches, and these tests never open it: the index is built if it is asked for.
    let index: SearchIndex | undefined;
    const app = express();
    app.use(
      '/admin',
      createAdminRouter({
        stores,
        knowledge: store!,
        search: () => (index ??= new SearchIndex(store!.current())),
        logger: pino({ level: 'silent' }),
        requireReview: false,
        retentionDays: 60,
        secureCookies: false,
        now: () => new Date(now),
        // These rules are about time, not hashing: the real cost is tested under 'passwords' above.
        passwordCost: TEST_PASSWORD_COST,
      }),
    );
    users = new UserStore(stores.users, () => now, TEST_PASSWORD_COST);
    await users.create('olena', 'editor', PASSWORD);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  test(`a session ends after ${IDLE_MINUTES} minutes without a request, not while it is used`, async () => {
    const client = new AdminClient(base);
    expect((await client.login('olena')).status).toBe(303);
    for (let i = 0; i < 4; i++) {
      now += (IDLE_MINUTES - 1) * 60_000;
      expect((await client.get('/admin/entries')).status).toBe(200);
    }
    now += (IDLE_MINUTES + 1) * 60_000;
    const expired = await client.get('/admin/entries');
    expect(expired.status).toBe(303);
    expect(expired.location).toMatch(/^\/admin\/login/);
  });

  test(`a locked account opens again after ${LOCK_MINUTES} minutes`, async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await new AdminClient(base).login('olena', 'wrong password!');
    expect((await new AdminClient(base).login('olena')).status).toBe(401);
    now += (LOCK_MINUTES - 1) * 60_000;
    expect((await new AdminClient(base).login('olena')).status).toBe(401);
    now += 2 * 60_000;
    expect((await new AdminClient(base).login('olena')).status).toBe(303);
  });
});
