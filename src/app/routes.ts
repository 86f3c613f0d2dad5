/** The HTTP app: health, metrics, static files, the web chat API, the messengers' webhooks and the admin. */
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Health } from '../health';
import type { Metrics } from '../metrics';
import { RateLimiter } from '../rate-limiter';
import { createHttpApp } from '../server';
import { createAdminRouter } from '../admin';
import { counterCardPages } from '../web/counter-route';
import type { AppStorage } from './storage';
import type { Answering } from './answering';
import type { Channels } from './channels';
import type { KnowledgeSaveLock } from '../knowledge/save-lock';
import type { ScryptCost } from '../admin/passwords';

export interface RoutesDeps {
  config: Config;
  logger: Logger;
  health: Health;
  metrics: Metrics;
  storage: AppStorage;
  answering: Answering;
  channels: Channels;
  knowledgeLock: KnowledgeSaveLock;
  /** AppOptions.passwordCost. */
  passwordCost?: ScryptCost;
}

export function createRoutes({ config, logger, health, metrics, storage, answering, channels, knowledgeLock, passwordCost }: RoutesDeps): ReturnType<typeof createHttpApp> {
  return createHttpApp({
    logger,
    metrics,
    health,
    ipLimiter: new RateLimiter(config.rateLimitIpPerMin),
    webhookLimiter: new RateLimiter(config.rateLimitIpPerMin * 20),
    trustProxy: config.trustProxy,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    staticDir: config.staticDir,
    text: answering.translate,
    webhooks: channels.webhooks,
    api: [channels.api],
    pages: [counterCardPages({ knowledge: () => answering.knowledge.current(), t: answering.translate })],
    admin: createAdminRouter({
      stores: storage.volunteers,
      knowledge: answering.knowledge,
      knowledgeLock,
      search: answering.search,
      logger,
      requireReview: config.requireReview,
      retentionDays: config.retentionDays,
      // Behind a proxy, each request says whether it came over HTTPS (admin/auth.ts).
      secureCookies: Boolean(config.publicUrl),
      passwordCost,
    }),
  });
}
