/**
 * The volunteers' pages under /admin: server-rendered HTML and plain forms, no script. Built from the
 * parts of the running application it needs; every route is declared with its least role in routes.ts.
 */
import { createHash } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { UserStore } from './users';
import { SessionStore } from './sessions';
import { KnowledgeEditor } from './knowledge-editor';
import { removeStaleTempFiles } from './atomic-write';
import { ADMIN_CSS } from './admin-css';
import { ADMIN_ROUTES, type RouteKey } from './routes';
import { authHandlers, guard, overHttps } from './auth';
import { seeOther, sendPage } from './http-util';
import type { AdminDeps, AdminServices, Handler, SignedInHandler } from './context';
import { entryListHandler } from './handlers/entry-list';
import { entryEditHandlers } from './handlers/entry-edit';
import { newEntryHandlers } from './handlers/entry-new';
import { entryHistoryHandlers } from './handlers/entry-history';
import { inboxHandlers } from './handlers/inbox';
import { reviewHandlers } from './handlers/review';
import { userHandlers } from './handlers/users';
import { auditHandlers } from './handlers/audit';
import { messagePage } from './pages/users';

export type { AdminDeps } from './context';
export { ADMIN_ROUTES } from './routes';

const CSS_ETAG = `"${createHash('sha256').update(ADMIN_CSS).digest('base64url').slice(0, 16)}"`;

/** Only signed-in handlers get here (the guard turns everyone else away first). */
const signedIn =
  (handler: SignedInHandler): Handler =>
  (req, res, visitor) => {
    if (!visitor) throw new Error('admin: a signed-in route ran without a visitor');
    return handler(req, res, visitor);
  };

export function createAdminRouter(deps: AdminDeps): Router {
  const now = () => deps.now?.() ?? new Date();
  const { audit, pending } = deps.stores;
  const services: AdminServices = {
    deps,
    inbox: deps.stores.inbox,
    feedback: deps.stores.feedback,
    users: new UserStore(deps.stores.users, () => now().getTime(), deps.passwordCost),
    sessions: new SessionStore(deps.stores.sessions, () => now().getTime()),
    audit,
    pending,
    editor: new KnowledgeEditor({
      knowledge: deps.knowledge,
      audit,
      pending,
      inbox: deps.stores.inbox,
      requireReview: deps.requireReview,
      now,
      ...(deps.knowledgeLock ? { lock: deps.knowledgeLock } : {}),
    }),
    now,
  };
  removeStaleTempFiles(deps.knowledge.dir).then(
    (removed) => removed.length && deps.logger.warn({ removed: removed.length }, 'admin: removed temporary files an interrupted save left behind'),
    () => undefined,
  );

  const auth = authHandlers(services);
  const entryList = entryListHandler(services);
  const entryEdit = entryEditHandlers(services);
  const newEntry = newEntryHandlers(services);
  const entryHistory = entryHistoryHandlers(services);
  const inbox = inboxHandlers(services);
  const review = reviewHandlers(services);
  const users = userHandlers(services);
  const auditPages = auditHandlers(services);

  const handlers: Record<RouteKey, Handler> = {
    'GET /admin.css': (req, res) => {
      res.set({ 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache', ETag: CSS_ETAG });
      if (req.headers['if-none-match'] === CSS_ETAG) res.status(304).end();
      else res.send(ADMIN_CSS);
    },
    'GET /login': auth.getLogin,
    'POST /login': auth.postLogin,
    'POST /logout': auth.postLogout,
    'GET /': (_req, res) => seeOther(res, '/admin/entries'),
    'GET /entries': signedIn(entryList),
    'GET /entries/new': signedIn(newEntry.form),
    'POST /entries/new': signedIn(newEntry.create),
    'GET /entries/:id': signedIn(entryEdit.show),
    'POST /entries/:id': signedIn(entryEdit.save),
    'GET /entries/:id/history': signedIn(entryHistory.show),
    'POST /entries/:id/restore': signedIn(entryHistory.restore),
    'GET /inbox': signedIn(inbox.show),
    'POST /inbox/phrasing': signedIn(inbox.addPhrasing),
    'POST /inbox/dismiss': signedIn(inbox.dismiss),
    'GET /review': signedIn(review.show),
    'POST /review/:id/approve': signedIn(review.approve),
    'POST /review/:id/reject': signedIn(review.reject),
    'GET /audit': signedIn(auditPages.show),
    'GET /users': signedIn(users.show),
    'POST /users': signedIn(users.create),
    'POST /users/:id': signedIn(users.update),
  };

  const router = Router();
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'same-origin' },
      // Sent below, per request: only what came over HTTPS may tell the browser to insist on it.
      strictTransportSecurity: false,
    }),
  );
  router.use((req, res, next) => {
    res.set('X-Robots-Tag', 'noindex, nofollow');
    if (overHttps(services, req)) res.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });
  // An entry's edit form has three fields per local part (text, sources, checked): room for every municipality.
  const form = express.urlencoded({ extended: false, limit: '300kb', parameterLimit: 1500 });

  for (const route of ADMIN_ROUTES) {
    const handler = guard(services, route.method, route.access, handlers[`${route.method} ${route.path}` as RouteKey]);
    if (route.method === 'GET') router.get(route.path, handler);
    else router.post(route.path, form, handler);
  }

  router.use((_req: Request, res: Response) => {
    sendPage(res, 404, messagePage({}, 'Not found', 'There is no such page.', { href: '/admin/entries', label: 'Entries' }));
  });
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (res.headersSent) return;
    if (e.type === 'entity.too.large' || e.status === 413) {
      sendPage(res, 413, messagePage({}, 'Too long', 'The form is too large to save. Shorten the text and try again.'));
    } else if (e.status === 400 || e.type === 'entity.parse.failed' || e.type === 'parameters.too.many') {
      sendPage(res, 400, messagePage({}, 'Bad request', 'The form could not be read. Reload the page and try again.'));
    } else {
      deps.logger.error({ err }, 'admin: request failed');
      sendPage(res, 500, messagePage({}, 'Something went wrong', 'Nothing was saved. Try again; if it keeps failing, tell the person who runs Prykhystok.'));
    }
  });
  return router;
}
