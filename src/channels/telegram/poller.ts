/**
 * Long-polling mode, for development and for hosts without a public HTTPS address: remove any webhook,
 * then ask for updates after the last one handled. Telegram forgets an update once a later getUpdates
 * asks for an offset beyond it, so the offset is what makes "each update once" hold, across restarts too.
 */
import type { Logger } from 'pino';
import { abortableSleep, type TelegramBotApi } from './bot-api';
import { telegramUpdateSchema, type TelegramUpdate } from './update';

export interface TelegramPollerOptions {
  api: Pick<TelegramBotApi, 'deleteWebhook' | 'getUpdates'>;
  /** Awaited one update at a time, so a person's messages are handled in the order they were sent. */
  onUpdate: (update: TelegramUpdate) => unknown;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Long-poll duration Telegram holds a getUpdates open. Default 25 s. */
  timeoutSeconds?: number;
  /** Updates per request (1–100). Default 100. */
  limit?: number;
  /** Backoff after a failed getUpdates: base × 2^(failures-1), capped. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

/** The update kinds we ask Telegram for (getUpdates and setWebhook): an edited question is a question too. */
export const TELEGRAM_UPDATE_KINDS = ['message', 'edited_message', 'callback_query'];

export class TelegramPoller {
  private readonly options: TelegramPollerOptions;
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  /** Next update_id wanted; everything below it has been handled. */
  private offset: number | undefined;
  /** The offset Telegram last heard from us; below `offset` means handled updates are still unconfirmed. */
  private confirmedOffset: number | undefined;

  constructor(options: TelegramPollerOptions) {
    this.options = options;
  }

  /** Deletes the webhook (rejects if that fails, e.g. a wrong token), then polls in the background. */
  async start(): Promise<void> {
    if (this.controller) throw new Error('TelegramPoller: already started');
    const controller = new AbortController();
    this.controller = controller;
    try {
      await this.options.api.deleteWebhook({}, { signal: controller.signal });
    } catch (error) {
      this.controller = undefined;
      // stop() during start-up is not a failure.
      if (controller.signal.aborted) return;
      throw error;
    }
    this.loop = this.run(controller.signal);
    this.options.logger.info({}, 'telegram: polling for updates');
  }

  /** Aborts the request in flight and resolves once the loop has ended and handled updates are confirmed. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.controller = undefined;
    this.loop = undefined;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { api, logger } = this.options;
    const timeout = this.options.timeoutSeconds ?? 25;
    let failures = 0;
    while (!signal.aborted) {
      let batch: unknown[];
      try {
        const offset = this.offset;
        batch = await api.getUpdates({ offset, timeout, limit: this.options.limit ?? 100, allowed_updates: TELEGRAM_UPDATE_KINDS }, { signal });
        this.confirmedOffset = offset;
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        const delayMs = Math.min(this.options.backoffMaxMs ?? 30_000, (this.options.backoffBaseMs ?? 1000) * 2 ** (failures - 1));
        logger.error({ failures, delayMs, error: error instanceof Error ? error.message : String(error) }, 'telegram: getUpdates failed');
        try {
          await abortableSleep(delayMs, signal);
        } catch {
          break;
        }
        continue;
      }
      for (const raw of batch) {
        if (signal.aborted) break;
        await this.handle(raw);
      }
    }
    await this.confirm();
  }

  private async handle(raw: unknown): Promise<void> {
    const { logger, onUpdate } = this.options;
    const id = updateIdOf(raw);
    if (id === undefined) {
      logger.warn({}, 'telegram: update without update_id ignored');
      return;
    }
    if (this.offset !== undefined && id < this.offset) return;
    // Advanced before handling: an update whose handler throws must not come back forever.
    this.offset = id + 1;
    const parsed = telegramUpdateSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((issue) => ({ path: issue.path.join('.'), code: issue.code }));
      logger.warn({ updateId: id, issues }, 'telegram: update does not match the schema, ignored');
      return;
    }
    try {
      await onUpdate(parsed.data);
    } catch (error) {
      logger.error({ updateId: id, error: error instanceof Error ? error.message : String(error) }, 'telegram: handling an update failed');
    }
  }

  /**
   * Tells Telegram which updates were handled since the last request, so a restart does not get them again.
   * limit 1 and timeout 0: whatever comes back is not handled and stays queued at Telegram.
   */
  private async confirm(): Promise<void> {
    if (this.offset === undefined || this.offset === this.confirmedOffset) return;
    try {
      await this.options.api.getUpdates(
        { offset: this.offset, timeout: 0, limit: 1, allowed_updates: TELEGRAM_UPDATE_KINDS },
        // Bounds the retries too, so stop() stays prompt when Telegram is unreachable.
        { signal: AbortSignal.timeout(5000) },
      );
      this.confirmedOffset = this.offset;
    } catch (error) {
      this.options.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'telegram: could not confirm the last updates; they may come again');
    }
  }
}

function updateIdOf(raw: unknown): number | undefined {
  const id = typeof raw === 'object' && raw !== null ? (raw as { update_id?: unknown }).update_id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}
