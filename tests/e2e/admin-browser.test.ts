/**
 * Volunteers in a real headless Chromium: sign in, edit the Ukrainian answer and see the web chat give it,
 * turn an unanswered question into a phrasing the bot then answers, a concurrent edit refused, and an
 * XSS payload that stays text in the admin preview and in the web chat.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parse } from 'yaml';
import { PASSWORD, startAdminApp, type AdminApp } from '../admin/helpers';
import { launchBrowser } from './browser';

jest.setTimeout(60_000);

let admin: AdminApp;
let chromium: { browser: Browser; close(): Promise<void> } | undefined;

/**
 * A volunteer's own browser: a fresh context with no cookies or storage, on a Ukrainian phone-sized screen.
 * Contexts share one Chromium process (each volunteer's launch of their own cost 1–2 s) and no state.
 */
async function openBrowser(): Promise<BrowserContext> {
  chromium ??= await launchBrowser();
  return chromium.browser.newContext({ locale: 'uk-UA', viewport: { width: 1100, height: 900 } });
}

/** A page that fails the test on any script error or alert (an XSS payload that ran would show here). */
async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  return page;
}

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(`${admin.base}/admin/entries`);
  await page.waitForURL(/\/admin\/login/);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/admin\/entries$/);
}

/** Types a question into the web chat and returns the text of the bot's newest reply. */
async function askChat(page: Page, question: string): Promise<{ text: string; kind: string | null }> {
  const replies = page.locator('.msg--bot:not(.msg--thinking)');
  const before = await replies.count();
  await page.locator('#message').fill(question);
  await page.keyboard.press('Enter');
  await replies.nth(before).waitFor();
  const last = replies.last();
  return { text: await last.locator('.reply-text').innerText(), kind: await last.getAttribute('class') };
}

const entryFile = (id: string) => path.join(admin.knowledgeDir, ...id.split('.')) + '.yaml';
const entryOnDisk = (id: string) => parse(readFileSync(entryFile(id), 'utf8')) as { answer: Record<string, string>; questions: Record<string, string[]> };

let olena: BrowserContext;
let chat: Page;

beforeAll(async () => {
  // No fs.watch: a save reloads the knowledge itself (what these tests check), and the watcher would load
  // it a second time half a second later, in the middle of the next steps (tests/knowledge/watch.test.ts
  // tests the watcher).
  admin = await startAdminApp({}, { knowledge: { watch: false } });
  await admin.addUser('olena', 'editor');
  await admin.addUser('taras', 'editor');
  olena = await openBrowser();
  chat = await newPage(olena);
  await chat.goto(`${admin.base}/`);
  await chat.waitForSelector('.msg--bot .reply-button');
});

afterAll(async () => {
  await chromium?.close();
  await admin?.stop();
});

test('a volunteer signs in with the keyboard and edits the Ukrainian answer; the web chat gives the new answer', async () => {
  const page = await newPage(olena);
  await signIn(page, 'olena');
  await page.getByRole('link', { name: 'healthcare.gp' }).click();
  await page.getByRole('link', { name: /Ukrainian/ }).click();
  await page.waitForURL(/lang=uk/);
  const answer = page.getByLabel('Answer in Ukrainian');
  const updated = `${await answer.inputValue()}\n\n**Оновлено волонтеркою:** перевірте години прийому на сайті практики.`;
  await answer.fill(updated);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.locator('.wc .reply-text strong').last().innerText()).resolves.toBe('Оновлено волонтеркою:');
  await expect(page.locator('.tg-msg b').last().innerText()).resolves.toBe('Оновлено волонтеркою:');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.flash').innerText()).resolves.toContain('Saved. The bot answers with the new text now.');
  expect(entryOnDisk('healthcare.gp').answer.uk).toContain('Оновлено волонтеркою');

  const reply = await askChat(chat, 'Як записатися до сімейного лікаря?');
  expect(reply.text).toContain('Оновлено волонтеркою: перевірте години прийому на сайті практики.');
  await page.close();
});

test('an unanswered question from the chat is added as a phrasing in the inbox, and the bot answers it', async () => {
  const question = 'Де купити недорогий велосипед?'; // nothing in knowledge/ answers it
  const before = await askChat(chat, question);
  expect(before.kind).toContain('msg--unanswered');

  const page = await newPage(olena);
  await page.goto(`${admin.base}/admin/inbox`);
  const card = page.locator('article', { hasText: question });
  await expect(card.count()).resolves.toBe(1);
  await card.getByLabel('to entry').fill('work.diploma');
  await card.getByRole('button', { name: 'Add as phrasing' }).click();
  await expect(page.locator('.flash').innerText()).resolves.toContain(`Added “${question}” to work.diploma (uk). The bot finds it from now on.`);
  expect(entryOnDisk('work.diploma').questions.uk).toContain(question);

  const after = await askChat(chat, question);
  expect(after.kind).toContain('msg--answer');
  expect(after.text).toContain(entryOnDisk('work.diploma').answer.uk!.split('\n')[0]!.replace(/\*\*/g, '').slice(0, 40));
  await page.close();
});

test("a second volunteer's save of the same entry is refused with a clear message; nothing is overwritten", async () => {
  const taras = await openBrowser();
  const first = await newPage(olena);
  const second = await newPage(taras);
  await signIn(second, 'taras');
  await first.goto(`${admin.base}/admin/entries/healthcare.dentist?lang=en`);
  await second.goto(`${admin.base}/admin/entries/healthcare.dentist?lang=en`);

  await first.getByLabel('Answer in English').fill('Olena’s answer about the dentist.');
  await first.getByRole('button', { name: 'Save' }).click();
  await expect(first.locator('.flash').innerText()).resolves.toContain('Saved');

  await second.getByLabel('Answer in English').fill('Taras’s answer about the dentist.');
  await second.getByRole('button', { name: 'Save' }).click();
  const error = await second.getByRole('alert').innerText();
  expect(error).toContain('Not saved: someone else changed this entry after you opened it.');
  expect(error).toContain('olena saved it at');
  await expect(second.getByLabel('Answer in English').inputValue()).resolves.toBe('Taras’s answer about the dentist.');
  expect(entryOnDisk('healthcare.dentist').answer.en!.trim()).toBe('Olena’s answer about the dentist.');
  await first.close();
  await second.close();
});

test('an XSS payload saved as an answer shows as text in the admin preview and in the web chat', async () => {
  const payload = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script> [click](javascript:alert(1)) **bold**';
  const page = await newPage(olena);
  await page.goto(`${admin.base}/admin/entries/healthcare.medicines?lang=uk`);
  await page.getByLabel('Answer in Ukrainian').fill(payload);
  await page.getByRole('button', { name: 'Preview' }).click();
  const web = page.locator('.wc .reply-text');
  await expect(web.innerText()).resolves.toContain('<script>document.title="pwned"</script>');
  await expect(web.locator('img, script').count()).resolves.toBe(0);
  await expect(web.locator('a').count()).resolves.toBe(0);
  await expect(page.locator('.tg-msg').first().innerText()).resolves.toContain('<img src=x onerror=');
  await expect(page.locator('.tg-msg img, .tg-msg script').count()).resolves.toBe(0);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.flash').innerText()).resolves.toContain('Saved');
  await expect(page.title()).resolves.not.toBe('pwned');

  // A whole question: a message of five words or fewer right after an answer may be read as a follow-up to it.
  const question = entryOnDisk('healthcare.medicines').questions.uk!.find((q) => q.split(/\s+/).length > 5)!;
  const reply = await askChat(chat, question);
  expect(reply.text).toContain('<script>document.title="pwned"</script>');
  await expect(chat.locator('.log img, .log script').count()).resolves.toBe(0);
  await expect(chat.title()).resolves.not.toBe('pwned');
  await page.close();
});
