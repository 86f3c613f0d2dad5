/// <reference lib="dom" />
/**
 * The page's own controls (placeholder, send button, headings, labels, the privacy link) speak the
 * language the bot answers in, in a real browser; /lang alone does not switch them; the privacy page
 * opens in the conversation's language with a heading and a way back to the chat.
 */
import type { Page } from 'playwright-core';
import { say } from './helpers';
import { ask, openChat, pageLabels, useChatPage } from './chat-page';

jest.setTimeout(60_000);

/** The browser is set to Dutch: the person writes in another language. */
const chat = useChatPage({ locale: 'nl-NL' });

async function expectLabelsIn(page: Page, language: string): Promise<void> {
  await page.waitForFunction((l) => document.documentElement.lang === l, language);
  await expect(pageLabels(page)).resolves.toEqual({
    lang: language,
    placeholder: say(language, 'web.placeholder'),
    send: say(language, 'web.send'),
  });
  await expect(page.locator('.tagline').innerText()).resolves.toBe(say(language, 'web.tagline'));
  await expect(page.locator('#privacy-link [data-i18n="privacyLink"]').innerText()).resolves.toBe(say(language, 'web.privacyLink'));
  await expect(page.locator('#privacy-link').getAttribute('href')).resolves.toBe(`/privacy?language=${language}`);
  await expect(page.locator('label[for="message"]').textContent()).resolves.toBe(say(language, 'web.inputLabel'));
  await expect(page.locator('#log').getAttribute('aria-label')).resolves.toBe(say(language, 'web.logLabel'));
}

describe('the page speaks the language the bot answers in', () => {
  it.each([
    ['uk', 'як записатися до сімейного лікаря'],
    ['ru', 'как записаться к семейному врачу'],
    ['en', 'how do I register with a family doctor'],
  ])('a question in %s on a Dutch browser turns the controls to that language', async (language, question) => {
    const { page, running } = chat;
    await openChat(page, running.base);
    await expectLabelsIn(page, 'nl');

    await ask(page, question);
    await expect(page.locator('.msg--answer').last().getAttribute('lang')).resolves.toBe(language);
    await expectLabelsIn(page, language);
  });

  it('keeps them when /lang shows the languages, and switches when the person chooses one', async () => {
    const { page, running } = chat;
    await openChat(page, running.base);
    await ask(page, 'hoe schrijf ik me in bij de huisarts');
    await expectLabelsIn(page, 'nl');

    const labelLoads: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/chat/ui') labelLoads.push(request.url());
    });
    await ask(page, '/lang');
    await expect(page.locator('.msg--language').last().locator('.reply-button').count()).resolves.toBe(4);
    await page.waitForTimeout(300); // a label load would start right after the reply
    expect(labelLoads).toEqual([]);
    await expectLabelsIn(page, 'nl');

    await page.locator('.msg--language .reply-button', { hasText: 'Українська' }).click();
    await expectLabelsIn(page, 'uk');
  });
});

describe('the privacy page', () => {
  it('opens in the conversation language, with a heading and a clear way back to the chat', async () => {
    const { page, running } = chat;
    await openChat(page, running.base);
    await ask(page, 'як записатися до сімейного лікаря');
    await expectLabelsIn(page, 'uk');

    // /privacy in the chat answers in the conversation's language…
    await ask(page, '/privacy');
    await expect(page.locator('.msg--privacy').last().getAttribute('lang')).resolves.toBe('uk');

    // …and so does the page behind the link at the bottom.
    await page.locator('#privacy-link').click();
    await page.waitForURL(/\/privacy/);
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('uk');
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading.innerText()).resolves.toBe(say('uk', 'privacy.text').match(/^\*\*(.+?)\*\*/)![1]);
    await expect(page.title()).resolves.toContain(say('uk', 'web.appName'));
    const back = page.getByRole('link', { name: say('uk', 'web.backToChat') }).first();
    await expect(back.isVisible()).resolves.toBe(true);

    await back.click();
    await page.waitForSelector('.msg--answer');
    await expect(page.locator('.msg--user').first().innerText()).resolves.toContain('як записатися до сімейного лікаря');
    await expectLabelsIn(page, 'uk');
  });
});
