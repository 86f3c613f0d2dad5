import { LANGUAGES, type Language } from '../../knowledge/languages';
import type { KnowledgeEntry } from '../../knowledge/schema';
import { TOPICS } from '../../knowledge/schema';
import { html, type SafeHtml } from '../html';
import { statusLine, type TranslationStatus } from '../translation-status';
import { layout, type Frame } from './layout';

export interface EntryRow {
  entry: KnowledgeEntry;
  statuses: Record<Language, TranslationStatus>;
  stale: boolean;
  helpful: number;
  notHelpful: number;
  pending: boolean;
}

export interface EntryFilters {
  topic: string;
  language: string;
  stale: boolean;
  missing: boolean;
  q: string;
}

const STATUS_LABEL: Record<TranslationStatus, string> = { ok: 'ok', missing: 'missing', changed: 'changed' };

export function statusBadge(entry: KnowledgeEntry, language: Language, status: TranslationStatus): SafeHtml {
  return html`<span class="badge badge-${status}" title="${language}: ${statusLine(entry, language)}">${STATUS_LABEL[status]}</span>`;
}

function headline(entry: KnowledgeEntry): string {
  return entry.questions.en?.[0] ?? entry.questions.nl?.[0] ?? entry.questions.uk?.[0] ?? '';
}

export function entriesPage(frame: Frame, rows: readonly EntryRow[], total: number, filters: EntryFilters, staleDays: number): SafeHtml {
  const option = (value: string, label: string, selected: string) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
  return layout(
    'Entries',
    { ...frame, active: 'entries' },
    html`<h1>Entries</h1>
<p class="lead">Every answer the bot can give, with the state of each translation. Open an entry to edit it side by side with the Dutch or English text.</p>
<form class="card filters" method="get" action="/admin/entries" role="search" aria-label="Filter entries">
  <div><label for="f-q">Text or id</label><input type="search" id="f-q" name="q" value="${filters.q}"></div>
  <div><label for="f-topic">Topic</label><select id="f-topic" name="topic">${option('', 'All topics', filters.topic)}${TOPICS.map((t) => option(t, t, filters.topic))}</select></div>
  <div><label for="f-lang">Language</label><select id="f-lang" name="lang">${option('', 'All languages', filters.language)}${LANGUAGES.map((l) => option(l, l, filters.language))}</select></div>
  <div>
    <label class="check"><input type="checkbox" name="missing" value="1"${filters.missing ? html` checked` : ''}> Translation missing or out of date</label>
    <label class="check"><input type="checkbox" name="stale" value="1"${filters.stale ? html` checked` : ''}> Not reviewed for ${staleDays} days</label>
  </div>
  <div class="actions"><button type="submit">Filter</button> <a href="/admin/entries">Clear</a> <a class="button" href="/admin/entries/new">New entry</a></div>
</form>
<p class="meta" role="status">${rows.length} of ${total} entries</p>
<div class="table-wrap"><table>
  <caption class="visually-hidden">Entries with translation status per language, review date and feedback</caption>
  <thead><tr><th scope="col">Entry</th><th scope="col">Reviewed</th>${LANGUAGES.map((l) => html`<th scope="col">${l}</th>`)}<th scope="col"><span aria-hidden="true">👍</span><span class="visually-hidden">helpful</span></th><th scope="col"><span aria-hidden="true">👎</span><span class="visually-hidden">not helpful</span></th></tr></thead>
  <tbody>
  ${rows.map(
    (r) => html`<tr>
    <td><a class="entry-id" href="/admin/entries/${r.entry.id}${filters.language ? `?lang=${filters.language}` : ''}">${r.entry.id}</a>${r.pending ? html` <span class="badge badge-pending">waiting for review</span>` : ''}<span class="entry-question">${headline(r.entry)}</span></td>
    <td class="date">${r.entry.reviewed}${r.stale ? html` <span class="badge badge-stale">stale</span>` : ''}</td>
    ${LANGUAGES.map((l) => html`<td>${statusBadge(r.entry, l, r.statuses[l])}</td>`)}
    <td class="num">${r.helpful}</td><td class="num">${r.notHelpful}</td>
  </tr>`,
  )}
  </tbody>
</table></div>`,
  );
}
