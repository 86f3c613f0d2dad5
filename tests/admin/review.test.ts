/**
 * When the deployment asks for review (REQUIRE_REVIEW=true), an editor's change waits in the database and
 * goes live only when a reviewer approves it; reviewers' own changes are live at once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AdminClient, ask, formOf, messages, startAdminApp, type AdminApp } from './helpers';

let admin: AdminApp;
let editor: AdminClient;
let reviewer: AdminClient;
const GP_EN = 'How do I register with a GP?';
const gpFile = () => readFileSync(path.join(admin.knowledgeDir, 'healthcare', 'gp.yaml'), 'utf8');

beforeAll(async () => {
  // No fs.watch: an approval reloads the knowledge itself (what these tests check), and the watcher would
  // load it a second time half a second later, in the middle of the next test (tests/knowledge/watch.test.ts
  // tests the watcher).
  admin = await startAdminApp({ REQUIRE_REVIEW: 'true' }, { knowledge: { watch: false } });
  await admin.addUser('olena', 'editor');
  await admin.addUser('iryna', 'reviewer');
  editor = new AdminClient(admin.base);
  reviewer = new AdminClient(admin.base);
  await editor.login('olena');
  await reviewer.login('iryna');
});
afterAll(() => admin.stop());

test("an editor's save waits for review; the file and the bot are unchanged until a reviewer approves", async () => {
  const before = gpFile();
  const form = formOf((await editor.get('/admin/entries/healthcare.gp?lang=en')).text);
  const saved = await editor.post('/admin/entries/healthcare.gp', { ...form, answer: 'Register with a GP near you. REVIEWED TEXT.', action: 'save' });
  expect(messages(saved.text)).toContain('Saved for review');
  expect(saved.text).toContain('is waiting for review');
  expect(gpFile()).toBe(before);
  expect((await ask(admin.base, GP_EN, 'en')).text).not.toContain('REVIEWED TEXT');

  const queue = await reviewer.get('/admin/review');
  expect(queue.text).toContain('+    Register with a GP near you. REVIEWED TEXT.');
  const [change] = await admin.app.volunteers.pending.open();
  const approved = await reviewer.post(`/admin/review/${change!.id}/approve`);
  expect(messages(approved.text)).toContain('Approved. The bot uses the change now.');
  expect(gpFile()).toContain('REVIEWED TEXT.');
  expect((await ask(admin.base, GP_EN, 'en')).text).toContain('REVIEWED TEXT');
  expect((await admin.app.volunteers.audit.forEntry('healthcare.gp'))[0]).toMatchObject({ userName: 'olena', approvedBy: 'iryna', action: 'edit' });
});

test('an editor cannot approve', async () => {
  expect((await editor.get('/admin/review')).status).toBe(403);
  expect((await editor.post('/admin/review/1/approve', {}, { follow: false })).status).toBe(403);
});

test('a waiting change made from an older version is refused on approval, nothing is overwritten', async () => {
  const form = formOf((await editor.get('/admin/entries/healthcare.gp?lang=en')).text);
  await editor.post('/admin/entries/healthcare.gp', { ...form, answer: 'Proposal made from the old version.', action: 'save' });
  // Meanwhile a reviewer changes the entry directly (reviewers' saves are live).
  const direct = formOf((await reviewer.get('/admin/entries/healthcare.gp?lang=en')).text);
  expect(messages((await reviewer.post('/admin/entries/healthcare.gp', { ...direct, answer: 'Reviewer text.', action: 'save' })).text)).toContain('Saved. The bot');
  const pending = await admin.app.volunteers.pending.open();
  expect(pending).toHaveLength(1);
  expect((await reviewer.get('/admin/review')).text).toContain('The entry changed after this was proposed');
  const refused = await reviewer.post(`/admin/review/${pending[0]!.id}/approve`);
  expect(messages(refused.text)).toContain('Not approved: the entry changed after this was proposed');
  expect(gpFile()).toContain('Reviewer text.');
  const rejected = await reviewer.post(`/admin/review/${pending[0]!.id}/reject`);
  expect(messages(rejected.text)).toContain('Rejected');
  expect(await admin.app.volunteers.pending.open()).toHaveLength(0);
});

test('a phrasing added from the inbox waits too, and a rejection puts the question back in the inbox', async () => {
  await ask(admin.base, 'Де купити недорогий велосипед?', 'uk'); // nothing in knowledge/ answers it
  const item = (await admin.app.inbox.list('open'))[0]!;
  const added = await editor.post('/admin/inbox/phrasing', { ids: String(item.id), entry: 'work.diploma', language: 'uk', text: item.text });
  expect(messages(added.text)).toContain('for review');
  expect((await admin.app.inbox.get(item.id))?.status).toBe('added');
  const [change] = await admin.app.volunteers.pending.open();
  await reviewer.post(`/admin/review/${change!.id}/reject`);
  expect((await admin.app.inbox.get(item.id))?.status).toBe('open');
});
