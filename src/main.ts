/**
 * The composition root and process lifecycle: configuration, start, and a graceful stop on SIGTERM/SIGINT
 * (stop accepting, finish messages in flight, close the database, exit 0 within 10 s).
 */
import { loadConfig, ConfigError } from './config';
import { createApplication, StartupError } from './app';
import { createLogger } from './logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });

  let app;
  try {
    app = await createApplication(config, { logger });
    await app.start();
  } catch (err) {
    logger.fatal({ err: err instanceof StartupError ? { message: err.message } : err }, 'could not start');
    if (err instanceof StartupError) console.error(err.message);
    process.exit(1);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const hardStop = setTimeout(() => {
      logger.error('did not stop within 10 s; exiting');
      process.exit(1);
    }, 10_000);
    hardStop.unref();
    app!.stop(8000).then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  // Reload the knowledge after editing files by hand; a broken file keeps the old knowledge.
  process.on('SIGHUP', () => {
    app!.knowledge.reload().then(
      (r) => logger.info({ ok: r.ok, entries: r.entries, problems: r.problems.filter((p) => p.severity === 'error').length }, 'knowledge reload (SIGHUP)'),
      (err: unknown) => logger.error({ err }, 'knowledge reload failed'),
    );
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
