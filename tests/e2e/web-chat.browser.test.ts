/// <reference lib="dom" />
/**
 * The web chat in a real browser, the way a person uses it: open the page, ask in Ukrainian, see the
 * answer with its source, press a follow-up, switch the language.
 */
import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from './helpers';
import { launchBrowser } from './browser';

jest.setTimeout(60_000);

let running: RunningApp;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;

beforeAll(async () => {
  running = await startApp();
  ({ browser, close: closeBrowser } = await launchBrowser());
});

afterAll(async () => {
  await closeBrowser?.();
  await running?.stop();
});

beforeEach(async () => {
  const context = await browser.newContext({ locale: 'uk-UA', viewport: { width: 390, height: 844 } });
  page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
});

afterEach(async () => {
  await page?.context().close();
});

const botMessages = () => page.locator('.msg--bot');

async function ask(text: string): Promise<void> {
  const before = await botMessages().count();
  await page.locator('#message').fill(text);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('.msg--bot:not(.msg--thinking)').length > n, before);
}

describe('a person opens the web chat on a Ukrainian phone', () => {
  it('asks in Ukrainian, sees the answer and its source, follows up, and switches to Dutch', async () => {
    await page.goto(`${running.base}/`);
    await page.waitForSelector('.msg--bot .reply-button');

    await ask('як записатися до сімейного лікаря');
    const answer = page.locator('.msg--answer').last();
    await expect(answer.getAttribute('lang')).resolves.toBe('uk');
    await expect(answer.locator('.reply-text').innerText()).resolves.toMatch(/huisarts/);
    const source = answer.locator('a.source-link').first();
    await expect(source.getAttribute('href')).resolves.toMatch(/^https:\/\//);
    await expect(answer.locator('.reviewed').innerText()).resolves.toMatch(/Перевірено \d+ \S+ 20\d\d/);

    // A follow-up button opens the related answer.
    const followUp = answer.locator('.reply-button').first();
    const label = await followUp.innerText();
    const count = await botMessages().count();
    await followUp.click();
    await page.waitForFunction((n) => document.querySelectorAll('.msg--bot:not(.msg--thinking)').length > n, count);
    await expect(page.locator('.msg--user').last().innerText()).resolves.toContain(label.trim());
    await expect(page.locator('.msg--answer').last().getAttribute('lang')).resolves.toBe('uk');

    // Switch the language with the switcher; the page's labels and the next answers follow.
    await page.locator('#lang-switch summary').click();
    await page.locator('.lang-option[data-lang="nl"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'nl');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.msg--bot')).some((m) => m.getAttribute('lang') === 'nl'));
    await ask('як записатися до сімейного лікаря');
    const dutch = page.locator('.msg--answer').last();
    await expect(dutch.getAttribute('lang')).resolves.toBe('nl');
    await expect(dutch.locator('.reviewed').innerText()).resolves.toMatch(/Gecontroleerd op/);
    await expect(page.locator('#message').getAttribute('placeholder')).resolves.not.toMatch(/[а-яіїє]/i);
  });

  it('works with the keyboard alone', async () => {
    await page.goto(`${running.base}/`);
    await page.waitForSelector('.msg--bot .reply-button');
    await page.locator('#message').focus();
    await page.keyboard.type('де отримати BSN');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.msg--answer');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('message');
  });

  it('shows a message containing markup as text, and runs no script from it', async () => {
    await page.goto(`${running.base}/`);
    await page.waitForSelector('.msg--bot .reply-button');
    let dialogs = 0;
    page.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await ask('<img src=x onerror=alert(1)> <script>alert(2)</script>');
    await expect(page.locator('.msg--user').last().innerText()).resolves.toContain('<img src=x onerror=alert(1)>');
    await expect(page.locator('.log img, .log script').count()).resolves.toBe(0);
    expect(dialogs).toBe(0);
  });
});
