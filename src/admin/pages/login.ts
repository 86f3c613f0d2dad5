import { html } from '../html';
import { layout } from './layout';

export function loginPage(options: { loginToken: string; next: string; name?: string; error?: string }) {
  return layout(
    'Sign in',
    {},
    html`<div class="login card">
  <h1>Sign in</h1>
  ${options.error ? html`<div class="flash flash-error" role="alert">${options.error}</div>` : ''}
  <form method="post" action="/admin/login">
    <input type="hidden" name="_login" value="${options.loginToken}">
    <input type="hidden" name="next" value="${options.next}">
    <label for="name">Name</label>
    <input type="text" id="name" name="name" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${options.name ?? ''}" autofocus>
    <label for="password">Password</label>
    <input type="password" id="password" name="password" autocomplete="current-password" required>
    <div class="actions"><button class="primary" type="submit">Sign in</button></div>
  </form>
  <p class="hint">Accounts are made by the person who runs Prykhystok (<code>npm run admin -- create-user</code>).</p>
</div>`,
  );
}
