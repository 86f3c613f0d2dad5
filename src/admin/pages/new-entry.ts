import { LANGUAGES, type Language } from '../../knowledge/languages';
import { TOPICS } from '../../knowledge/schema';
import { html, type SafeHtml } from '../html';
import type { PreviewInput } from '../preview';
import { LANGUAGE_NAMES, previewPanel } from './edit';
import { csrfField, errorBox, layout, type Frame } from './layout';

export interface NewEntryValues {
  topic: string;
  slug: string;
  sources: string;
  related: string;
  questions: Record<Language, string>;
  keywords: Record<Language, string>;
  answer: Record<Language, string>;
  from: string;
}

export function emptyNewEntry(): NewEntryValues {
  const none = () => ({ uk: '', ru: '', nl: '', en: '' });
  return { topic: '', slug: '', sources: '', related: '', questions: none(), keywords: none(), answer: none(), from: '' };
}

export function newEntryPage(frame: Frame, values: NewEntryValues, options: { previews?: PreviewInput[]; error?: { title: string; items: Array<string | SafeHtml> }; fromQuestions?: string[] }): SafeHtml {
  return layout(
    'New entry',
    { ...frame, active: 'entries' },
    html`<h1>New entry</h1>
<p class="lead">Write the answer in at least one language, with at least 3 ways of asking in each language you fill in. Other volunteers can add the translations later.</p>
${options.fromQuestions?.length ? html`<div class="flash flash-ok" role="status">Started from ${options.fromQuestions.length === 1 ? 'a question' : `${options.fromQuestions.length} questions`} in the inbox; they are marked as handled when you save.</div>` : ''}
${options.error ? errorBox(options.error.title, options.error.items) : ''}
<form method="post" action="/admin/entries/new">
  ${csrfField(frame.csrf)}
  <input type="hidden" name="from" value="${values.from}">
  <div class="card">
    <label for="topic">Topic</label>
    <select id="topic" name="topic" required>
      <option value="">Choose a topic</option>
      ${TOPICS.map((t) => html`<option value="${t}"${t === values.topic ? html` selected` : ''}>${t}</option>`)}
    </select>
    <label for="slug">Short name (becomes the id topic.short-name)</label>
    <p class="hint" id="slug-hint">Lower-case letters, digits and dashes, e.g. driving-licence.</p>
    <input type="text" id="slug" name="slug" pattern="[a-z0-9]+(-[a-z0-9]+)*" aria-describedby="slug-hint" required value="${values.slug}" autocapitalize="none" spellcheck="false">
    <label for="sources">Official sources, one URL per line</label>
    <textarea id="sources" name="sources">${values.sources}</textarea>
    <label for="related">Related entries, one id per line (optional)</label>
    <textarea id="related" name="related">${values.related}</textarea>
  </div>
  ${LANGUAGES.map(
    (l) => html`<fieldset class="card">
    <legend><strong>${LANGUAGE_NAMES[l]}</strong> <span lang="${l}">(${l})</span></legend>
    <label for="answer_${l}">Answer in ${LANGUAGE_NAMES[l]}</label>
    <textarea class="answer" id="answer_${l}" name="answer_${l}" lang="${l}">${values.answer[l]}</textarea>
    <label for="questions_${l}">Questions in ${LANGUAGE_NAMES[l]}, one per line</label>
    <textarea id="questions_${l}" name="questions_${l}" lang="${l}">${values.questions[l]}</textarea>
    <label for="keywords_${l}">Keywords in ${LANGUAGE_NAMES[l]}, one per line (optional)</label>
    <textarea id="keywords_${l}" name="keywords_${l}" lang="${l}">${values.keywords[l]}</textarea>
  </fieldset>`,
  )}
  <div class="actions">
    <button type="submit" name="action" value="preview">Preview</button>
    <button class="primary" type="submit" name="action" value="save">Create entry</button>
    <a href="/admin/entries">Cancel</a>
  </div>
</form>
${(options.previews ?? []).map((p) => previewPanel(p))}`,
  );
}
