/**
 * The counter card as a page (`GET /card/<entry id>?lang=…[&place=GM…]`): what a person shows at a desk
 * on their phone, prints, or saves as an image. The clerk reads Dutch, so the Dutch part comes first;
 * the person's own part follows so they know what they are showing. Each part carries its own `lang`,
 * so screen readers, hyphenation and translation tools read it in its language.
 *
 * The texts are Markdown read by the parser every channel uses (markdown-document.ts), escaped there;
 * everything else put into the page is escaped here. The page has no inline script or style (the chat
 * page's CSP): its behaviour is /counter-card.js, its look /counter-card.css.
 */
import type { Language } from '../knowledge/languages';
import type { Translate } from '../assistant/translate';
import type { CounterCardModel, CounterSide } from '../assistant/counter-card';
import { formatDate } from '../assistant/compose';
import { documentHtml, markdownDocument } from '../channels/markdown-document';

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface CounterPageInput {
  card: CounterCardModel;
  /** The person's language: the page's own labels and the second part. */
  language: Language;
  t: Translate;
  /** The card's municipality as people write it in a language (only called when the card has one). */
  placeName(language: Language): string;
}

function head(language: Language, title: string): string {
  return (
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">` +
    // A card is held up to a clerk and printed: always dark text on white, whatever the phone's theme.
    `<meta name="color-scheme" content="light">` +
    `<title>${esc(title)}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">` +
    `<link rel="stylesheet" href="/counter-card.css"></head>`
  );
}

const markdown = (source: string): string => documentHtml(markdownDocument(source));

/** One language's part: its heading, the request in bold, the key facts, then the municipality's part. */
function part(side: CounterSide, heading: string, level: 1 | 2, input: CounterPageInput, role: 'clerk' | 'own'): string {
  const sub = level + 1;
  const local = side.local
    ? `<section class="card-local"><h${sub} class="card-local-title">📍 ${esc(input.placeName(side.language))}</h${sub}>${markdown(side.local)}</section>`
    : '';
  return (
    `<section class="card-part card-part--${role}" lang="${side.language}">` +
    `<h${level} class="card-heading">${esc(heading)}</h${level}>` +
    (side.ask ? `<p class="card-ask"><strong>${esc(side.ask)}</strong></p>` : '') +
    `<div class="card-text">${markdown(side.text)}</div>${local}</section>`
  );
}

/** Sources and the date the card was checked, in the clerk's language and the person's. */
function meta(input: CounterPageInput, languages: readonly Language[]): string {
  const { card, t } = input;
  const label = languages.map((l) => `<span lang="${l}">${esc(t('web.sources', l))}</span>`).join(' · ');
  const links = card.sources.map((url) => `<li><a class="card-source" href="${esc(url)}" target="_blank" rel="noopener noreferrer">${esc(url)}</a></li>`).join('');
  const checked = languages.map((l) => `<p class="card-checked" lang="${l}">${esc(t('counter.checked', l, { date: formatDate(card.reviewed, l) }))}</p>`).join('');
  const notGovernment = languages.map((l) => `<span lang="${l}">${esc(t('web.notGovernment', l))}</span>`).join(' ');
  return (
    `<footer class="card-meta"><p class="card-meta-label">${label}</p><ul class="card-sources">${links}</ul>${checked}` +
    `<p class="card-app">${notGovernment}</p></footer>`
  );
}

/**
 * The buttons (in the person's language), above the card: on a phone the card is several screens long,
 * and the person looks for "save" at once. The script shows Share only where the phone can share.
 */
function actions(input: CounterPageInput): string {
  const { t, language, card } = input;
  const label = (key: string) => esc(t(key, language));
  return (
    `<div class="card-actions" id="card-actions">` +
    `<p class="card-hint">${label('counter.hint')}</p>` +
    `<div class="card-buttons">` +
    `<button type="button" class="card-button" id="card-print">${label('counter.print')}</button>` +
    `<button type="button" class="card-button" id="card-save" data-file="prykhystok-${esc(card.entryId)}.png" ` +
    `data-saved="${label('counter.imageSaved')}" data-failed="${label('counter.imageFailed')}">${label('counter.saveImage')}</button>` +
    `<button type="button" class="card-button" id="card-share" data-title="${label('counter.title')}" hidden>${label('counter.share')}</button>` +
    `</div><p class="card-status" id="card-status" role="status"></p></div>`
  );
}

const backToChat = (language: Language, t: Translate): string =>
  `<p class="card-back"><a href="/"><span aria-hidden="true">←</span> ${esc(t('web.backToChat', language))}</a></p>`;

export function renderCounterPage(input: CounterPageInput): string {
  const { card, language, t } = input;
  const clerk = part(card.dutch, t('counter.clerk', card.dutch.language), 1, input, 'clerk');
  const own = card.own ? part(card.own, t('counter.forYou', card.own.language), 2, input, 'own') : '';
  const languages = card.own ? [card.dutch.language, card.own.language] : [card.dutch.language];
  return (
    head(language, `${t('counter.title', language)} — ${t('web.appName', language)}`) +
    `<body class="card-page">${actions(input)}<main class="card" id="card">${clerk}${own}${meta(input, languages)}</main>${backToChat(language, t)}` +
    `<script src="/counter-card.js" defer></script></body></html>`
  );
}

/** A link that leads to no card: what went wrong, in the person's language, and the way back to the chat. */
export function renderCounterProblem(language: Language, t: Translate, messageKey: 'counter.notFound' | 'counter.badLanguage' | 'counter.badPlace'): string {
  return (
    head(language, `${t('counter.title', language)} — ${t('web.appName', language)}`) +
    `<body class="card-page"><main class="card card--problem" id="card"><h1 class="card-heading">${esc(t('counter.title', language))}</h1>` +
    `<p class="card-problem">${esc(t(messageKey, language))}</p>` +
    `${backToChat(language, t)}</main></body></html>`
  );
}
