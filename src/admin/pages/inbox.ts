import { LANGUAGES } from '../../knowledge/languages';
import type { InboxStatus } from '../../storage/inbox-store';
import { html, type SafeHtml } from '../html';
import { dateTime } from '../http-util';
import type { InboxGroup } from '../inbox-groups';
import { LANGUAGE_NAMES } from './edit';
import { csrfField, layout, type Frame } from './layout';

export interface InboxView {
  status: InboxStatus;
  groups: readonly InboxGroup[];
  counts: Record<InboxStatus, number>;
  entryIds: readonly string[];
  retentionDays: number;
}

const day = (ms: number) => dateTime(ms).slice(0, 10);

function groupCard(frame: Frame, g: InboxGroup, n: number, actions: boolean): SafeHtml {
  const ids = g.items.map((i) => i.id).join(',');
  const range = day(g.firstAt) === day(g.lastAt) ? day(g.lastAt) : `${day(g.firstAt)} – ${day(g.lastAt)}`;
  return html`<article class="card" aria-labelledby="g${n}-text">
  <div class="group-head">
    <p class="group-text" id="g${n}-text" lang="${g.leader.language}">${g.leader.text}</p>
    <span class="meta">${g.items.length === 1 ? 'asked once' : `asked ${g.items.length} times`} · ${g.languages.join(', ')} · ${range}
      ${g.unanswered ? html` · ${g.unanswered} unanswered` : ''}${g.notHelpful ? html` · ${g.notHelpful} × 👎 after ${g.answeredWith.join(', ')}` : ''}</span>
  </div>
  ${g.items.length > 1
    ? html`<details><summary>All ${g.items.length} questions</summary><ul class="questions-list">${g.items.map(
        (i) => html`<li><span lang="${i.language}">${i.text}</span> <span class="meta">(${i.language}, ${dateTime(i.createdAt)}${i.reason === 'not-helpful' ? html`, 👎 after ${i.answerId ?? '?'}` : ''})</span></li>`,
      )}</ul></details>`
    : ''}
  ${actions
    ? html`<div class="group-actions">
    <form method="post" action="/admin/inbox/phrasing">
      ${csrfField(frame.csrf)}<input type="hidden" name="ids" value="${ids}">
      <label for="g${n}-phrase">Add as a new way of asking</label>
      <input type="text" id="g${n}-phrase" name="text" value="${g.leader.text}" maxlength="300" lang="${g.leader.language}">
      <div class="filters">
        <div><label for="g${n}-lang">Language</label><select id="g${n}-lang" name="language">${LANGUAGES.map((l) => html`<option value="${l}"${l === g.leader.language ? html` selected` : ''}>${LANGUAGE_NAMES[l]}</option>`)}</select></div>
        <div><label for="g${n}-entry">to entry${g.suggestion ? html` <span class="hint">(suggested: closest match)</span>` : ''}</label><input type="text" id="g${n}-entry" name="entry" list="entry-ids" value="${g.suggestion ?? ''}" required autocapitalize="none" spellcheck="false"></div>
      </div>
      <div class="actions"><button class="primary" type="submit">Add as phrasing</button></div>
    </form>
    <div class="actions"><a class="button" href="/admin/entries/new?from=${ids}">Start a new entry</a></div>
    <form method="post" action="/admin/inbox/dismiss" class="actions">${csrfField(frame.csrf)}<input type="hidden" name="ids" value="${ids}"><button class="danger" type="submit">Dismiss</button></form>
  </div>`
    : ''}
</article>`;
}

export function inboxPage(frame: Frame, view: InboxView): SafeHtml {
  const tab = (status: InboxStatus, label: string) =>
    html`<li><a href="/admin/inbox?status=${status}"${status === view.status ? html` aria-current="page"` : ''}>${label} <span class="badge badge-role">${view.counts[status]}</span></a></li>`;
  return layout(
    'Inbox',
    { ...frame, active: 'inbox' },
    html`<h1>Unanswered questions</h1>
<p class="lead">Questions the bot could not answer, or answered and got 👎. Personal data (phone numbers, e-mail addresses, IBANs, document and BSN-like numbers, dates) is removed before they are stored. Questions are deleted automatically after ${view.retentionDays} days.</p>
<nav aria-label="Inbox status"><ul class="tabs">${tab('open', 'Open')}${tab('added', 'Added')}${tab('dismissed', 'Dismissed')}</ul></nav>
<datalist id="entry-ids">${view.entryIds.map((id) => html`<option value="${id}"></option>`)}</datalist>
${view.groups.length === 0 ? html`<p>Nothing here.</p>` : ''}
<div class="groups">${view.groups.map((g, n) => groupCard(frame, g, n, view.status === 'open'))}</div>`,
  );
}
