/// <reference lib="dom" />
/**
 * The web chat page in a real headless Chromium, for tests of what a person sees: one app and one
 * browser per test file, a fresh browser context (empty storage) per test.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from './helpers';
import { launchBrowser } from './browser';

export interface ChatPage {
  running: RunningApp;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/**
 * Registers the jest hooks; the returned object is filled in before each test. `env` (called once,
 * before the app starts) overrides the app's configuration, e.g. a KNOWLEDGE_DIR made for the test.
 */
export function useChatPage(options: { locale?: string; env?: () => Record<string, string> } = {}): ChatPage {
  const chat = {} as ChatPage;
  let closeBrowser: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    chat.running = await startApp(options.env?.() ?? {});
    const launched = await launchBrowser();
    chat.browser = launched.browser;
    closeBrowser = launched.close;
  });

  afterAll(async () => {
    await closeBrowser?.();
    await chat.running?.stop();
  });

  beforeEach(async () => {
    chat.context = await chat.browser.newContext({ locale: options.locale ?? 'uk-UA', viewport: { width: 390, height: 844 } });
    chat.page = await chat.context.newPage();
    chat.page.on('pageerror', (err) => {
      throw err;
    });
  });

  afterEach(async () => {
    await chat.context?.close();
  });

  return chat;
}

/** The bot's messages on the page (not the "thinking" dots). */
export function botMessageCount(page: Page): Promise<number> {
  return page.locator('.msg--bot:not(.msg--thinking)').count();
}

/** Opens the chat and waits for the greeting. */
export async function openChat(page: Page, base: string, path = '/'): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.waitForSelector('.msg--bot .reply-button');
}

/** Types a message, sends it with Enter and waits until the bot has answered. */
export async function ask(page: Page, text: string): Promise<void> {
  await page.locator('#message').fill(text);
  // The page marks itself busy as it sends (synchronously, on Enter) until the replies are shown.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.body.classList.contains('is-busy'));
  await expect(page.locator('#error-bar').isHidden()).resolves.toBe(true);
}

/** The page's own labels: <html lang>, the placeholder and the send button's text. */
export async function pageLabels(page: Page): Promise<{ lang: string; placeholder: string | null; send: string }> {
  return {
    lang: await page.evaluate(() => document.documentElement.lang),
    placeholder: await page.locator('#message').getAttribute('placeholder'),
    send: (await page.locator('.send-label').innerText()).trim(),
  };
}
