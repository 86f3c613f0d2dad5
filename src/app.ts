/**
 * Puts Prykhystok together from a validated configuration: storage, knowledge, search, assistant,
 * Botkit, channels and the HTTP app. `main.ts` runs it; tests run it on port 0 against fake APIs.
 * Each part is built by its own module under app/; this file only says in which order.
 */
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { Health } from './health';
import { Metrics } from './metrics';
import { resolveServerSecret, deriveKey } from './secrets';
import { Pseudonymiser } from './privacy/pseudonymise';
import type { Db } from './storage/database';
import type { InboxStore } from './storage/inbox-store';
import type { FeedbackStore } from './storage/feedback-store';
import type { VolunteerStores } from './app/volunteer-stores';
import type { KnowledgeStore } from './knowledge/knowledge-store';
import type { SearchIndex } from './search/search-index';
import { WebSessions } from './channels/web/session';
import type { TelegramChannel } from './channels/telegram/telegram-channel';
import type { WhatsAppChannel } from './channels/whatsapp/whatsapp-channel';
import type { ViberChannel } from './channels/viber/viber-channel';
import type { createHttpApp } from './server';
import type { AppOptions } from './app/options';
import { openStorage, retention } from './app/storage';
import { openAnswering } from './app/answering';
import { openKnowledgeSync } from './app/knowledge-sync';
import { wireChannels } from './app/channels';
import { reportStatus } from './app/status';
import { createRoutes } from './app/routes';
import { lifecycle } from './app/lifecycle';

export { StartupError, type AppOptions } from './app/options';

export interface Application {
  readonly config: Config;
  readonly logger: Logger;
  readonly knowledge: KnowledgeStore;
  readonly health: Health;
  readonly metrics: Metrics;
  readonly inbox: InboxStore;
  readonly feedback: FeedbackStore;
  /** The volunteers' data (inbox, feedback, accounts, sessions, audit, review): shared with DATABASE_URL. */
  readonly volunteers: VolunteerStores;
  readonly db: Db;
  readonly telegram?: TelegramChannel;
  readonly whatsapp?: WhatsAppChannel;
  readonly viber?: ViberChannel;
  readonly http: ReturnType<typeof createHttpApp>;
  search(): SearchIndex;
  /** Starts listening and the channels; resolves with the bound port. */
  start(): Promise<number>;
  /** Stops accepting, finishes turns in flight, drains outgoing queues, closes the database. */
  stop(timeoutMs?: number): Promise<void>;
  /** Deletes what is past its retention period. */
  applyRetention(): Promise<{ questions: number; states: number }>;
}

export async function createApplication(config: Config, options: AppOptions = {}): Promise<Application> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const health = new Health();
  const metrics = new Metrics();
  for (const note of config.notes) logger.info(note);

  const { secret, generated } = resolveServerSecret(config.pseudonymSecret, config.dataDir);
  if (generated) logger.warn('PSEUDONYM_SECRET is not set: using a secret generated in DATA_DIR. Set it in production.');
  const pseudonymiser = new Pseudonymiser(deriveKey(secret, 'user-key'));
  const sessions = new WebSessions(deriveKey(secret, 'web-session'));

  const storage = await openStorage(config, options, health, logger);
  const { pool } = storage.stores;
  const knowledgeSync = await openKnowledgeSync({
    dir: config.knowledgeDir,
    ...(pool && config.databaseUrl ? { shared: { pool, url: config.databaseUrl } } : {}),
    health,
    logger,
    ...options.knowledge,
  });
  const answering = await openAnswering(config, logger, metrics);
  const channels = wireChannels({ config, options, logger, health, metrics, storage, answering, pseudonymiser, sessions });
  reportStatus(config, health, metrics, storage, answering, channels);
  const httpApp = createRoutes({ config, logger, health, metrics, storage, answering, channels, knowledgeLock: knowledgeSync.lock, passwordCost: options.passwordCost });
  const applyRetention = retention(config, storage, health);

  // From here on a write waits only briefly for a lock held by another process (better-sqlite3 blocks the
  // event loop while it waits); the migrations above could wait longer.
  storage.db.pragma(`busy_timeout = ${options.storage?.busyTimeoutMs ?? 250}`);

  const { start, stop } = lifecycle({ config, logger, httpApp, storage, answering, channels, knowledgeSync, applyRetention });
  const { telegram, whatsapp, viber } = channels;
  return {
    config,
    logger,
    knowledge: answering.knowledge,
    health,
    metrics,
    inbox: storage.inbox,
    feedback: storage.feedback,
    volunteers: storage.volunteers,
    db: storage.db,
    ...(telegram ? { telegram } : {}),
    ...(whatsapp ? { whatsapp } : {}),
    ...(viber ? { viber } : {}),
    http: httpApp,
    search: answering.search,
    applyRetention,
    start,
    stop,
  };
}
