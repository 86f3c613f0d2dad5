/// <reference lib="dom" />
/**
 * The counter card on a phone (390×844), in a real browser: a person asks in Ukrainian, presses
 * "🪪 Показати на стійці", sees the card in the chat (Dutch for the clerk, then Ukrainian), opens the
 * card's page from its link, finds both languages there in large type, and saves it as a PNG image —
 * with no error on either page.
 */
import { readFileSync } from 'node:fs';
import type { ConsoleMessage, Page } from 'playwright-core';
import { say } from './helpers';
import { ask, openChat, useChatPage } from './chat-page';

jest.setTimeout(60_000);

const chat = useChatPage({ locale: 'uk-UA' });

/** Errors the page reports in its console or throws, collected to be checked at the end. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('the counter card in the web chat', () => {
  it('goes from a Ukrainian question to a card page with Dutch and Ukrainian, saved as a PNG', async () => {
    const { page, context, running } = chat;
    const chatErrors = collectErrors(page);
    await openChat(page, running.base);
    await ask(page, 'Як зареєструватися в муніципалітеті?');

    // The answer offers the card; pressing it gives the card as a message.
    const answer = page.locator('.msg--answer').last();
    await answer.locator('.reply-button', { hasText: say('uk', 'counter.button') }).click();
    await page.waitForFunction(() => !document.body.classList.contains('is-busy'));
    const card = page.locator('.msg--counter').last();
    await expect(card.getAttribute('lang')).resolves.toBe('uk');
    const cardText = await card.locator('.reply-text').innerText();
    expect(cardText).toContain('Voor de medewerker aan de balie');
    expect(cardText).toContain(say('uk', 'counter.forYou'));
    expect(cardText.indexOf('Voor de medewerker aan de balie')).toBeLessThan(cardText.indexOf(say('uk', 'counter.forYou')));

    // Its link opens the card's page in a new tab.
    const link = card.locator('a.card-link');
    await expect(link.innerText()).resolves.toContain(say('uk', 'counter.open'));
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await expect(link.getAttribute('href')).resolves.toMatch(/^\/card\/status\.register\?lang=uk(&place=GM\d{4})?$/);
    const [cardPage] = await Promise.all([context.waitForEvent('page'), link.click()]);
    const pageErrors = collectErrors(cardPage);
    await cardPage.waitForLoadState('load');
    expect(new URL(cardPage.url()).pathname).toBe('/card/status.register');

    // Dutch for the clerk first, then Ukrainian, each part in its language, in large type on the phone.
    const parts = await cardPage.locator('.card-part').evaluateAll((sections) => sections.map((s) => s.getAttribute('lang')));
    expect(parts).toEqual(['nl', 'uk']);
    await expect(cardPage.locator('.card-part[lang="nl"] h1').innerText()).resolves.toBe('Voor de medewerker aan de balie');
    await expect(cardPage.locator('.card-part[lang="nl"] .card-ask').innerText()).resolves.toMatch(/^Ik wil me inschrijven in de BRP/);
    await expect(cardPage.locator('.card-part[lang="uk"] .card-ask').innerText()).resolves.toMatch(/^Я хочу зареєструватися в BRP/);
    const sizes = await cardPage.evaluate(() => {
      const px = (selector: string) => parseFloat(getComputedStyle(document.querySelector(selector)!).fontSize);
      return { ask: px('.card-part[lang="nl"] .card-ask'), text: px('.card-part[lang="uk"] .card-text li'), overflow: document.documentElement.scrollWidth - window.innerWidth };
    });
    expect(sizes.text).toBeGreaterThanOrEqual(20);
    expect(sizes.ask).toBeGreaterThanOrEqual(24);
    expect(sizes.overflow).toBeLessThanOrEqual(0);

    // The buttons speak Ukrainian; Share is there only where the browser can share.
    await expect(cardPage.locator('#card-print').innerText()).resolves.toBe(say('uk', 'counter.print'));
    const canShare = await cardPage.evaluate(() => typeof navigator.share === 'function');
    await expect(cardPage.locator('#card-share').isVisible()).resolves.toBe(canShare);

    // "Save as image" downloads the card as a PNG as wide as it was drawn.
    const [download] = await Promise.all([cardPage.waitForEvent('download'), cardPage.locator('#card-save').click()]);
    expect(download.suggestedFilename()).toBe('prykhystok-status.register.png');
    const png = readFileSync((await download.path())!);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.readUInt32BE(16)).toBe(1080);
    expect(png.readUInt32BE(20)).toBeGreaterThan(800);
    await expect(cardPage.locator('#card-status').innerText()).resolves.toBe(say('uk', 'counter.imageSaved'));

    // On paper only the card: no buttons.
    await cardPage.emulateMedia({ media: 'print' });
    await expect(cardPage.locator('#card-actions').isVisible()).resolves.toBe(false);
    await expect(cardPage.locator('.card-part[lang="nl"]').isVisible()).resolves.toBe(true);

    expect(pageErrors).toEqual([]);
    expect(chatErrors).toEqual([]);
  });

  it('keeps the link to the card after a reload', async () => {
    const { page, running } = chat;
    await openChat(page, running.base);
    await ask(page, 'Як зареєструватися в муніципалітеті?');
    await page.locator('.msg--answer').last().locator('.reply-button', { hasText: say('uk', 'counter.button') }).click();
    await page.waitForSelector('.msg--counter a.card-link');
    await page.reload();
    await page.waitForSelector('.msg--counter a.card-link');
    await expect(page.locator('.msg--counter a.card-link').getAttribute('href')).resolves.toMatch(/^\/card\/status\.register\?lang=uk/);
  });
});
