import { html, type SafeHtml } from '../html';
import { dateTime } from '../http-util';
import type { PendingChange } from '../pending-store';
import { diffBlock } from './history';
import { csrfField, layout, type Frame } from './layout';

export interface ReviewItem {
  change: PendingChange;
  diff: string;
  /** False when the entry changed after the change was made: approving will be refused. */
  current: boolean;
}

export function reviewPage(frame: Frame, items: readonly ReviewItem[]): SafeHtml {
  return layout(
    'Review',
    { ...frame, active: 'review' },
    html`<h1>Changes waiting for review</h1>
<p class="lead">This deployment asks a reviewer to approve editors' changes before the bot uses them.</p>
${items.length === 0 ? html`<p>Nothing is waiting.</p>` : ''}
<div class="groups">${items.map(
      ({ change, diff, current }) => html`<article class="card">
  <h2><a href="/admin/entries/${change.entryId}">${change.entryId}</a></h2>
  <p>${change.action} by ${change.createdBy}, ${dateTime(change.createdAt)} · <span class="meta">${change.summary}</span></p>
  ${current ? '' : html`<div class="flash flash-warn">The entry changed after this was proposed. Approving it would overwrite that change, so it will be refused: reject it and ask ${change.createdBy} to make it again.</div>`}
  ${diffBlock(diff)}
  <div class="actions">
    <form class="inline" method="post" action="/admin/review/${change.id}/approve">${csrfField(frame.csrf)}<button class="primary" type="submit">Approve and publish</button></form>
    <form class="inline" method="post" action="/admin/review/${change.id}/reject">${csrfField(frame.csrf)}<button class="danger" type="submit">Reject</button></form>
  </div>
</article>`,
    )}</div>`,
  );
}
