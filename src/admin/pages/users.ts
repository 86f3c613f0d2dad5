import { html, type SafeHtml } from '../html';
import { dateTime } from '../http-util';
import { ROLES } from '../roles';
import type { AdminUser } from '../users';
import { MIN_PASSWORD_LENGTH } from '../passwords';
import { csrfField, errorBox, layout, type Frame } from './layout';

export function usersPage(frame: Frame, users: readonly AdminUser[], now: number, error?: string): SafeHtml {
  return layout(
    'Users',
    { ...frame, active: 'users' },
    html`<h1>Volunteers' accounts</h1>
${error ? errorBox(error) : ''}
<div class="table-wrap"><table>
<thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Last sign-in</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
<tbody>${users.map(
      (u) => html`<tr>
  <td>${u.name}</td><td><span class="badge badge-role">${u.role}</span></td>
  <td>${u.lastLoginAt ? dateTime(u.lastLoginAt) : 'never'}</td>
  <td>${u.disabled ? 'disabled' : u.lockedUntil > now ? html`<span class="badge badge-stale">locked until ${dateTime(u.lockedUntil)}</span>` : 'active'}</td>
  <td>${u.id === frame.user?.id
        ? html`<span class="meta">you</span>`
        : html`<form class="actions" method="post" action="/admin/users/${u.id}">${csrfField(frame.csrf)}
      <label class="visually-hidden" for="role-${u.id}">Role of ${u.name}</label>
      <select id="role-${u.id}" name="role">${ROLES.map((r) => html`<option value="${r}"${r === u.role ? html` selected` : ''}>${r}</option>`)}</select>
      <button type="submit" name="action" value="role">Set role</button>
      ${u.lockedUntil > now ? html`<button type="submit" name="action" value="unlock">Unlock</button>` : ''}
      ${u.disabled ? html`<button type="submit" name="action" value="enable">Enable</button>` : html`<button class="danger" type="submit" name="action" value="disable">Disable</button>`}
    </form>`}</td>
</tr>`,
    )}</tbody></table></div>
<form class="card" method="post" action="/admin/users">
  <h2>New account</h2>
  ${csrfField(frame.csrf)}
  <label for="u-name">Name</label><input type="text" id="u-name" name="name" required autocomplete="off">
  <label for="u-role">Role</label><select id="u-role" name="role">${ROLES.map((r) => html`<option value="${r}">${r}</option>`)}</select>
  <label for="u-password">First password (at least ${MIN_PASSWORD_LENGTH} characters; tell it in person)</label>
  <input type="password" id="u-password" name="password" required minlength="${MIN_PASSWORD_LENGTH}" autocomplete="new-password">
  <div class="actions"><button class="primary" type="submit">Create account</button></div>
</form>`,
  );
}

export function messagePage(frame: Frame, title: string, message: string, link?: { href: string; label: string }): SafeHtml {
  return layout(title, frame, html`<h1>${title}</h1><p>${message}</p>${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : ''}`);
}
