/**
 * The HTTP app: one express app for every channel's receiver, the web chat page, health, metrics and
 * (later) the volunteers' pages. Webhook receivers read their own raw bodies, so no body parser runs
 * globally. Bad input gets a clear status and JSON, never a stack trace.
 */
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import helmet from 'helmet';
import { fixedHeaders } from './fixed-headers';
import { LANGUAGES, type Language } from './knowledge/languages';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { Health } from './health';
import type { RateLimiter } from './rate-limiter';
import { renderPrivacyPage } from './web/privacy-page';
import { isOperator } from './operator-access';

export interface ServerDeps {
  logger: Logger;
  metrics: Metrics;
  health: Health;
  ipLimiter: RateLimiter;
  /** Per-address limit for messenger webhooks: higher, as one platform address carries many people. */
  webhookLimiter: RateLimiter;
  trustProxy: boolean | number | string;
  /** Opens /metrics and the details of /healthz to `Authorization: Bearer <token>`; without it /metrics is off. */
  metricsToken?: string;
  staticDir: string;
  /** The bot's fixed text in a language. */
  text(key: string, language: Language): string;
  /** Routers mounted before anything reads the body (webhooks). */
  webhooks: Router[];
  /** Routers for the web chat API (they parse their own JSON with a size limit). */
  api: Router[];
  /** Pages built on the server for people (the counter card), under the chat page's CSP. */
  pages?: Router[];
  /** Routers for the volunteers' pages, under /admin. */
  admin?: Router;
}

const WEBHOOK_PREFIXES = ['/telegram', '/whatsapp', '/viber'];

/** The web chat may be embedded by a municipality's or NGO's site; everything else may not be framed. */
const chatCsp = fixedHeaders(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        frameAncestors: ['*'],
      },
    },
    frameguard: false,
    crossOriginEmbedderPolicy: false,
  }),
);

function pickLanguage(req: Request): Language {
  const q = typeof req.query.language === 'string' ? req.query.language : typeof req.query.lang === 'string' ? req.query.lang : undefined;
  if (q && (LANGUAGES as readonly string[]).includes(q)) return q as Language;
  const accepted = req.acceptsLanguages(...LANGUAGES);
  return typeof accepted === 'string' ? (accepted as Language) : 'uk';
}

export function createHttpApp(deps: ServerDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // API replies are never cached; hashing every body for an ETag is wasted work. (Static files keep theirs.)
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy);

  app.use((req, res, next) => {
    res.on('finish', () => {
      // Only our own route patterns become labels, never the requested path: a path is anyone's input
      // (it may carry a phone number), and each new label would be a new series kept in memory for good.
      const pattern: unknown = req.route?.path;
      const route = req.path.startsWith('/admin')
        ? '/admin'
        : pattern !== undefined
          ? String(pattern)
          : res.statusCode === 404
            ? 'unmatched'
            : res.statusCode < 400
              ? 'static'
              : 'other';
      deps.metrics.httpRequests.inc({ route: route.slice(0, 40), status: `${Math.floor(res.statusCode / 100)}xx` });
    });
    next();
  });

  const limited = (limiter: RateLimiter, where: string) => (req: Request, res: Response, next: NextFunction) => {
    const decision = limiter.hit(`ip:${req.ip ?? 'unknown'}`);
    if (decision.allowed) return next();
    deps.metrics.rateLimited.inc({ where });
    res.status(429).set('Retry-After', String(decision.retryAfterSeconds)).json({ error: deps.text('errors.tooFast', pickLanguage(req)) });
  };

  // Webhooks first: they verify signatures over the raw bytes, so nothing may read the body before them.
  app.use(WEBHOOK_PREFIXES, limited(deps.webhookLimiter, 'webhook-ip'));
  for (const router of deps.webhooks) app.use(router);

  // Outside the rate limit, so a flood cannot make a load balancer take the bot out. The public gets the
  // status alone: error strings, file problems and memory figures are for the operator.
  app.get('/healthz', (req, res) => {
    const report = deps.health.report();
    res
      .status(report.status === 'ok' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(isOperator(req.headers.authorization, deps.metricsToken) ? report : { status: report.status });
  });

  // The operator's scrapes are never rate-limited; anyone else's tries are, below.
  app.get('/metrics', async (req, res, next) => {
    if (!isOperator(req.headers.authorization, deps.metricsToken)) return next();
    const text = await deps.metrics.render();
    res.set('Content-Type', deps.metrics.contentType).set('Cache-Control', 'no-store').send(text);
  });

  // Everything people and browsers reach directly is limited per address.
  app.use(limited(deps.ipLimiter, 'ip'));

  app.get('/metrics', (_req, res) => {
    if (!deps.metricsToken) return void res.status(404).type('text/plain').send('Not found');
    res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').type('text/plain').send('Unauthorized');
  });

  if (deps.admin) app.use('/admin', deps.admin);

  app.use(chatCsp);
  for (const router of deps.api) app.use(router);
  for (const router of deps.pages ?? []) app.use(router);
  app.get('/privacy', (req, res) => {
    const language = pickLanguage(req);
    const text = (key: string) => deps.text(key, language);
    res.type('html').send(
      renderPrivacyPage(language, { notice: text('privacy.text'), title: text('web.privacyLink'), backToChat: text('web.backToChat'), appName: text('web.appName') }),
    );
  });
  app.use(express.static(deps.staticDir, { index: 'index.html', maxAge: '1h', fallthrough: true }));

  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });

  // Body parser and other errors: a clear status and message, never a stack trace.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number; statusCode?: number };
    const language = pickLanguage(req);
    if (res.headersSent) return;
    if (e.type === 'entity.too.large' || e.status === 413) {
      res.status(413).json({ error: deps.text('errors.tooLong', language) });
    } else if (e.type === 'entity.parse.failed' || e.type === 'encoding.unsupported' || e.type === 'charset.unsupported' || e.status === 400) {
      res.status(400).json({ error: deps.text('errors.badRequest', language) });
    } else if (e.status === 415) {
      res.status(415).json({ error: deps.text('errors.badRequest', language) });
    } else {
      deps.logger.error({ err }, 'request failed');
      res.status(500).json({ error: deps.text('errors.generic', language) });
    }
  });
  return app;
}
