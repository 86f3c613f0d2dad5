/**
 * Volunteers edit an entry's local parts (per municipality) and its counter card on the entry's page,
 * next to the common answer, over real HTTP against the whole app: every save is checked by the schema,
 * written to the file, recorded in the audit log (or held for review) and live in the bot at once.
 * The knowledge is a small fixture of our own, so the test does not depend on what knowledge/ holds.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import type { AuditLog } from '../../src/admin/audit-log';
import { isoDay } from '../../src/admin/http-util';
import { AdminClient, formOf, messages, startAdminApp, type AdminApp } from './helpers';

const MUNICIPALITIES = `source: https://www.cbs.nl/nl-nl/onze-diensten/methoden/classificaties/overig/gemeentelijke-indelingen-per-jaar
valid: 2026-01-01
municipalities:
  - code: GM0344
    name: Utrecht
    names: {uk: [Утрехт], ru: [Утрехт]}
  - code: GM0363
    name: Amsterdam
    names: {uk: [Амстердам]}
  - code: GM0518
    name: Den Haag
    names: {nl: ["'s-Gravenhage"], uk: [Гаага, Гаазі], en: [The Hague]}
  - code: GM0373
    name: Bergen (NH)
    names: {nl: [Bergen]}
  - code: GM0893
    name: Bergen (L)
    names: {nl: [Bergen]}
`;

const DEN_HAAG = `places:
${'' /* the variant itself, from the next line, is what must survive every save byte for byte */}  GM0518:                    # Den Haag
    reviewed: 2026-11-20
    sources:
      - https://www.denhaag.nl/nl/verhuizen-en-adres/
    answer:
      uk: |
        Запишіться на прийом у стадсдел (stadsdeelkantoor).
      nl: |
        Maak een afspraak bij een stadsdeelkantoor.
`;

const DEN_HAAG_VARIANT = DEN_HAAG.slice('places:\n'.length);

const entry = (id: string, extra = '') => `id: ${id}
topic: ${id.split('.')[0]}
reviewed: 2026-11-02
sources:
  - https://www.rijksoverheid.nl/onderwerpen/opvang-vluchtelingen-uit-oekraine
questions:
  uk: [Як зареєструватися в гемеенте ${id}?, реєстрація ${id}, прописка ${id}]
  nl: [Hoe schrijf ik me in ${id}?, inschrijven ${id}, BRP ${id}]
answer:
  uk: |
    Зареєструйтеся в гемеенте (${id}).
  nl: |
    Schrijf u in bij de gemeente (${id}).
related: []
${extra}`;

let admin: AdminApp;
let knowledgeDir: string;
let olena: AdminClient;
let audit: AuditLog;
const REGISTER = 'status.register';
const file = (id: string) => path.join(knowledgeDir, ...id.split('.')) + '.yaml';
const source = (id: string) => readFileSync(file(id), 'utf8');
interface OnDisk {
  answer: Record<string, string>;
  places?: Record<string, { reviewed: string; sources: string[]; answer: Record<string, string> }>;
  counter?: { ask?: Record<string, string>; text?: Record<string, string> };
}
const onDisk = (id: string) => parse(source(id)) as OnDisk;
const live = (id: string) => admin.app.knowledge.current().get(id);
const today = () => isoDay(new Date());
const UTRECHT_UK = 'Запишіться на прийом у Stadskantoor: онлайн на сторінці «Afspraak maken».';
const UTRECHT_SOURCE = 'https://www.utrecht.nl/afspraak-maken/';

function writeFixture(root: string): string {
  const dir = path.join(root, 'knowledge');
  mkdirSync(path.join(dir, 'places'), { recursive: true });
  mkdirSync(path.join(dir, 'status'));
  mkdirSync(path.join(dir, 'aid'));
  writeFileSync(path.join(dir, 'places', 'municipalities.yaml'), MUNICIPALITIES);
  writeFileSync(path.join(dir, 'status', 'register.yaml'), entry(REGISTER, DEN_HAAG));
  writeFileSync(path.join(dir, 'status', 'bsn.yaml'), entry('status.bsn'));
  writeFileSync(path.join(dir, 'aid', 'allowance.yaml'), entry('aid.allowance'));
  return dir;
}

async function openForm(id: string, lang: string): Promise<Record<string, string>> {
  const page = await olena.get(`/admin/entries/${id}?lang=${lang}`);
  expect(page.status).toBe(200);
  return formOf(page.text);
}

const fixtureRoot = mkdtempSync(path.join(os.tmpdir(), 'prykhystok-places-'));

beforeAll(async () => {
  knowledgeDir = writeFixture(fixtureRoot);
  admin = await startAdminApp({ KNOWLEDGE_DIR: knowledgeDir });
  await admin.addUser('olena', 'editor');
  olena = new AdminClient(admin.base);
  await olena.login('olena');
  audit = admin.app.volunteers.audit;
});
afterAll(async () => {
  await admin.stop();
  rmSync(fixtureRoot, { recursive: true, force: true });
});

describe('the entry page', () => {
  test('shows the counter card and each local part with its municipality, check date and sources, and a way to add one', async () => {
    const page = (await olena.get(`/admin/entries/${REGISTER}?lang=uk`)).text;
    expect(page).toContain('Counter card');
    expect(page).toContain('Dutch is what the clerk reads');
    expect(page).toContain('Local parts (per municipality)');
    expect(page).toContain('<legend>Den Haag / Гаага (GM0518)</legend>');
    expect(page).toContain('Checked 2026-11-20');
    expect(page).toContain('href="https://www.denhaag.nl/nl/verhuizen-en-adres/"');
    expect(formOf(page).place_GM0518_text).toBe('Запишіться на прийом у стадсдел (stadsdeelkantoor).');
    expect(page).toContain('<option value="Utrecht (GM0344)">');
    expect(page).toMatch(/<input[^>]*name="place_new"[^>]*list="municipality-names"/);
  });
});

describe('local parts', () => {
  test('a volunteer adds a Utrecht part in Ukrainian with its source: in the file, in the audit log and in the bot', async () => {
    const form = await openForm(REGISTER, 'uk');
    const saved = await olena.post(`/admin/entries/${REGISTER}`, { ...form, place_new: 'Utrecht (GM0344)', place_new_text: UTRECHT_UK, place_new_sources: UTRECHT_SOURCE, action: 'save' });
    expect(messages(saved.text)).toContain('Saved. The bot answers with the new text now.');

    expect(onDisk(REGISTER).places!.GM0344).toEqual({ reviewed: today(), sources: [UTRECHT_SOURCE], answer: { uk: `${UTRECHT_UK}\n` } });
    expect(source(REGISTER)).toContain(DEN_HAAG_VARIANT); // the hand-written variant, comment and all
    const [record] = await audit.forEntry(REGISTER);
    expect(record).toMatchObject({ userName: 'olena', action: 'edit', summary: 'places.GM0344 added' });
    expect(record!.diff).toContain(`+        ${UTRECHT_UK}`);
    expect(live(REGISTER)!.places!.GM0344!.answer.uk).toBe(UTRECHT_UK);
    expect((await olena.get(`/admin/entries/${REGISTER}?lang=uk`)).text).toContain('<legend>Utrecht / Утрехт (GM0344)</legend>');
  });

  test('a Ukrainian or Dutch name, or the Dutch one the municipality uses, finds the municipality too', async () => {
    const form = await openForm('status.bsn', 'nl');
    const saved = await olena.post('/admin/entries/status.bsn', { ...form, place_new: "'s-Gravenhage", place_new_text: 'Kom naar het stadsdeelkantoor.', place_new_sources: 'https://www.denhaag.nl/nl/bsn/', action: 'save' });
    expect(messages(saved.text)).toContain('Saved.');
    expect(Object.keys(onDisk('status.bsn').places!)).toEqual(['GM0518']);
  });

  test('an edit to the answer keeps every local part as it was', async () => {
    const before = source(REGISTER);
    const places = before.slice(before.indexOf('places:'));
    const inBot = live(REGISTER)!.places;
    expect(Object.keys(inBot!)).toEqual(['GM0518', 'GM0344']);
    const form = await openForm(REGISTER, 'nl');
    const saved = await olena.post(`/admin/entries/${REGISTER}`, { ...form, answer: 'Schrijf u binnen 5 dagen in bij de gemeente.', action: 'save' });
    expect(messages(saved.text)).toContain('Saved.');
    expect(onDisk(REGISTER).answer.nl).toBe('Schrijf u binnen 5 dagen in bij de gemeente.\n');
    expect(source(REGISTER)).toContain(places);
    expect(live(REGISTER)!.places).toEqual(inBot);
  });

  test('a form that does not send the local parts at all (opened before they existed) leaves them alone', async () => {
    const form = await openForm(REGISTER, 'uk');
    const { version, lang, ref, answer, questions, keywords, sources, related } = form;
    const saved = await olena.post(`/admin/entries/${REGISTER}`, { version: version!, lang: lang!, ref: ref!, answer: `${answer!} Це безкоштовно.`, questions: questions!, keywords: keywords!, sources: sources!, related: related!, action: 'save' });
    expect(messages(saved.text)).toContain('Saved.');
    expect(Object.keys(onDisk(REGISTER).places!)).toEqual(['GM0518', 'GM0344']);
  });

  test('a local part without a source is refused with a clear message; nothing changes on disk or in the audit log', async () => {
    const before = source(REGISTER);
    const count = await audit.count();
    const form = await openForm(REGISTER, 'uk');
    const refused = await olena.post(`/admin/entries/${REGISTER}`, { ...form, place_new: 'Amsterdam', place_new_text: 'Зверніться до Stadsloket.', place_new_sources: '', action: 'save' });
    expect(refused.status).toBe(422);
    expect(messages(refused.text)).toContain("The local part for Amsterdam (GM0363) needs a source: the municipality's own page (https://…), one per line. Nothing was saved.");
    expect(formOf(refused.text).place_new_text).toBe('Зверніться до Stadsloket.'); // kept for the next try

    const cleared = await olena.post(`/admin/entries/${REGISTER}`, { ...form, place_GM0344_sources: '', action: 'save' });
    expect(cleared.status).toBe(422);
    expect(messages(cleared.text)).toContain('The local part for Utrecht (GM0344) needs a source');
    const notUrl = await olena.post(`/admin/entries/${REGISTER}`, { ...form, place_new: 'Amsterdam', place_new_text: 'Зверніться до Stadsloket.', place_new_sources: 'amsterdam.nl', action: 'save' });
    expect(notUrl.status).toBe(422);
    expect(messages(notUrl.text)).toContain('places.GM0363.sources.0: a source must be a full http(s) URL');
    expect(source(REGISTER)).toBe(before);
    expect(await audit.count()).toBe(count);
    expect(live(REGISTER)!.places!.GM0363).toBeUndefined();
  });

  test('a municipality not in the list, a name shared by two, or a second part for the same place are refused', async () => {
    const before = source(REGISTER);
    const form = await openForm(REGISTER, 'uk');
    const post = (place: string) => olena.post(`/admin/entries/${REGISTER}`, { ...form, place_new: place, place_new_text: 'Текст.', place_new_sources: 'https://example.nl/', action: 'save' });
    expect(messages((await post('Atlantis')).text)).toContain('There is no municipality called “Atlantis” in the list');
    expect(messages((await post('Bergen')).text)).toContain('“Bergen” is the name of more than one municipality (GM0373, GM0893)');
    expect(messages((await post('Утрехт')).text)).toContain('Utrecht (GM0344) has a local part already: change it in its own box above.');
    expect(source(REGISTER)).toBe(before);
  });

  test("emptying a part's text in one language removes that language only; empty in every language removes the part", async () => {
    const uk = await openForm(REGISTER, 'uk');
    expect(messages((await olena.post(`/admin/entries/${REGISTER}`, { ...uk, place_GM0518_text: '', action: 'save' })).text)).toContain('Saved.');
    expect(onDisk(REGISTER).places!.GM0518!.answer).toEqual({ nl: 'Maak een afspraak bij een stadsdeelkantoor.\n' });
    expect((await audit.forEntry(REGISTER))[0]!.summary).toBe('places.GM0518.uk');

    const nl = await openForm(REGISTER, 'nl');
    expect(messages((await olena.post(`/admin/entries/${REGISTER}`, { ...nl, place_GM0518_text: ' \n', action: 'save' })).text)).toContain('Saved.');
    expect(Object.keys(onDisk(REGISTER).places!)).toEqual(['GM0344']);
    expect((await audit.forEntry(REGISTER))[0]!.summary).toBe('places.GM0518 removed');
    expect(live(REGISTER)!.places!.GM0518).toBeUndefined();
  });

  test('marking a part checked dates it today; changing its sources is saved', async () => {
    writeFileSync(file(REGISTER), source(REGISTER).replace(`reviewed: ${today()}\n    sources:`, 'reviewed: 2026-01-05\n    sources:'));
    await admin.app.knowledge.reload();
    const form = await openForm(REGISTER, 'uk');
    const more = `${UTRECHT_SOURCE}\nhttps://www.utrecht.nl/oekraine/`;
    await olena.post(`/admin/entries/${REGISTER}`, { ...form, place_GM0344_sources: more, place_GM0344_reviewed: '1', action: 'save' });
    expect(onDisk(REGISTER).places!.GM0344).toMatchObject({ reviewed: today(), sources: [UTRECHT_SOURCE, 'https://www.utrecht.nl/oekraine/'] });
    expect((await audit.forEntry(REGISTER))[0]!.summary).toBe('places.GM0344.reviewed, places.GM0344.sources');
  });
});

describe('the counter card', () => {
  const ASK_NL = 'Ik wil me inschrijven in de BRP. Ik heb tijdelijke bescherming als ontheemde uit Oekraïne.';
  const TEXT_NL = '- **Richtlijn Tijdelijke Bescherming**: ik mag hier wonen.\n- Ik breng mijn paspoort mee.';
  const ASK_UK = 'Я хочу зареєструватися в BRP. Я маю тимчасовий захист як переселенка з України.';
  const TEXT_UK = '- **Директива про тимчасовий захист**: я маю право тут жити.\n- Я принесла паспорт.';

  test('a card in Ukrainian before the Dutch one is refused: the clerk reads Dutch', async () => {
    const before = source('aid.allowance');
    const form = await openForm('aid.allowance', 'uk');
    expect((await olena.get('/admin/entries/aid.allowance?lang=uk')).text).toContain('This entry has no Dutch card yet');
    const refused = await olena.post('/admin/entries/aid.allowance', { ...form, counter_ask: ASK_UK, action: 'save' });
    expect(refused.status).toBe(422);
    expect(messages(refused.text)).toContain('counter.ask.nl: the clerk reads Dutch: write the Dutch text first');
    expect(source('aid.allowance')).toBe(before);
  });

  test('saved in Dutch, then in Ukrainian: both in the file, the audit log and the bot', async () => {
    const nl = await openForm('aid.allowance', 'nl');
    expect(messages((await olena.post('/admin/entries/aid.allowance', { ...nl, counter_ask: ASK_NL, counter_text: TEXT_NL, action: 'save' })).text)).toContain('Saved.');
    expect((await audit.forEntry('aid.allowance'))[0]!.summary).toBe('counter.ask.nl, counter.text.nl');

    const uk = await openForm('aid.allowance', 'uk');
    expect(uk.counter_ask).toBe('');
    const page = (await olena.get('/admin/entries/aid.allowance?lang=uk')).text;
    expect(page).toContain('The Dutch card (what the clerk reads)');
    expect(messages((await olena.post('/admin/entries/aid.allowance', { ...uk, counter_ask: ASK_UK, counter_text: TEXT_UK, action: 'save' })).text)).toContain('Saved.');

    const counter = { ask: { uk: ASK_UK, nl: ASK_NL }, text: { uk: `${TEXT_UK}\n`, nl: `${TEXT_NL}\n` } };
    expect(onDisk('aid.allowance').counter).toEqual(counter);
    expect(source('aid.allowance')).toMatch(/^counter:\n {2}ask:\n {4}uk: .*\n {4}nl: .*\n {2}text:\n {4}uk: \|\n/m);
    expect((await audit.forEntry('aid.allowance'))[0]).toMatchObject({ userName: 'olena', summary: 'counter.ask.uk, counter.text.uk' });
    expect(live('aid.allowance')!.counter).toEqual({ ask: { uk: ASK_UK, nl: ASK_NL }, text: { uk: TEXT_UK, nl: TEXT_NL } });
  });
});

describe('with review required', () => {
  let reviewed: AdminApp;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'prykhystok-places-review-'));
    knowledgeDir = writeFixture(root);
    reviewed = await startAdminApp({ KNOWLEDGE_DIR: knowledgeDir, REQUIRE_REVIEW: 'true' });
    await reviewed.addUser('olena', 'editor');
    await reviewed.addUser('iryna', 'reviewer');
  });
  afterAll(async () => {
    await reviewed.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test("an editor's new local part waits for a reviewer, then goes live with the Den Haag part still there", async () => {
    const editor = new AdminClient(reviewed.base);
    const reviewer = new AdminClient(reviewed.base);
    await editor.login('olena');
    await reviewer.login('iryna');
    const before = source(REGISTER);
    const form = formOf((await editor.get(`/admin/entries/${REGISTER}?lang=uk`)).text);
    const saved = await editor.post(`/admin/entries/${REGISTER}`, { ...form, place_new: 'Utrecht', place_new_text: UTRECHT_UK, place_new_sources: UTRECHT_SOURCE, action: 'save' });
    expect(messages(saved.text)).toContain('Saved for review');
    expect(source(REGISTER)).toBe(before);
    expect(reviewed.app.knowledge.current().get(REGISTER)!.places!.GM0344).toBeUndefined();

    const [change] = await reviewed.app.volunteers.pending.open();
    expect(change!.summary).toBe('places.GM0344 added');
    expect((await reviewer.get('/admin/review')).text).toContain(`+        ${UTRECHT_UK}`);
    expect(messages((await reviewer.post(`/admin/review/${change!.id}/approve`)).text)).toContain('Approved. The bot uses the change now.');
    expect(source(REGISTER)).toContain(DEN_HAAG_VARIANT);
    expect(Object.keys(reviewed.app.knowledge.current().get(REGISTER)!.places!)).toEqual(['GM0518', 'GM0344']);
    expect((await reviewed.app.volunteers.audit.forEntry(REGISTER))[0]).toMatchObject({ userName: 'olena', approvedBy: 'iryna', summary: 'places.GM0344 added' });
  });
});
