/**
 * Two instances on one PostgreSQL database, behind no sticky routing, seen by a volunteer: what they
 * would notice if the instances did not share the volunteers' data — a question asked on one instance
 * missing from the inbox they read on another, 👎 counts of one instance only, being signed out when the
 * next request reaches the other instance, an edit missing from the other's audit log, or an account
 * locked on one instance and open on the other.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { MAX_FAILED_LOGINS } from '../../src/admin/users';
import { AdminClient, ask, formOf, messages, PASSWORD, ROOT, startAdminApp, TEST_PASSWORD_COST, type AdminApp } from '../admin/helpers';
import { ChatClient, METRICS_TOKEN, operatorGet, repliesOf, startApp, until, type RunningApp } from './helpers';
import { describeWithPostgres, freshDatabase, type TestDatabase } from '../storage/postgres-helper';

const PSEUDONYM_SECRET = 'the-same-secret-on-every-instance-0123456789';
const GP = 'healthcare.gp';
const GP_UK = 'Як записатися до сімейного лікаря?';
const FISHING_UK = 'Де купити вудку для риболовлі?'; // nothing in knowledge/ answers it

/** The same browser (its cookies and the page's CSRF token) sending its next request to another instance. */
function sameBrowserOn(base: string, client: AdminClient): AdminClient {
  const moved = new AdminClient(base);
  for (const [name, value] of client.cookies) moved.cookies.set(name, value);
  moved.csrf = client.csrf;
  return moved;
}

/** The 👍 and 👎 counts in an entry's row of the entries page. */
function feedbackCounts(page: string, id: string): { helpful: number; notHelpful: number } | undefined {
  const row = page.split('<tr>').find((r) => r.includes(`href="/admin/entries/${id}"`));
  const m = row && /<td class="num">(\d+)<\/td><td class="num">(\d+)<\/td>/.exec(row);
  return m ? { helpful: Number(m[1]), notHelpful: Number(m[2]) } : undefined;
}

function createUserWithCli(name: string, role: string, databaseUrl: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/admin.ts'), 'create-user', name, '--role', role], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: path.join(ROOT, 'no-such-dir-the-cli-must-not-use') },
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => resolve({ code, stdout }));
    child.stdin.end(`${PASSWORD}\n`);
  });
}

describeWithPostgres('two instances on one PostgreSQL, seen from the admin pages', () => {
  let database: TestDatabase;
  let a: AdminApp;
  let b: RunningApp;
  /** Olena, signed in on A. */
  let olena: AdminClient;

  beforeAll(async () => {
    database = await freshDatabase();
    const env = { DATABASE_URL: database.url, PSEUDONYM_SECRET, METRICS_TOKEN };
    // Neither watches the folder: an edit on A would otherwise be loaded four times in this one process (A's
    // save, B told through PostgreSQL, and each one's fs.watch); keeping the knowledge together is
    // several-instances-knowledge.test.ts's subject.
    const knowledge = { watch: false };
    a = await startAdminApp(env, { knowledge });
    // B serves the same knowledge folder as A, as on a shared volume, and hashes at A's cheap test cost
    // (tests/admin/helpers.ts): what the instances share is what matters here, not the hashing.
    b = await startApp({ ...env, KNOWLEDGE_DIR: a.knowledgeDir, RATE_LIMIT_IP_PER_MIN: '100000', RATE_LIMIT_USER_PER_MIN: '10000' }, { passwordCost: TEST_PASSWORD_COST, knowledge });
    await a.addUser('olena', 'admin');
    olena = new AdminClient(a.base);
    expect((await olena.login('olena')).status).toBe(303);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await database?.drop();
  });

  test('an unanswered question asked on B shows in the inbox of a volunteer signed in on A', async () => {
    expect((await ask(b.base, FISHING_UK, 'uk')).kind).toBe('unanswered');
    await until(async () => (await olena.get('/admin/inbox')).text.includes(FISHING_UK), 5000, 'the question in A’s inbox');
    // …and nowhere but in the shared database: B's own SQLite file has no inbox rows.
    expect(b.app.db.prepare('SELECT COUNT(*) AS n FROM inbox').get()).toEqual({ n: 0 });
    // A's /metrics counts it too.
    expect(await (await operatorGet(a.base, '/metrics')).text()).toMatch(/^prykhystok_inbox_open 1$/m);
  });

  test('a 👎 on A shows in B’s admin, with the question it was about', async () => {
    const person = new ChatClient(a.base, { 'accept-language': 'uk' });
    repliesOf(await person.text(GP_UK));
    repliesOf(await person.press(`f:-:${GP}`));
    const onB = sameBrowserOn(b.base, olena);
    await until(async () => feedbackCounts((await onB.get(`/admin/entries?q=${GP}`)).text, GP)?.notHelpful === 1, 5000, 'the 👎 in B’s entries');
    expect(feedbackCounts((await onB.get(`/admin/entries?q=${GP}`)).text, GP)).toEqual({ helpful: 0, notHelpful: 1 });
    expect((await onB.get('/admin/inbox')).text).toContain('сімейного лікаря');
  });

  test('the session cookie from A works on B (pages and forms), and signing out on B ends it on A', async () => {
    const browser = new AdminClient(a.base);
    await browser.login('olena');
    expect((await browser.get('/admin/entries')).status).toBe(200);
    const onB = sameBrowserOn(b.base, browser);
    const page = await onB.get('/admin/users');
    expect(page.status).toBe(200);
    expect(page.text).toContain('olena');
    // A form posted to B with the CSRF token of the session made on A.
    const created = await onB.post('/admin/users', { name: 'petro', role: 'editor', password: PASSWORD });
    expect(messages(created.text)).toContain('Created the account petro (editor).');
    expect((await a.users.byName('petro'))?.role).toBe('editor');
    await onB.post('/admin/logout');
    const after = await browser.get('/admin/entries');
    expect(after.status).toBe(303);
    expect(after.location).toMatch(/^\/admin\/login/);
  });

  test('the audit entry of an edit saved on A is listed on B', async () => {
    const form = formOf((await olena.get(`/admin/entries/${GP}?lang=uk`)).text);
    const saved = await olena.post(`/admin/entries/${GP}`, { ...form, answer: 'Відповідь, збережена на A для журналу змін.', action: 'save' });
    expect(messages(saved.text)).toContain('Saved.');
    const onB = sameBrowserOn(b.base, olena);
    const audit = await onB.get('/admin/audit');
    expect(audit.status).toBe(200);
    expect(audit.text).toContain(`href="/admin/entries/${GP}/history"`);
    expect(audit.text).toMatch(/edit by olena · <span class="meta">[^<]*answer\.uk/);
    expect(audit.text).toContain('Відповідь, збережена на A для журналу змін.');
    const history = await onB.get(`/admin/entries/${GP}/history`);
    expect(history.text).toMatch(/edit by olena/);
  });

  test('failed sign-ins on A lock the account on B too', async () => {
    await a.addUser('taras', 'editor');
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect((await new AdminClient(a.base).login('taras', `wrong password ${i}`)).status).toBe(401);
    expect((await new AdminClient(b.base).login('taras')).status).toBe(401);
  });

  test('an account made with `npm run admin` and DATABASE_URL signs in on either instance', async () => {
    const made = await createUserWithCli('Iryna', 'reviewer', database.url);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('created Iryna (reviewer) in the shared PostgreSQL database');
    expect(made.stdout).not.toContain(database.url);
    expect((await new AdminClient(b.base).login('iryna')).status).toBe(303);
    expect((await new AdminClient(a.base).login('Iryna')).status).toBe(303);
  }, 30_000);
});
