/** The frame of every admin page: header with the sections the person's role may open, flash, main. */
import { html, type SafeHtml } from '../html';
import { allows } from '../roles';
import type { AdminUser } from '../users';

export interface Frame {
  user?: AdminUser;
  csrf?: string;
  /** One-time message from the previous action; "!" first means a warning. */
  flash?: string | null;
  active?: 'entries' | 'inbox' | 'review' | 'audit' | 'users';
  counts?: { inbox?: number; review?: number };
}

function flashBox(message: string | null | undefined): SafeHtml {
  if (!message) return html``;
  const warn = message.startsWith('!');
  return html`<div class="flash ${warn ? 'flash-warn' : 'flash-ok'}" role="status">${warn ? message.slice(1) : message}</div>`;
}

export function errorBox(title: string, items: ReadonlyArray<string | SafeHtml> = []): SafeHtml {
  return html`<div class="flash flash-error" role="alert"><strong>${title}</strong>${items.length ? html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>` : ''}</div>`;
}

export function csrfField(csrf: string | undefined): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf ?? ''}">`;
}

function navLink(href: string, label: string, current: boolean, count?: number): SafeHtml {
  return html`<li><a href="${href}"${current ? html` aria-current="page"` : ''}>${label}${count ? html`<span class="count">${count}</span>` : ''}</a></li>`;
}

export function layout(title: string, frame: Frame, body: SafeHtml): SafeHtml {
  const { user } = frame;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<meta name="robots" content="noindex">
<title>${title} — Prykhystok volunteers</title>
<link rel="stylesheet" href="/admin/admin.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="top"><div class="top-inner">
  <a class="brand" href="/admin/entries">Prykhystok · volunteers</a>
  ${user
    ? html`<nav aria-label="Sections"><ul class="nav">
        ${navLink('/admin/entries', 'Entries', frame.active === 'entries')}
        ${navLink('/admin/inbox', 'Inbox', frame.active === 'inbox', frame.counts?.inbox)}
        ${allows(user.role, 'reviewer') ? navLink('/admin/review', 'Review', frame.active === 'review', frame.counts?.review) : ''}
        ${allows(user.role, 'admin') ? navLink('/admin/audit', 'Audit log', frame.active === 'audit') : ''}
        ${allows(user.role, 'admin') ? navLink('/admin/users', 'Users', frame.active === 'users') : ''}
        <li><form method="post" action="/admin/logout">${csrfField(frame.csrf)}<button type="submit">Sign out <span class="who">(${user.name}, ${user.role})</span></button></form></li>
      </ul></nav>`
    : ''}
</div></header>
<main id="main" tabindex="-1">
${flashBox(frame.flash)}
${body}
</main>
</body>
</html>`;
}
