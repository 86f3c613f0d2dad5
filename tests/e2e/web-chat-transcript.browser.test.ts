/// <reference lib="dom" />
/**
 * What the page shows of the conversation across a reload and after /forget, in a real browser: a
 * reload shows the person's own conversation (kept in this tab only, never sent to the server), and
 * /forget clears it from the page as well as from the server.
 */
import type { Request } from 'playwright-core';
import { say } from './helpers';
import { ask, openChat, useChatPage } from './chat-page';

jest.setTimeout(60_000);

const chat = useChatPage({ locale: 'uk-UA' });
const QUESTION = 'як записатися до сімейного лікаря';

/** Every body the page sends to the chat API from now on. */
function recordChatRequests(requests: string[]) {
  return (request: Request) => {
    if (new URL(request.url()).pathname === '/api/chat') requests.push(request.postData() ?? '');
  };
}

describe('a reload keeps the conversation on the page', () => {
  it('shows the same question and answer again, without sending them to the server', async () => {
    const { page, running } = chat;
    await openChat(page, running.base);
    await ask(page, QUESTION);
    const answer = (await page.locator('.msg--answer .reply-text').last().innerText()).trim();
    expect(answer).toMatch(/huisarts/);
    const shown = () => page.locator('.reply-text, .user-text').allInnerTexts();
    const before = await shown();

    const sent: string[] = [];
    page.on('request', recordChatRequests(sent));
    await page.reload();
    await page.waitForSelector('.msg--answer');
    await page.waitForFunction(() => !document.body.classList.contains('is-busy'));

    await expect(page.locator('.msg--user').last().innerText()).resolves.toContain(QUESTION);
    await expect(page.locator('.msg--answer .reply-text').last().innerText()).resolves.toBe(answer);
    // The conversation goes on: no second greeting, and nothing of it went to the server.
    await expect(shown()).resolves.toEqual(before);
    expect(sent.filter((body) => body.includes(QUESTION) || body.includes(answer.slice(0, 40)))).toEqual([]);

    // The next answer comes in the same conversation, after the kept one.
    await ask(page, 'де отримати BSN');
    await expect(page.locator('.msg--user').count()).resolves.toBe(2);
  });

  it('keeps it for this tab only: a new tab on the same phone starts empty', async () => {
    const { page, context, running } = chat;
    await openChat(page, running.base);
    await ask(page, QUESTION);

    const other = await context.newPage();
    await openChat(other, running.base);
    await expect(other.locator('.msg--user').count()).resolves.toBe(0);
    await expect(other.locator('#log').innerText()).resolves.not.toContain(QUESTION);
    await expect(page.evaluate(() => JSON.stringify(localStorage))).resolves.not.toContain(QUESTION);
  });
});

describe('/forget', () => {
  it('clears the conversation on the page too, and a reload says it was cleared', async () => {
    const { page, running } = chat;
    await openChat(page, running.base);
    await ask(page, QUESTION);
    const sessionBefore = await page.evaluate(() => sessionStorage.getItem('prykhystok.session'));
    expect(sessionBefore).toBeTruthy();

    await ask(page, '/forget');
    const cleared = say('uk', 'web.conversationCleared');
    const log = await page.locator('#log').innerText();
    expect(log).not.toContain(QUESTION);
    expect(log).not.toMatch(/huisarts/);
    expect(log).toContain(cleared);
    expect(log).toContain(say('uk', 'forget.done'));
    await expect(page.locator('.msg--user').count()).resolves.toBe(0);

    await page.reload();
    await page.waitForSelector('.msg--bot .reply-button'); // a fresh greeting for the new conversation
    const after = await page.locator('#log').innerText();
    expect(after).not.toContain(QUESTION);
    expect(after).not.toMatch(/huisarts/);
    expect(after).toContain(cleared);
    // The server forgot the person; the page does not carry on with the old session either.
    const sessionAfter = await page.evaluate(() => sessionStorage.getItem('prykhystok.session'));
    expect(sessionAfter).toBeTruthy();
    expect(sessionAfter).not.toBe(sessionBefore);
  });
});
