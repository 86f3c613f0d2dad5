/// <reference lib="dom" />
/**
 * A reply's caveat ("checked more than six months ago") is shown after the answer and its phone
 * numbers on the web chat page, never before "Call 112": in a real browser, from a real server whose
 * crisis answer was last checked long ago.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ask, openChat, useChatPage } from './chat-page';

jest.setTimeout(60_000);

const REVIEWED_LONG_AGO = '2024-01-15';
let knowledgeDir: string;

/** The shipped knowledge, with the crisis answer last checked long ago. */
function staleKnowledge(): Record<string, string> {
  knowledgeDir = mkdtempSync(path.join(os.tmpdir(), 'prykhystok-stale-kb-'));
  cpSync(path.resolve(__dirname, '../../knowledge'), knowledgeDir, { recursive: true });
  const crisis = path.join(knowledgeDir, 'safety/crisis.yaml');
  writeFileSync(crisis, readFileSync(crisis, 'utf8').replace(/^reviewed: .*$/m, `reviewed: ${REVIEWED_LONG_AGO}`));
  return { KNOWLEDGE_DIR: knowledgeDir };
}

const chat = useChatPage({ locale: 'uk-UA', env: staleKnowledge });

afterAll(() => {
  if (knowledgeDir) rmSync(knowledgeDir, { recursive: true, force: true });
});

describe('a caveat on an answer', () => {
  it('comes after the crisis answer and its numbers, as a note, and nothing comes before "call 112"', async () => {
    const { page, running } = chat;
    await openChat(page, running.base);
    await ask(page, 'я більше не хочу жити');
    const answer = page.locator('.msg--safety').last();

    const caveat = answer.locator('[role="note"]');
    await expect(caveat.count()).resolves.toBe(1);
    await expect(caveat.innerText()).resolves.toMatch(/2024/);
    await expect(caveat.getAttribute('class')).resolves.toContain('notice');

    // In reading order: the answer text (with 112 first), its tel: links, then the caveat.
    const order = await answer.locator('.bubble').evaluate((bubble) => {
      const items = Array.from(bubble.querySelectorAll('.reply-text, a[href="tel:112"], [role="note"]'));
      return items.map((node) => (node.getAttribute('role') === 'note' ? 'caveat' : node.matches('.reply-text') ? 'text' : 'tel:112'));
    });
    expect(order[order.length - 1]).toBe('caveat');
    expect(order.indexOf('text')).toBeLessThan(order.indexOf('caveat'));
    expect(order.indexOf('tel:112')).toBeLessThan(order.indexOf('caveat'));
    const text = await answer.locator('.bubble').innerText();
    expect(text.indexOf('112')).toBeLessThan(text.indexOf(await caveat.innerText()));

    // A reload shows it in the same place.
    await page.reload();
    await page.waitForSelector('.msg--safety [role="note"]');
    await expect(page.locator('.msg--safety .bubble > :last-child').getAttribute('role')).resolves.toBe('note');
  });
});
