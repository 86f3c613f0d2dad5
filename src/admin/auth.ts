/**
 * Signing in and out, and the guard every route passes: session (idle timeout), role, and for forms the
 * CSRF token of the session. The session cookie is HttpOnly, SameSite=Strict, Secure over HTTPS, and a
 * new session id is issued at every sign-in.
 */
import type { NextFunction, Request, Response } from 'express';
import { field, parseCookies, cookie, query, safeNext, seeOther, sendPage } from './http-util';
import { randomToken, sameToken } from './sessions';
import { allows } from './roles';
import type { Access } from './routes';
import type { AdminServices, Handler, Visitor } from './context';
import { loginPage } from './pages/login';
import { messagePage } from './pages/users';

export const FAILED_SIGN_IN = 'Sign-in failed. Check your name and password. After several failed attempts an account is locked for a while.';

function cookieNames(secure: boolean) {
  // The __Secure- prefix makes browsers refuse the cookie unless it came over HTTPS with Secure.
  const prefix = secure ? '__Secure-' : '';
  return { session: `${prefix}prykhystok_admin`, login: `${prefix}prykhystok_login` };
}

/**
 * Whether this request came over HTTPS: always when PUBLIC_URL says so; otherwise as the request says,
 * which express reads from X-Forwarded-Proto only when it comes from a proxy TRUST_PROXY names. (Taken
 * from configuration alone, TRUST_PROXY made every cookie Secure, and a proxy serving plain http
 * could never sign anyone in.)
 */
export function overHttps(services: AdminServices, req: Request): boolean {
  return services.deps.secureCookies || req.secure;
}

async function visitorOf(services: AdminServices, req: Request): Promise<Visitor | undefined> {
  const names = cookieNames(overHttps(services, req));
  const token = parseCookies(req.headers.cookie).get(names.session);
  const session = await services.sessions.use(token);
  if (!session || !token) return undefined;
  const user = await services.users.get(session.userId);
  if (!user || user.disabled) {
    await services.sessions.destroy(token);
    return undefined;
  }
  return { user, session, token };
}

/** Wraps a handler with the checks its route's access level asks for. */
export function guard(services: AdminServices, method: 'GET' | 'POST', access: Access, handler: Handler) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const visitor = await visitorOf(services, req);
      if (access === 'public') {
        await handler(req, res, visitor);
        return;
      }
      if (!visitor) {
        if (method === 'GET') {
          seeOther(res, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
        } else {
          sendPage(res, 401, messagePage({}, 'Please sign in again', 'Your session has ended (after 30 minutes without activity, or when you signed out). Nothing was saved.', { href: '/admin/login', label: 'Sign in' }));
        }
        return;
      }
      if (!allows(visitor.user.role, access)) {
        sendPage(res, 403, messagePage({ user: visitor.user, csrf: visitor.session.csrf }, 'Not allowed', `This needs the ${access} role; your account is ${visitor.user.role}. Ask an admin if you need it.`));
        return;
      }
      if (method === 'POST' && !sameToken(field(req, '_csrf'), visitor.session.csrf)) {
        sendPage(res, 403, messagePage({ user: visitor.user, csrf: visitor.session.csrf }, 'The form has expired', 'Nothing was saved. Go back, reload the page and try again.'));
        return;
      }
      await handler(req, res, visitor);
    } catch (err) {
      next(err);
    }
  };
}

export function authHandlers(services: AdminServices) {
  const showLogin = (req: Request, res: Response, status: number, options: { next: string; name?: string; error?: string }) => {
    const secure = overHttps(services, req);
    const loginToken = randomToken();
    res.append('Set-Cookie', cookie(cookieNames(secure).login, loginToken, { secure, maxAgeSeconds: 3600 }));
    sendPage(res, status, loginPage({ loginToken, ...options }));
  };

  const getLogin: Handler = (req, res, visitor) => {
    const next = safeNext(query(req, 'next'));
    if (visitor) return seeOther(res, next);
    showLogin(req, res, 200, { next });
  };

  const postLogin: Handler = async (req, res) => {
    const secure = overHttps(services, req);
    const names = cookieNames(secure);
    const next = safeNext(field(req, 'next'));
    const name = field(req, 'name').trim().slice(0, 100);
    const expected = parseCookies(req.headers.cookie).get(names.login);
    if (!sameToken(field(req, '_login'), expected)) {
      showLogin(req, res, 403, { next, name, error: 'The sign-in form had expired. Please try again.' });
      return;
    }
    const user = await services.users.authenticate(name, field(req, 'password'));
    if (!user) {
      services.deps.logger.info({ event: 'admin-sign-in-failed' }, 'admin: a sign-in failed');
      showLogin(req, res, 401, { next, name, error: FAILED_SIGN_IN });
      return;
    }
    // A fresh session id: whatever id the browser had before (planted or old) is worthless now.
    await services.sessions.destroy(parseCookies(req.headers.cookie).get(names.session));
    const token = await services.sessions.create(user.id);
    res.append('Set-Cookie', cookie(names.session, token, { secure }));
    res.append('Set-Cookie', cookie(names.login, '', { secure, maxAgeSeconds: 0 }));
    services.deps.logger.info({ user: user.name, role: user.role }, 'admin: signed in');
    seeOther(res, next);
  };

  const postLogout: Handler = async (req, res, visitor) => {
    const secure = overHttps(services, req);
    await services.sessions.destroy(visitor?.token);
    res.append('Set-Cookie', cookie(cookieNames(secure).session, '', { secure, maxAgeSeconds: 0 }));
    seeOther(res, '/admin/login');
  };

  return { getLogin, postLogin, postLogout };
}
