/**
 * The counter card page (`GET /card/:id?lang=…[&place=…]`) from the real app over HTTP, with a small
 * knowledge folder of its own (tests/web/counter-card-knowledge): the Dutch part for the clerk first,
 * the person's part after it, each with its lang; the municipality's part where it has one; what
 * knowledge says is escaped; a link that leads to no card gets a clear page in the person's language.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ChatClient, repliesOf, say, startApp, type RunningApp } from '../e2e/helpers';

const FIXTURE = path.resolve(__dirname, 'counter-card-knowledge');
const UTRECHT_PAGE = 'https://www.utrecht.nl/city-of-utrecht/information-for-refugees/refugees-from-ukraine';

let running: RunningApp;
let knowledgeDir: string;

beforeAll(async () => {
  // A copy, so one test can change an answer the way a volunteer would.
  knowledgeDir = mkdtempSync(path.join(os.tmpdir(), 'prykhystok-card-kb-'));
  cpSync(FIXTURE, knowledgeDir, { recursive: true });
  running = await startApp({ KNOWLEDGE_DIR: knowledgeDir });
});

afterAll(async () => {
  await running?.stop();
  if (knowledgeDir) rmSync(knowledgeDir, { recursive: true, force: true });
});

async function open(pathname: string, acceptLanguage = 'uk'): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await fetch(`${running.base}${pathname}`, { headers: { 'accept-language': acceptLanguage } });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** The opening tag of each part of the card, in page order: [role, lang]. */
function parts(html: string): Array<[string, string]> {
  return [...html.matchAll(/<section class="card-part card-part--(\w+)" lang="(\w+)">/g)].map((m) => [m[1]!, m[2]!]);
}

/** The HTML of the part in `lang` (up to the next part or the footer). */
function partIn(html: string, lang: string): string {
  const start = html.indexOf(`lang="${lang}">`, html.indexOf('class="card-part'));
  expect(start).toBeGreaterThan(-1);
  const rest = html.slice(start);
  const end = rest.search(/<section class="card-part|<footer/);
  return end === -1 ? rest : rest.slice(0, end);
}

describe('the counter card page', () => {
  it('shows the Dutch part for the clerk first, then the Ukrainian part, with sources and the date checked', async () => {
    const { status, html, headers } = await open('/card/status.register?lang=uk');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toMatch(/^<!doctype html><html lang="uk">/);
    expect(parts(html)).toEqual([
      ['clerk', 'nl'],
      ['own', 'uk'],
    ]);

    const dutch = partIn(html, 'nl');
    expect(dutch).toContain(`<h1 class="card-heading">Voor de medewerker aan de balie</h1>`);
    expect(dutch).toContain('<strong>Ik wil me inschrijven in de BRP.</strong>');
    expect(dutch).toContain('<li>Ik val onder de <strong>Richtlijn Tijdelijke Bescherming</strong>.</li>');

    const ukrainian = partIn(html, 'uk');
    expect(ukrainian).toContain(say('uk', 'counter.forYou'));
    expect(ukrainian).toContain('<strong>Я хочу зареєструватися в BRP.</strong>');
    expect(ukrainian).toContain('<strong>Директиву про тимчасовий захист</strong>');

    expect(html).toContain('<a class="card-source" href="https://ind.nl/en/ukraine/temporary-protection-directive-ukraine"');
    expect(html).toContain(`<p class="card-checked" lang="nl">${say('nl', 'counter.checked', { date: '20 november 2026' })}</p>`);
    expect(html).toContain(`<p class="card-checked" lang="uk">${say('uk', 'counter.checked', { date: '20 листопада 2026 р.' })}</p>`);
    // The buttons speak the person's language; Share stays hidden until the script finds a share sheet.
    expect(html).toContain(`>${say('uk', 'counter.print')}</button>`);
    expect(html).toContain(`>${say('uk', 'counter.saveImage')}</button>`);
    expect(html).toMatch(new RegExp(`<button [^>]*id="card-share"[^>]* hidden>${say('uk', 'counter.share')}</button>`));
  });

  it("is served under the chat page's security headers, with its script and style as files", async () => {
    const { html, headers } = await open('/card/status.register?lang=uk');
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/counter-card.js" defer>']);
    expect(html).toContain('<script src="/counter-card.js" defer></script>');
    expect(html).not.toMatch(/<style|style="/);
    for (const file of ['/counter-card.js', '/counter-card.css']) {
      const res = await fetch(`${running.base}${file}`);
      expect(res.status).toBe(200);
    }
  });

  it('shows what the knowledge says as text: markup in an answer is escaped, never run', async () => {
    const { html } = await open('/card/status.register?lang=uk');
    expect(partIn(html, 'uk')).toContain('паспорт &lt;script&gt;alert(&quot;card&quot;)&lt;/script&gt; &amp; довідку');
    expect(html).not.toContain('<script>alert');
  });

  it("adds the municipality's part, with its name in each language, its link and its source", async () => {
    const { status, html } = await open('/card/status.register?lang=uk&place=GM0344');
    expect(status).toBe(200);
    const dutch = partIn(html, 'nl');
    expect(dutch).toContain('📍 Utrecht</h2>');
    expect(dutch).toContain(`Maak een afspraak via de <a class="md-link" href="${UTRECHT_PAGE}" target="_blank" rel="noopener noreferrer">pagina van de gemeente</a>.`);
    const ukrainian = partIn(html, 'uk');
    expect(ukrainian).toContain('📍 Утрехт</h3>');
    expect(ukrainian).toContain('>сторінку муніципалітету</a>');
    expect(html).toContain(`<a class="card-source" href="${UTRECHT_PAGE}"`);
    // The local part was checked earlier than the common one: the card says the older date.
    expect(html).toContain(say('nl', 'counter.checked', { date: '2 november 2026' }));
  });

  it('has no local part for a municipality the entry has nothing about', async () => {
    const { status, html } = await open('/card/status.register?lang=ru&place=GM0363');
    expect(status).toBe(200);
    expect(parts(html)).toEqual([
      ['clerk', 'nl'],
      ['own', 'ru'],
    ]);
    expect(html).not.toContain('📍');
    expect(html).not.toContain('Amsterdam');
  });

  it("shows an entry's answer when it has no counter part, and Dutch alone for a Dutch reader", async () => {
    const russian = await open('/card/aid.bank-account?lang=ru');
    expect(russian.status).toBe(200);
    expect(parts(russian.html)).toEqual([
      ['clerk', 'nl'],
      ['own', 'ru'],
    ]);
    expect(partIn(russian.html, 'nl')).toContain('Open een <strong>basisbetaalrekening</strong> bij een bank.');
    expect(partIn(russian.html, 'ru')).toContain('Откройте <strong>базовый счёт</strong>');
    expect(russian.html).not.toContain('class="card-ask"');

    const dutch = await open('/card/status.register?lang=nl');
    expect(dutch.status).toBe(200);
    expect(parts(dutch.html)).toEqual([['clerk', 'nl']]);
    expect(dutch.html).toContain(`>${say('nl', 'counter.saveImage')}</button>`);
  });

  it("uses the browser's language when the link names none", async () => {
    const { status, html } = await open('/card/status.register', 'en-GB,en;q=0.8');
    expect(status).toBe(200);
    expect(parts(html)).toEqual([
      ['clerk', 'nl'],
      ['own', 'en'],
    ]);
  });

  // [what, address, the browser's language, status, text, the page's language: the link's if it names one we have]
  it.each([
    ['an unknown language', '/card/status.register?lang=de', 'uk', 400, 'counter.badLanguage', 'uk'],
    ['two languages', '/card/status.register?lang=uk&lang=ru', 'ru', 400, 'counter.badLanguage', 'ru'],
    ['an unknown municipality', '/card/status.register?lang=uk&place=GM9999', 'en', 400, 'counter.badPlace', 'uk'],
    ['a municipality by name', '/card/status.register?lang=ru&place=Utrecht', 'en', 400, 'counter.badPlace', 'ru'],
    ['an unknown entry', '/card/status.nothing-here?lang=nl', 'uk', 404, 'counter.notFound', 'nl'],
    ['an id that is not an id', '/card/..%2F..%2Fetc%2Fpasswd?lang=en', 'uk', 404, 'counter.notFound', 'en'],
  ])('answers a link with %s with a page saying so, in the right language', async (_what, pathname, acceptLanguage, expected, key, language) => {
    const { status, html } = await open(pathname, acceptLanguage);
    expect(status).toBe(expected);
    expect(html).toContain(`<html lang="${language}">`);
    expect(html).toContain(say(language, key));
    expect(html).toContain('<a href="/">');
    expect(html).not.toContain('class="card-part');
  });

  it('escapes whatever the address holds', async () => {
    const badPlace = await open(`/card/status.register?lang=uk&place=${encodeURIComponent('"><b>')}`);
    expect(badPlace.status).toBe(400);
    const badId = await open(`/card/${encodeURIComponent('<img src=x onerror=alert(1)>')}?lang=uk`);
    expect(badId.status).toBe(404);
    for (const { html } of [badPlace, badId]) expect(html).not.toMatch(/<img|<b>|onerror/);
  });

  it('follows the knowledge as it is now: a corrected answer is on the next card opened', async () => {
    const file = path.join(knowledgeDir, 'status/register.yaml');
    const before = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, before.replace('nl: Ik wil me inschrijven in de BRP.', 'nl: Ik wil me graag inschrijven in de BRP.'));
      await expect(running.app.knowledge.reload()).resolves.toMatchObject({ ok: true });
      const { html } = await open('/card/status.register?lang=uk');
      expect(html).toContain('<strong>Ik wil me graag inschrijven in de BRP.</strong>');
    } finally {
      writeFileSync(file, before);
      await running.app.knowledge.reload();
    }
  });

  it('is the page the chat reply links to, with the place the person told the bot', async () => {
    const chat = new ChatClient(running.base, { 'accept-language': 'uk' });
    repliesOf(await chat.text('/place Utrecht'));
    const answer = repliesOf(await chat.text('Як зареєструватися в муніципалітеті?')).find((r) => r.answerId === 'status.register');
    expect(answer?.buttons.map((b) => b.label)).toContain(say('uk', 'counter.button'));
    const counterReply = repliesOf(await chat.press('c:status.register')).find((r) => r.kind === 'counter');
    const { counterCard } = z.object({ counterCard: z.object({ path: z.string(), label: z.string() }) }).parse(counterReply);
    expect(counterCard.label).toBe(say('uk', 'counter.open'));

    const { status, html } = await open(counterCard.path);
    expect(status).toBe(200);
    expect(partIn(html, 'nl')).toContain('📍 Utrecht');
    expect(partIn(html, 'uk')).toContain('<strong>Я хочу зареєструватися в BRP.</strong>');
  });
});
