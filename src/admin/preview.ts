/**
 * How an answer will look to a person: in Telegram (through the channel's own renderer) and in the web
 * chat (the document the page builds its DOM from, as HTML — markdown-document.ts, the same parser as
 * every channel). Both outputs escape everything a volunteer typed; a `<script>` in an answer shows as text.
 */
import type { Language } from '../knowledge/languages';
import type { Reply } from '../messages';
import { renderReply } from '../channels/telegram/render';
import { documentHtml, markdownDocument } from '../channels/markdown-document';
import { formatDate } from '../assistant/compose';
import { html, trusted, type SafeHtml } from './html';

/** An answer's Markdown as the web chat shows it (also used for the reference text). */
export function renderMarkdown(text: string): SafeHtml {
  return trusted(documentHtml(markdownDocument(text)));
}

/** Telegram's renderer emits only b, i and a[href]; anything else means it changed, so show text instead. */
const TELEGRAM_HTML = /^(?:[^<>]|<\/?[bi]>|<a href="[^"<>]*">|<\/a>)*$/;

export interface PreviewInput {
  language: Language;
  answer: string;
  sources: readonly string[];
  reviewed: string;
  /** Labels of follow-up buttons (related entries). */
  followUps: readonly string[];
}

function asReply(input: PreviewInput): Reply {
  return {
    kind: 'answer',
    language: input.language,
    text: input.answer,
    sources: [...input.sources],
    reviewed: input.reviewed,
    reviewedLabel: formatDate(input.reviewed, input.language),
    buttons: [...input.followUps.map((label, i) => ({ label, payload: `preview:${i}` })), { label: '👍', payload: 'preview:yes' }, { label: '👎', payload: 'preview:no' }],
  };
}

function sourceLabel(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname.replace(/^www\./, '') : undefined;
  } catch {
    return undefined;
  }
}

export function telegramPreview(input: PreviewInput): SafeHtml {
  const messages = renderReply(asReply(input));
  return html`<div class="tg" aria-label="Telegram preview">
    ${messages.map(
      (m) => html`<div class="tg-msg">${TELEGRAM_HTML.test(m.text) ? trusted(m.text) : m.text}</div>
        ${m.reply_markup ? html`<div class="tg-keyboard">${m.reply_markup.inline_keyboard.map((row) => html`<span class="tg-button">${row.map((b) => b.text).join(' ')}</span>`)}</div>` : ''}`,
    )}
  </div>`;
}

export function webPreview(input: PreviewInput): SafeHtml {
  const reply = asReply(input);
  const links = reply.sources.flatMap((url) => {
    const label = sourceLabel(url);
    return label ? [{ url, label }] : [];
  });
  return html`<div class="wc" aria-label="Web chat preview" lang="${input.language}">
    <div class="wc-bubble">
      <div class="reply-text">${renderMarkdown(reply.text)}</div>
      ${links.length
        ? html`<div class="wc-sources"><p class="wc-sources-label">Sources</p><ul>${links.map((l) => html`<li><a href="${l.url}" target="_blank" rel="noopener noreferrer">${l.label}</a></li>`)}</ul></div>`
        : ''}
      <p class="wc-reviewed"><span aria-hidden="true">✓</span> ${reply.reviewedLabel ?? ''}</p>
    </div>
    <div class="wc-buttons">${reply.buttons.map((b) => html`<span class="wc-button">${b.label}</span>`)}</div>
  </div>`;
}
