/**
 * Starting and stopping: listen, apply retention hourly, follow changes of the knowledge and start the
 * messengers; at shutdown let accepted requests and turns finish and drain the outboxes before the
 * stores close.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { AppStorage } from './storage';
import type { Answering } from './answering';
import type { Channels } from './channels';
import type { KnowledgeSync } from './knowledge-sync';

export interface LifecycleDeps {
  config: Config;
  logger: Logger;
  httpApp: Express;
  storage: AppStorage;
  answering: Answering;
  channels: Channels;
  knowledgeSync: KnowledgeSync;
  applyRetention(): Promise<unknown>;
}

export interface Lifecycle {
  /** Starts listening and the channels; resolves with the bound port. */
  start(): Promise<number>;
  /** Stops accepting, finishes turns in flight, drains outgoing queues, closes the database. */
  stop(timeoutMs?: number): Promise<void>;
}

export function lifecycle({ config, logger, httpApp, storage, answering, channels, knowledgeSync, applyRetention }: LifecycleDeps): Lifecycle {
  const { knowledge } = answering;
  const { runtime, telegram, whatsapp, viber } = channels;
  let server: http.Server | undefined;
  let retentionTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  /** Requests being read or answered; a webhook's turn starts once its 200 has gone out. */
  let requestsInFlight = 0;
  let onRequestsDone: (() => void) | undefined;

  return {
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
      knowledgeSync.start(knowledge);
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
        await knowledgeSync.close().catch((err: unknown) => logger.warn({ err }, 'closing the knowledge listener failed'));
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
        // Questions and feedback of the last turns are written before the database closes, and those
        // that failed earlier get one more try (a database back by now takes them), for 2 s at most.
        await withTimeout(storage.settled(), Math.max(500, deadline - Date.now()));
        await storage.retries.flush(Math.min(2000, Math.max(500, deadline - Date.now())));
        await storage.stores.flush().catch((err: unknown) => logger.warn({ err }, 'writing conversation state at shutdown failed'));
        await storage.stores.close().catch((err: unknown) => logger.warn({ err }, 'closing the shared database failed'));
        await answering.close().catch((err: unknown) => logger.warn({ err }, 'ending the search workers failed'));
        try {
          storage.db.close();
        } catch (err) {
          logger.warn({ err }, 'closing the database failed');
        }
      })();
      return stopping;
    },
  };
}

async function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  if (timer) clearTimeout(timer);
}
