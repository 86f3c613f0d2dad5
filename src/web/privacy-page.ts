/**
 * The privacy page (`GET /privacy`): the same notice the bot sends on /privacy, as a page with a heading
 * and a plain way back to the chat, in the conversation's language (the chat page links here with it).
 * The notice's Markdown is read by the parser every channel uses, so the page says what the chat says.
 */
import type { Language } from '../knowledge/languages';
import { documentHtml, markdownDocument } from '../channels/markdown-document';

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface PrivacyPageTexts {
  /** The privacy notice (Markdown), as the bot sends it. */
  notice: string;
  /** Used as the heading when the notice does not open with its own bold title line. */
  title: string;
  backToChat: string;
  appName: string;
}

/**
 * In chat the notice opens with a bold line ("**Your privacy**"); on a page that line is the heading,
 * so translators keep one text for both.
 */
function splitTitle(notice: string, fallback: string): { title: string; body: string } {
  const match = /^\s*\*\*([^*\n]+)\*\*[ \t]*\n([\s\S]*)$/.exec(notice);
  return match ? { title: match[1]!.trim(), body: match[2]! } : { title: fallback, body: notice };
}

export function renderPrivacyPage(language: Language, texts: PrivacyPageTexts): string {
  const { title, body } = splitTitle(texts.notice, texts.title);
  const esc = escapeHtml;
  // The chat page keeps its conversation in this tab, so going back shows it again.
  const back = `<p class="back"><a class="back-link" href="/"><span aria-hidden="true">←</span> ${esc(texts.backToChat)}</a></p>`;
  return (
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)} — ${esc(texts.appName)}</title><link rel="stylesheet" href="/chat.css"></head>` +
    `<body class="page"><main class="page-main">${back}<h1>${esc(title)}</h1>${documentHtml(markdownDocument(body))}${back}</main></body></html>`
  );
}
