import { LANGUAGES, type Language } from '../../knowledge/languages';
import type { KnowledgeEntry } from '../../knowledge/schema';
import { html, type SafeHtml } from '../html';
import { renderMarkdown, telegramPreview, webPreview, type PreviewInput } from '../preview';
import { sourceLanguage, translationStatus } from '../translation-status';
import type { PendingChange } from '../pending-store';
import { placeValuesOf, type PlaceValues } from '../place-form';
import type { Municipalities } from '../../places/municipalities';
import { placesFormSections } from './edit-places';
import { statusBadge } from './entries';
import { csrfField, errorBox, layout, type Frame } from './layout';

export const LANGUAGE_NAMES: Record<Language, string> = { uk: 'Ukrainian', ru: 'Russian', nl: 'Dutch', en: 'English' };

export interface EditValues {
  answer: string;
  questions: string;
  keywords: string;
  sources: string;
  related: string;
  markReviewed: boolean;
  confirmCurrent: boolean;
  smallFix: boolean;
  /** The counter card and the local parts, in the language being edited. */
  places: PlaceValues;
}

export function valuesOf(entry: KnowledgeEntry, language: Language): EditValues {
  return {
    answer: entry.answer[language] ?? '',
    questions: (entry.questions[language] ?? []).join('\n'),
    keywords: (entry.keywords?.[language] ?? []).join('\n'),
    sources: entry.sources.join('\n'),
    related: entry.related.join('\n'),
    markReviewed: false,
    confirmCurrent: false,
    smallFix: false,
    places: placeValuesOf(entry, language),
  };
}

export interface EditView {
  entry: KnowledgeEntry;
  version: string;
  language: Language;
  reference: Language;
  values: EditValues;
  preview: PreviewInput;
  today: string;
  stale: boolean;
  pending: readonly PendingChange[];
  /** The list the local parts are chosen from and named by. */
  municipalities: Municipalities;
  error?: { title: string; items: Array<string | SafeHtml> };
  warnings?: readonly string[];
}

export function previewPanel(preview: PreviewInput, heading = 'Preview'): SafeHtml {
  return html`<section aria-labelledby="preview-h-${preview.language}">
  <h2 id="preview-h-${preview.language}">${heading} (${LANGUAGE_NAMES[preview.language]})</h2>
  <div class="previews">
    <div><p class="preview-title">Telegram</p>${telegramPreview(preview)}</div>
    <div><p class="preview-title">Web chat</p>${webPreview(preview)}</div>
  </div>
</section>`;
}

export function editPage(frame: Frame, view: EditView): SafeHtml {
  const { entry, language, reference, values } = view;
  const source = sourceLanguage(entry);
  const base = `/admin/entries/${entry.id}`;
  const refAnswer = entry.answer[reference];
  const name = LANGUAGE_NAMES[language];
  return layout(
    `${entry.id} (${language})`,
    { ...frame, active: 'entries' },
    html`<h1>${entry.id}</h1>
<p class="lead">Topic ${entry.topic} · reviewed ${entry.reviewed}${view.stale ? html` <span class="badge badge-stale">stale</span>` : ''} · source language ${LANGUAGE_NAMES[source]} · <a href="${base}/history">History</a></p>
${view.pending.map((p) => html`<div class="flash flash-warn" role="status">A change by ${p.createdBy} (${p.summary}) is waiting for review.</div>`)}
${view.error ? errorBox(view.error.title, view.error.items) : ''}
${view.warnings?.length ? html`<div class="flash flash-warn" role="status">Saved with warnings:<ul>${view.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : ''}
<nav aria-label="Language to edit"><ul class="tabs">
  ${LANGUAGES.map(
    (l) => html`<li><a href="${base}?lang=${l}"${l === language ? html` aria-current="page"` : ''}><span lang="${l}">${LANGUAGE_NAMES[l]}</span> ${statusBadge(entry, l, translationStatus(entry, l))}</a></li>`,
  )}
</ul></nav>
<form method="post" action="${base}">
  ${csrfField(frame.csrf)}
  <input type="hidden" name="version" value="${view.version}">
  <input type="hidden" name="lang" value="${language}">
  <input type="hidden" name="ref" value="${reference}">
  <div class="side-by-side">
    <details class="card reference" open>
      <summary><h2>${LANGUAGE_NAMES[reference]} (for comparison)</h2></summary>
      <p class="hint">Compare with: ${LANGUAGES.filter((l) => l !== language).map((l, i) => html`${i ? ' · ' : ''}${l === reference ? html`<strong>${LANGUAGE_NAMES[l]}</strong>` : html`<a href="${base}?lang=${language}&ref=${l}">${LANGUAGE_NAMES[l]}</a>`}`)}</p>
      <h3>Answer</h3>
      ${refAnswer ? html`<div class="reply-text" lang="${reference}">${renderMarkdown(refAnswer)}</div>` : html`<p class="meta">No answer in ${LANGUAGE_NAMES[reference]}.</p>`}
      <h3>Questions</h3>
      <ul lang="${reference}">${(entry.questions[reference] ?? []).map((q) => html`<li>${q}</li>`)}</ul>
      ${entry.keywords?.[reference]?.length ? html`<h3>Keywords</h3><p lang="${reference}">${entry.keywords[reference]!.join(', ')}</p>` : ''}
    </details>
    <section class="card" aria-labelledby="edit-h">
      <h2 id="edit-h">${name} (editing)</h2>
      <label for="answer">Answer in ${name}</label>
      <p class="hint" id="answer-hint">Action first, short. **bold**, *italic*, [label](https://…), lines starting with "- " for lists; a blank line starts a new paragraph.</p>
      <textarea class="answer" id="answer" name="answer" lang="${language}" aria-describedby="answer-hint">${values.answer}</textarea>
      <label for="questions">Questions in ${name}, one per line</label>
      <p class="hint" id="questions-hint">Ways people ask, in their own words; at least 3.</p>
      <textarea id="questions" name="questions" lang="${language}" aria-describedby="questions-hint">${values.questions}</textarea>
      <label for="keywords">Keywords in ${name}, one per line (optional)</label>
      <textarea id="keywords" name="keywords" lang="${language}">${values.keywords}</textarea>
      ${language !== source
        ? html`<label class="check"><input type="checkbox" name="current" value="1"${values.confirmCurrent ? html` checked` : ''}> This translation matches the current ${LANGUAGE_NAMES[source]} text (changing the answer marks it so too)</label>`
        : html`<label class="check"><input type="checkbox" name="smallfix" value="1"${values.smallFix ? html` checked` : ''}> Small fix only (typo, formatting): the translations still match</label>`}
    </section>
  </div>
  <details class="card shared"${values.sources !== entry.sources.join('\n') || values.related !== entry.related.join('\n') ? html` open` : ''}>
    <summary><strong>Sources and related entries</strong> <span class="hint">(shared by all languages)</span></summary>
    <label for="sources">Official sources, one URL per line</label>
    <textarea id="sources" name="sources">${values.sources}</textarea>
    <label for="related">Related entries (follow-up buttons), one id per line</label>
    <textarea id="related" name="related">${values.related}</textarea>
  </details>
  ${placesFormSections({ entry, language, reference, names: LANGUAGE_NAMES, values: values.places, municipalities: view.municipalities, today: view.today })}
  <label class="check"><input type="checkbox" name="reviewed" value="1"${values.markReviewed ? html` checked` : ''}> I checked this entry against its sources: mark it reviewed today (${view.today})</label>
  <div class="actions">
    <button type="submit" name="action" value="preview">Preview</button>
    <button class="primary" type="submit" name="action" value="save">Save</button>
    <a href="/admin/entries">Back to entries</a>
  </div>
</form>
${previewPanel(view.preview)}`,
  );
}
