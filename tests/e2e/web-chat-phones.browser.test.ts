/// <reference lib="dom" />
/**
 * Phone numbers in answers are tappable tel: links on the web chat page (in a real browser), and dates,
 * amounts, years and web addresses stay text.
 */
import type { Page } from 'playwright-core';
import { toWireReply } from '../../src/channels/web/chat-api';
import { ask, openChat, useChatPage } from './chat-page';

jest.setTimeout(60_000);

const chat = useChatPage({ locale: 'uk-UA' });

async function telLinks(page: Page, selector: string): Promise<Array<{ text: string; href: string }>> {
  return page.locator(`${selector} a[href^="tel:"]`).evaluateAll((links) =>
    links.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href') ?? '' })),
  );
}

/** Answers every message with one reply of this text, as the server would send it. */
async function serveReply(page: Page, text: string): Promise<void> {
  await page.route((url) => url.pathname === '/api/chat', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        session: 'test-session',
        replies: [toWireReply({ text, language: 'nl', kind: 'answer', answerId: 'test.phones', buttons: [{ label: 'Menu', payload: 'm' }], sources: [] })],
      }),
    }),
  );
}

describe('phone numbers in the web chat', () => {
  it('are tappable in the crisis answer', async () => {
    const { page, running } = chat;
    await openChat(page, running.base);
    await ask(page, 'я більше не хочу жити');
    const answer = page.locator('.msg--safety').last();
    await expect(answer.getAttribute('lang')).resolves.toBe('uk');
    const links = await telLinks(page, '.msg--safety .reply-text');
    expect(links).toEqual(
      expect.arrayContaining([
        { text: '112', href: 'tel:112' },
        { text: '113', href: 'tel:113' },
        { text: '0800-0113', href: 'tel:08000113' },
      ]),
    );
    // The chat site 113.nl stays a web link, not a call.
    await expect(answer.locator('a[href^="https://www.113.nl"]').count()).resolves.toBeGreaterThan(0);
    await expect(answer.locator('a[href^="tel:"]', { hasText: '113.nl' }).count()).resolves.toBe(0);
  });

  it('are links for every way numbers are written, and dates, amounts and years are not', async () => {
    const { page, running } = chat;
    await serveReply(
      page,
      [
        '**Levensgevaar? Bel 112.** Praat met 113 of **0800-0113**, chat op [113.nl](https://www.113.nl) of 113.nl.',
        '- IND: 088 043 04 30 (ma–vr 09:00–17:00), uit het buitenland +31 20 300 7000 of +31 (0)88 043 0470.',
        '- Meld Misdaad Anoniem 0800-7000, Fraudehelpdesk 088-786 73 72, politie 0900-8844, Belastingtelefoon 0800 0543.',
        '- Ombudsman 0800-33 55555; Nidos 030-888 38 88; de Kindertelefoon 0900-8020.',
        '',
        'Leefgeld € 252,18 per maand, €12.50 per dag, 115% van de norm, 1120 euro, 112 euro.',
        'Tot 4 maart 2027 (besluit 2026-03-06, brief van 04.03.2028, op 03-06-2026), mannen 18–22, 2518 AD Den Haag.',
        'Zie https://example.nl/article/100401-zo-werkt-het en artikel 0800400.',
      ].join('\n'),
    );
    await page.goto(`${running.base}/`);
    await page.waitForSelector('.msg--answer .reply-text');

    await expect(telLinks(page, '.msg--answer .reply-text')).resolves.toEqual([
      { text: '112', href: 'tel:112' },
      { text: '113', href: 'tel:113' },
      { text: '0800-0113', href: 'tel:08000113' },
      { text: '088 043 04 30', href: 'tel:0880430430' },
      { text: '+31 20 300 7000', href: 'tel:+31203007000' },
      { text: '+31 (0)88 043 0470', href: 'tel:+31880430470' },
      { text: '0800-7000', href: 'tel:08007000' },
      { text: '088-786 73 72', href: 'tel:0887867372' },
      { text: '0900-8844', href: 'tel:09008844' },
      { text: '0800 0543', href: 'tel:08000543' },
      { text: '0800-33 55555', href: 'tel:08003355555' },
      { text: '030-888 38 88', href: 'tel:0308883888' },
      { text: '0900-8020', href: 'tel:09008020' },
    ]);
    // The text reads exactly as written: linking adds nothing and drops nothing.
    await expect(page.locator('.msg--answer .reply-text').innerText()).resolves.toContain('Leefgeld € 252,18 per maand, €12.50 per dag, 115% van de norm, 1120 euro, 112 euro.');
    await expect(page.locator('.msg--answer .reply-text').innerText()).resolves.toContain('op 03-06-2026), mannen 18–22, 2518 AD Den Haag.');
  });

  it('are not links in what the person wrote', async () => {
    const { page, running } = chat;
    await openChat(page, running.base);
    await ask(page, 'мій номер 0800-0113, чи можна дзвонити на 112?');
    await expect(page.locator('.msg--user a').count()).resolves.toBe(0);
  });
});
