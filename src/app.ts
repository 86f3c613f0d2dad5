/**
 * Puts Prykhystok together from a validated configuration: storage, knowledge, search, assistant,
 * Botkit, channels and the HTTP app. `main.ts` runs it; tests run it on port 0 against fake APIs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { Health } from './health';
import { Metrics } from './metrics';
import { RateLimiter } from './rate-limiter';
import { resolveServerSecret, deriveKey } from './secrets';
import { Pseudonymiser } from './privacy/pseudonymise';
import { openDatabase, openMemoryDatabase, type Db } from './storage/database';
import { WriteGate } from './storage/resilient-storage';
import { openConversationStores } from './storage/conversation-stores';
import { InboxStore } from './storage/inbox-store';
import { FeedbackStore } from './storage/feedback-store';
import { KnowledgeStore } from './knowledge/knowledge-store';
import { watchDirectory } from './knowledge/watch';
import { formatProblem } from './knowledge/problems';
import { SearchIndex } from './search/search-index';
import { readLocales, createTranslator } from './i18n';
import { Assistant } from './assistant/assistant';
import { BotRuntime, type ChannelBot } from './bot/bot-runtime';
import type { ConversationRecorder } from './bot/recorder';
import type { ChannelName, InboundMessage } from './messages';
import { WebSessions } from './channels/web/session';
import { webChatApi, webSender, type WebAddress } from './channels/web/chat-api';
import { TelegramChannel } from './channels/telegram/telegram-channel';
import { WhatsAppChannel } from './channels/whatsapp/whatsapp-channel';
import { ViberChannel } from './channels/viber/viber-channel';
import { decodeAction } from './assistant/payloads';
import { UserStateStore } from './bot/user-state-store';
import { createHttpApp } from './server';
import { createAdminRouter } from './admin';
import type { Language } from './knowledge/languages';

export interface AppOptions {
  logger?: Logger;
  /** Outbox pacing for Telegram (tests use 0). */
  telegramPacing?: { perChatIntervalMs: number; globalPerSecond: number };
  /** Outbox pacing for WhatsApp (tests use 0). */
  whatsappPacing?: { perRecipientIntervalMs: number; globalPerSecond: number };
  /** Outbox pacing for Viber (tests use 0). */
  viberPacing?: { perChatIntervalMs: number; globalPerSecond: number };
  /**
   * Backoff of replies a messenger API did not take for a passing reason (down, 5xx, rate limit): every
   * outbox keeps them and tries again after base × 2^n ms with jitter, at most `maxMs` apart (default 1 s
   * and 60 s; tests use a few ms).
   */
  outboxRetry?: { baseMs?: number; maxMs?: number; random?: () => number };
  /**
   * How long a write waits for a database another process has locked (default 250 ms; start-up
   * migrations keep the longer timeout of openDatabase), and how long writes are then skipped without
   * waiting (default 2 s), so a locked database does not stall every turn.
   */
  storage?: { busyTimeoutMs?: number; lockCoolDownMs?: number; flushMs?: number };
}

export interface Application {
  readonly config: Config;
  readonly logger: Logger;
  readonly knowledge: KnowledgeStore;
  readonly health: Health;
  readonly metrics: Metrics;
  readonly inbox: InboxStore;
  readonly feedback: FeedbackStore;
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

export class StartupError extends Error {}

export async function createApplication(config: Config, options: AppOptions = {}): Promise<Application> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const health = new Health();
  const metrics = new Metrics();
  for (const note of config.notes) logger.info(note);

  const { secret, generated } = resolveServerSecret(config.pseudonymSecret, config.dataDir);
  if (generated) logger.warn('PSEUDONYM_SECRET is not set: using a secret generated in DATA_DIR. Set it in production.');
  const pseudonymiser = new Pseudonymiser(deriveKey(secret, 'user-key'));
  const sessions = new WebSessions(deriveKey(secret, 'web-session'));

  let db: Db;
  try {
    db = openDatabase(config.dataDir);
    health.ok('storage');
  } catch (err) {
    // Answering questions needs no database: run on a temporary one and say so in /healthz — under its
    // own component, which stays failed: writes to the temporary database succeed but keep nothing.
    health.failed('database', err);
    logger.error({ err }, 'cannot open the database; running with temporary in-memory storage');
    db = openMemoryDatabase();
  }
  const writes = new WriteGate(options.storage?.lockCoolDownMs ?? 2000);
  const stores = await openConversationStores({
    db,
    health,
    writes,
    userPerMinute: config.rateLimitUserPerMin,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(options.storage?.flushMs !== undefined ? { flushMs: options.storage.flushMs } : {}),
  });
  const storage = stores.state;
  const inbox = new InboxStore(db);
  const feedback = new FeedbackStore(db);

  const opened = await KnowledgeStore.open(config.knowledgeDir);
  if (!opened.store) {
    throw new StartupError(`The knowledge base in ${config.knowledgeDir} has errors:\n${opened.problems.filter((p) => p.severity === 'error').map(formatProblem).join('\n')}`);
  }
  const knowledge = opened.store;
  let index = new SearchIndex(knowledge.current());
  knowledge.onChange((kb) => {
    index = new SearchIndex(kb);
    logger.info({ entries: kb.size }, 'knowledge reloaded');
  });

  const resources = readLocales(config.localesDir);
  const translate = await createTranslator(resources, { days: config.retentionDays, stateDays: config.stateRetentionDays });
  const assistant = new Assistant(() => index, translate);
  metrics.gauge('prykhystok_question_cache_hit_ratio', 'Share of questions read from the cache since start (asked before, same knowledge).', () => {
    const { hits, misses } = assistant.questionCacheStats();
    return hits + misses ? hits / (hits + misses) : 0;
  });

  const recorder: ConversationRecorder = {
    // Each store reports under its own name, so /healthz says what can and cannot be recorded.
    question: (text, language, reason, answerId) => guard(health, 'inbox', () => writes.run(() => inbox.record(text, language, reason, answerId))),
    feedback: (answerId, helpful) => guard(health, 'feedback', () => writes.run(() => feedback.record(answerId, helpful))),
    outcome: (channel, outcome) => metrics.messages.inc({ channel, outcome }),
    rateLimited: (channel) => metrics.rateLimited.inc({ where: channel }),
    stateConflict: () => logger.info('a turn left its state unsaved: another turn changed or deleted it first'),
  };
  const runtime = new BotRuntime({
    assistant,
    translate,
    storage,
    writesReachDatabase: stores.writesReachDatabase,
    recorder,
    userLimiter: stores.userLimiter,
    health,
    logger,
  });
  const measured = <A>(channel: ChannelName, bot: ChannelBot<A>): ChannelBot<A> => ({
    adapter: bot.adapter,
    handle: async (inbound: InboundMessage, address: A) => {
      const started = process.hrtime.bigint();
      metrics.person(inbound.userKey);
      try {
        await bot.handle(inbound, address);
      } finally {
        metrics.latency.observe({ channel }, Number(process.hrtime.bigint() - started) / 1e9);
      }
    },
  });

  const webhooks: Router[] = [];
  const webBot = measured<WebAddress>('web', runtime.channel('web', webSender));
  const uiStrings = (language: Language): Record<string, string> => {
    const web = (resources[language] as { web?: Record<string, string> }).web ?? (resources.en as { web?: Record<string, string> }).web;
    return web ?? {};
  };
  const api = webChatApi({ bot: webBot, sessions, pseudonymiser, maxBodyBytes: config.maxBodyBytes, text: translate, uiStrings });

  let telegram: TelegramChannel | undefined;
  if (config.telegram) {
    telegram = new TelegramChannel({
      config: config.telegram,
      pseudonymiser,
      logger,
      maxBodyBytes: Math.max(config.maxBodyBytes, 256 * 1024),
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(options.telegramPacing ?? {}),
      ...(options.outboxRetry ? { outboxRetry: options.outboxRetry } : {}),
      groupText: (language, link) => translate('group.writePrivately', language, { link }),
      ...(stores.sharedDedupe ? { sharedDedupe: stores.sharedDedupe } : {}),
    });
    telegram.attach(measured('telegram', runtime.channel('telegram', telegram.sender)));
    const router = telegram.router();
    if (router) webhooks.push(router);
    const tg = telegram;
    health.detail('telegramOutbox', () => tg.outbox.stats());
    metrics.gauge('prykhystok_telegram_outbox_pending', 'Telegram replies waiting to be sent.', () => tg.outbox.pending());
    metrics.gauge('prykhystok_telegram_outbox_retrying', 'Telegram chats whose next reply waits to be tried again (Telegram down or refusing for now).', () => tg.outbox.stats().retrying);
  }

  let whatsapp: WhatsAppChannel | undefined;
  if (config.whatsapp) {
    whatsapp = new WhatsAppChannel({
      config: config.whatsapp,
      pseudonymiser,
      logger,
      phrases: (language) => ({ listButton: translate('buttons.choose', language), prompt: translate('buttons.choosePrompt', language) }),
      ...(options.whatsappPacing ?? {}),
      ...(stores.sharedDedupe ? { sharedDedupe: stores.sharedDedupe } : {}),
      ...(options.outboxRetry ? { outboxRetry: options.outboxRetry } : {}),
    });
    whatsapp.attach(measured('whatsapp', runtime.channel('whatsapp', whatsapp.sender)));
    webhooks.push(whatsapp.router());
    const wa = whatsapp;
    health.detail('whatsappOutbox', () => wa.outbox.stats());
    metrics.gauge('prykhystok_whatsapp_outbox_pending', 'WhatsApp replies waiting to be sent.', () => wa.outbox.pending());
    metrics.gauge('prykhystok_whatsapp_outbox_retrying', 'WhatsApp people whose next reply waits to be tried again (Meta down or refusing for now).', () => wa.outbox.stats().retrying);
    metrics.gauge('prykhystok_whatsapp_outside_window', 'WhatsApp replies not sent: the 24-hour window had closed.', () => wa.outbox.stats().outsideWindow);
  }

  let viber: ViberChannel | undefined;
  if (config.viber) {
    const states = new UserStateStore(storage, health, undefined, stores.writesReachDatabase);
    viber = new ViberChannel({
      config: config.viber,
      pseudonymiser,
      logger,
      maxBodyBytes: Math.max(config.maxBodyBytes, 256 * 1024),
      // Viber's keyboard presses arrive as text; these texts are our button payloads.
      isPayload: (text) => text === 'start' || decodeAction(text) !== undefined,
      onUnsubscribe: (userKey) => states.forget(userKey),
      ...(options.viberPacing ?? {}),
      ...(options.outboxRetry ? { outboxRetry: options.outboxRetry } : {}),
    });
    viber.attach(measured('viber', runtime.channel('viber', viber.sender)));
    webhooks.push(viber.router());
    const vb = viber;
    health.detail('viberOutbox', () => vb.outbox.stats());
    metrics.gauge('prykhystok_viber_outbox_pending', 'Viber replies waiting to be sent.', () => vb.outbox.pending());
    metrics.gauge('prykhystok_viber_outbox_retrying', 'Viber people whose next reply waits to be tried again (Viber down or refusing for now).', () => vb.outbox.stats().retrying);
  }

  health.detail('conversationState', () => ({ store: stores.kind, pendingWrites: stores.pendingWrites() }));
  health.detail('knowledge', () => ({
    entries: knowledge.current().size,
    loadedAt: knowledge.loadedAt.toISOString(),
    ...(knowledge.lastError ? { lastReloadFailed: knowledge.lastError.at, problems: knowledge.lastError.problems.slice(0, 5).map(formatProblem) } : {}),
  }));
  health.detail('memory', () => {
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed };
  });
  health.detail('channels', () => ({ web: true, telegram: telegram ? config.telegram!.mode : 'off', whatsapp: whatsapp ? 'webhook' : 'off', viber: viber ? 'webhook' : 'off' }));
  metrics.gauge('prykhystok_knowledge_entries', 'Entries in the knowledge base in memory.', () => knowledge.current().size);
  metrics.gauge('prykhystok_inbox_open', 'Unanswered questions waiting for volunteers.', () => inbox.count('open'));

  const httpApp = createHttpApp({
    logger,
    metrics,
    health,
    ipLimiter: new RateLimiter(config.rateLimitIpPerMin),
    webhookLimiter: new RateLimiter(config.rateLimitIpPerMin * 20),
    trustProxy: config.trustProxy,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    staticDir: config.staticDir,
    text: translate,
    webhooks,
    api: [api],
    admin: createAdminRouter({
      db,
      knowledge,
      inbox,
      feedback,
      search: () => index,
      logger,
      requireReview: config.requireReview,
      retentionDays: config.retentionDays,
      // Behind a proxy, each request says whether it came over HTTPS (admin/auth.ts).
      secureCookies: Boolean(config.publicUrl),
    }),
  });

  const applyRetention = async () => {
    const questions = guard(health, 'inbox', () => writes.run(() => inbox.deleteOlderThan(config.retentionDays))) ?? 0;
    const cutoff = Date.now() - config.stateRetentionDays * 86_400_000;
    const states = await stores.deleteIdle(cutoff).catch((err: unknown) => void health.failed('storage', err));
    return { questions, states: states ?? 0 };
  };

  // From here on a write waits only briefly for a lock held by another process (better-sqlite3 blocks the
  // event loop while it waits); the migrations above could wait longer.
  db.pragma(`busy_timeout = ${options.storage?.busyTimeoutMs ?? 250}`);

  let server: http.Server | undefined;
  let retentionTimer: NodeJS.Timeout | undefined;
  let watcher: { close(): void } | undefined;
  let stopping: Promise<void> | undefined;
  /** Requests being read or answered; a webhook's turn starts once its 200 has gone out. */
  let requestsInFlight = 0;
  let onRequestsDone: (() => void) | undefined;

  return {
    config,
    logger,
    knowledge,
    health,
    metrics,
    inbox,
    feedback,
    db,
    ...(telegram ? { telegram } : {}),
    ...(whatsapp ? { whatsapp } : {}),
    ...(viber ? { viber } : {}),
    http: httpApp,
    search: () => index,
    applyRetention,
    async start() {
      server = http.createServer(httpApp);
      server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
        requestsInFlight += 1;
        res.once('close', () => {
          requestsInFlight -= 1;
          if (requestsInFlight === 0) onRequestsDone?.();
        });
      });
      server.requestTimeout = 15_000;
      server.headersTimeout = 10_000;
      server.keepAliveTimeout = 5_000;
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(config.port, config.host, () => resolve());
      });
      const port = (server.address() as AddressInfo).port;
      await applyRetention();
      retentionTimer = setInterval(() => void applyRetention(), 60 * 60 * 1000);
      retentionTimer.unref();
      watcher = watchDirectory(config.knowledgeDir, () => {
        knowledge.reload().then(
          (r) => {
            if (!r.ok) logger.warn({ problems: r.problems.filter((p) => p.severity === 'error').length }, 'knowledge changed on disk but has errors; keeping the previous knowledge');
          },
          (err: unknown) => logger.error({ err }, 'knowledge reload failed'),
        );
      });
      if (telegram) await telegram.start();
      if (whatsapp) await whatsapp.start();
      if (viber) await viber.start();
      logger.info({ port }, `Prykhystok is listening on http://localhost:${port}`);
      return port;
    },
    stop(timeoutMs = 8000) {
      stopping ??= (async () => {
        const deadline = Date.now() + timeoutMs;
        if (retentionTimer) clearInterval(retentionTimer);
        watcher?.close();
        const closed = server ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve();
        server?.closeIdleConnections();
        // Requests already accepted finish first (a webhook answered 200 during shutdown hands over a turn
        // whose reply must still be queued before the outboxes close), for at most a quarter of the time.
        const answered = requestsInFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (onRequestsDone = resolve));
        await withTimeout(answered, Math.min(2000, timeoutMs / 4));
        server?.closeIdleConnections();
        await withTimeout(runtime.idle(), Math.max(0, deadline - Date.now()));
        // Side by side: each channel gets the time that is left, not what the one before left over.
        const drainMs = Math.max(0, deadline - Date.now() - 500);
        await Promise.all([telegram?.stop(drainMs), whatsapp?.stop(drainMs), viber?.stop(drainMs)]);
        await withTimeout(closed, Math.max(0, deadline - Date.now()));
        server?.closeAllConnections();
        await runtime.shutdown().catch(() => undefined);
        await stores.flush().catch((err: unknown) => logger.warn({ err }, 'writing conversation state at shutdown failed'));
        await stores.close().catch((err: unknown) => logger.warn({ err }, 'closing the shared database failed'));
        try {
          db.close();
        } catch (err) {
          logger.warn({ err }, 'closing the database failed');
        }
      })();
      return stopping;
    },
  };
}

function guard<T>(health: Health, component: string, fn: () => T): T | undefined {
  try {
    const result = fn();
    health.ok(component);
    return result;
  } catch (err) {
    health.failed(component, err);
    return undefined;
  }
}

async function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  if (timer) clearTimeout(timer);
}
