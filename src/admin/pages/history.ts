import { html, type SafeHtml } from '../html';
import { dateTime } from '../http-util';
import type { AuditRecord } from '../audit-log';
import { csrfField, layout, type Frame } from './layout';

export function diffBlock(diff: string): SafeHtml {
  if (!diff) return html`<p class="meta">No difference.</p>`;
  return html`<pre class="diff">${diff
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => {
      const kind = line.startsWith('@@') ? 'hunk' : line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del' : '';
      return html`<span class="${kind}">${line}</span>`;
    })}</pre>`;
}

export function auditMeta(r: AuditRecord): SafeHtml {
  return html`<strong>${dateTime(r.at)}</strong> · ${r.action} by ${r.userName}${r.approvedBy ? html`, approved by ${r.approvedBy}` : ''} · <span class="meta">${r.summary}</span>`;
}

export function historyPage(frame: Frame, id: string, current: { source: string; version: string } | undefined, records: readonly AuditRecord[]): SafeHtml {
  const version = current?.version;
  const restore = (r: AuditRecord, which: 'after' | 'before', label: string) =>
    version
      ? html`<form class="inline" method="post" action="/admin/entries/${id}/restore">${csrfField(frame.csrf)}<input type="hidden" name="audit" value="${r.id}"><input type="hidden" name="which" value="${which}"><input type="hidden" name="version" value="${version}"><button type="submit">${label}</button></form>`
      : '';
  return layout(
    `History of ${id}`,
    { ...frame, active: 'entries' },
    html`<h1>History of ${id}</h1>
<p class="lead"><a href="/admin/entries/${id}">Back to the entry</a>. Every change made here, newest first. Restoring an earlier version is a change like any other: it is validated, logged, and live at once (or waits for review).</p>
${records.length === 0 ? html`<p>No changes through the admin yet: the file is as it was written by hand.</p>` : ''}
<ol class="groups" reversed>
${records.map(
  (r, i) => html`<li class="card">
  <p>${auditMeta(r)}</p>
  <details><summary>What changed</summary>${diffBlock(r.diff)}</details>
  <div class="actions">
    ${r.after === current?.source ? html`<span class="meta">This is the current version.</span>` : restore(r, 'after', 'Restore this version')}
    ${i === records.length - 1 && r.before !== null && r.before !== current?.source ? restore(r, 'before', 'Restore the version before this change') : ''}
  </div>
</li>`,
)}
</ol>`,
  );
}
