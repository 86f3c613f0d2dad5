/// <reference lib="dom" />
/**
 * What a volunteer previews in the admin is what people see in the web chat: for every answer in
 * knowledge/, the chat page (in a real browser, from the reply as the server sends it) shows the same
 * elements, text and links as the admin's web preview. Only what the page adds on its own is set
 * aside: tappable phone numbers and the hidden "opens in a new tab" hint of links.
 */
import path from 'node:path';
import { webPreview } from '../../src/admin/preview';
import { toWireReply } from '../../src/channels/web/chat-api';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { LANGUAGES } from '../../src/knowledge/languages';
import type { Reply } from '../../src/messages';
import { useChatPage } from './chat-page';

jest.setTimeout(120_000);

const chat = useChatPage({ locale: 'en-GB' });

test('every answer in knowledge/ reads on the chat page exactly as in the volunteers’ preview', async () => {
  const { entries } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  const replies: Reply[] = entries.flatMap((entry) =>
    LANGUAGES.flatMap((language): Reply[] => {
      const text = entry.answer[language];
      return text ? [{ kind: 'answer', language, text, answerId: entry.id, sources: [], buttons: [] }] : [];
    }),
  );
  expect(replies.length).toBeGreaterThan(100);
  const previews = replies.map((reply) => webPreview({ language: reply.language, answer: reply.text, sources: [], reviewed: '2026-01-01', followUps: [] }).value);

  const { page, running } = chat;
  // The server's own wire form of each reply, all at once in answer to the page's first request.
  await page.route(
    (url) => url.pathname === '/api/chat',
    (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ session: 'parity', replies: replies.map(toWireReply) }) }),
  );
  await page.goto(`${running.base}/`);
  await page.waitForFunction((count) => document.querySelectorAll('.msg--answer .reply-text').length === count, replies.length);

  const compared = await page.evaluate((previewHtml) => {
    /** Elements with the attributes that matter to a reader, and text; the page's own additions left out. */
    const shape = (node: Node): string => {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
      if (!(node instanceof HTMLElement)) return '';
      if (node.classList.contains('visually-hidden')) return '';
      if (node instanceof HTMLAnchorElement && node.classList.contains('tel-link')) return node.textContent ?? '';
      const attributes = [node.className && `class=${node.className}`];
      if (node instanceof HTMLAnchorElement) attributes.push(`href=${node.href}`, `target=${node.target}`, `rel=${node.rel}`);
      if (node instanceof HTMLLIElement && node.hasAttribute('value')) attributes.push(`value=${node.value}`);
      const tag = node.tagName.toLowerCase();
      return `<${[tag, ...attributes.filter(Boolean)].join(' ')}>${Array.from(node.childNodes).map(shape).join('')}</${tag}>`;
    };
    const shown = Array.from(document.querySelectorAll('.msg--answer .reply-text'));
    return previewHtml.map((html, i) => {
      const box = document.createElement('div');
      box.innerHTML = html;
      const preview = box.querySelector('.reply-text');
      return { page: shown[i] ? shape(shown[i]) : '(missing)', preview: preview ? shape(preview) : '(missing)' };
    });
  }, previews);

  const differing = compared.flatMap((pair, i) => (pair.page === pair.preview ? [] : [{ id: `${replies[i]?.answerId}/${replies[i]?.language}`, ...pair }]));
  expect(differing.slice(0, 3)).toEqual([]);
  // The comparison is not vacuous: answers have paragraphs, lists, bold text and links.
  const all = compared.map((pair) => pair.page).join('');
  for (const element of ['<p class=md-p>', '<ul class=md-list>', '<ol class=md-list>', '<strong>', '<a class=md-link']) expect(all).toContain(element);
});
