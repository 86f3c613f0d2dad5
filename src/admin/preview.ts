/**
 * How an answer will look to a person: in Telegram (through the channel's own renderer) and in the web
 * chat (the Markdown subset through markdown-it with HTML off). Both outputs escape everything a
 * volunteer typed; a `<script>` in an answer shows as text.
 */
import MarkdownIt from 'markdown-it';
import type { Language } from '../knowledge/languages';
import type { Reply } from '../messages';
import { renderReply } from '../channels/telegram/render';
import { formatDate } from '../assistant/compose';
import { html, trusted, type SafeHtml } from './html';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });
// The web chat knows paragraphs, lists, bold, italic and http(s) links; show nothing it would not.
markdown.disable(['image', 'table', 'code', 'fence', 'blockquote', 'hr', 'heading', 'lheading', 'reference', 'html_block', 'html_inline', 'backticks', 'strikethrough', 'entity'], true);
markdown.validateLink = (url: string) => /^https?:\/\//i.test(url.trim());
const defaultLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer');
  token.attrSet('class', 'md-link');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Markdown to HTML as the admin shows answers (also used for the reference text). */
export function renderMarkdown(text: string): SafeHtml {
  return trusted(markdown.render(text));
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
