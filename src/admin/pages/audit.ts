import { html, type SafeHtml } from '../html';
import type { AuditRecord } from '../audit-log';
import { auditMeta, diffBlock } from './history';
import { layout, type Frame } from './layout';

export function auditPage(frame: Frame, records: readonly AuditRecord[], page: { offset: number; size: number; total: number }): SafeHtml {
  const next = page.offset + page.size < page.total ? page.offset + page.size : undefined;
  return layout(
    'Audit log',
    { ...frame, active: 'audit' },
    html`<h1>Audit log</h1>
<p class="lead">Every change to the knowledge base made through these pages (${page.total} in all), newest first.</p>
<div class="groups">${records.map(
      (r) => html`<article class="card"><p><a href="/admin/entries/${r.entryId}/history">${r.entryId}</a> · ${auditMeta(r)}</p><details><summary>Diff</summary>${diffBlock(r.diff)}</details></article>`,
    )}</div>
<div class="actions">
  ${page.offset > 0 ? html`<a class="button" href="/admin/audit?offset=${Math.max(0, page.offset - page.size)}">Newer</a>` : ''}
  ${next !== undefined ? html`<a class="button" href="/admin/audit?offset=${next}">Older</a>` : ''}
</div>`,
  );
}
