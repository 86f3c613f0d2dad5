/**
 * WhatsApp (Cloud API), put together: messages arrive by the signed webhook, become `InboundMessage`s for
 * the bot, and replies leave through the outbox (rendered in WhatsApp's formatting and interactive
 * messages, inside the 24-hour window, rate-limited, retried).
 */
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Pseudonymiser } from '../../privacy/pseudonymise';
import type { ChannelBot } from '../../bot/bot-runtime';
import type { ChannelSender } from '../../bot/channel-adapter';
import { RecentIds, type UpdateDedupe } from '../dedupe';
import { MessageVersions } from '../message-versions';
import { WhatsAppCloudApi, type WhatsAppCloudApiOptions } from './cloud-api';
import type { WhatsAppConfig } from './config';
import { messageDigest, toInbound, type WhatsAppAddress } from './message';
import type { WhatsAppMessage } from './notification';
import type { ReplyQueue } from '../outbox-policy';
import type { SharedQueue } from '../shared-outbox';
import { whatsappReplyQueue, type OutboxRetryOptions } from './outbox';
import { renderReply, type RenderOptions, type WhatsAppOutgoing } from './render';
import { ServiceWindow } from './service-window';
import { whatsappWebhook, WHATSAPP_WEBHOOK_PATH } from './webhook';

export type { WhatsAppAddress } from './message';

export interface WhatsAppChannelOptions {
  config: WhatsAppConfig;
  pseudonymiser: Pick<Pseudonymiser, 'userKey'>;
  logger: Logger;
  /** Webhook body limit. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Outbox pacing; tests set these to 0. */
  perRecipientIntervalMs?: number;
  globalPerSecond?: number;
  /** The list-button label and the prompt above late buttons, per language (see render.ts). */
  phrases?: RenderOptions['phrases'];
  /** Retry timing of the API client, for tests. */
  retry?: Pick<WhatsAppCloudApiOptions, 'maxRetries' | 'rateLimitBaseMs' | 'backoffBaseMs' | 'requestTimeoutMs' | 'random'>;
  /** Backoff of replies that failed for a passing reason (Meta down, 5xx, rate limits); tests shorten it. */
  outboxRetry?: OutboxRetryOptions;
  /** Clock of the 24-hour window, for tests. */
  now?: () => number;
  /** Called with a refused webhook call (bad signature or verify token), for metrics. */
  onRejected?: () => void;
  /** Message ids seen by any instance (PostgreSQL); the webhook's own memory drops this instance's repeats. */
  sharedDedupe?: UpdateDedupe;
  /** The outgoing queue in PostgreSQL, shared by the instances; without it, replies queue in memory. */
  sharedOutbox?: SharedQueue;
}

export class WhatsAppChannel {
  readonly api: WhatsAppCloudApi;
  readonly outbox: ReplyQueue<WhatsAppOutgoing, WhatsAppAddress, string, 'outsideWindow'>;
  readonly window: ServiceWindow;
  private bot?: ChannelBot<WhatsAppAddress>;
  /** Meta redelivers for days when it misses our 200; a day of message ids covers the usual retries. */
  private readonly dedupe = new RecentIds({ ttlMs: 24 * 60 * 60 * 1000, maxEntries: 100_000 });
  /** The words of recent messages (digests), so an edit is answered once, and only when it changes them. */
  private readonly versions = new MessageVersions();

  readonly sender: ChannelSender<WhatsAppAddress> = {
    send: async (reply, turn) => {
      const messages = renderReply(reply, { logger: this.options.logger, ...(this.options.phrases ? { phrases: this.options.phrases } : {}) });
      // The outbox logs and counts a refusal (window closed, full, shutting down); the turn goes on.
      await this.outbox.add(turn.inbound.userKey, turn.address, messages);
    },
  };

  constructor(private readonly options: WhatsAppChannelOptions) {
    const { config, logger } = options;
    this.api = new WhatsAppCloudApi({
      token: config.token,
      phoneNumberId: config.phoneNumberId,
      apiRoot: config.apiRoot,
      apiVersion: config.apiVersion,
      logger,
      ...options.retry,
    });
    this.window = new ServiceWindow(options.now ? { now: options.now } : {});
    this.outbox = whatsappReplyQueue(
      {
        api: this.api,
        window: this.window,
        logger,
        ...(options.perRecipientIntervalMs !== undefined ? { perRecipientIntervalMs: options.perRecipientIntervalMs } : {}),
        ...(options.globalPerSecond !== undefined ? { globalPerSecond: options.globalPerSecond } : {}),
        ...(options.outboxRetry ? { retry: options.outboxRetry } : {}),
      },
      options.sharedOutbox,
    );
  }

  attach(bot: ChannelBot<WhatsAppAddress>): void {
    this.bot = bot;
  }

  /** `GET` (subscription handshake) and `POST` (signed notifications) on /whatsapp/webhook. */
  router(): Router {
    const { config, logger, maxBodyBytes, onRejected } = this.options;
    return whatsappWebhook({
      appSecret: config.appSecret,
      verifyToken: config.verifyToken,
      phoneNumberId: config.phoneNumberId,
      logger,
      dedupe: this.dedupe,
      ...(maxBodyBytes !== undefined ? { maxBodyBytes } : {}),
      ...(onRejected ? { onRejected } : {}),
      onMessage: (message) => this.onMessage(message),
    });
  }

  /** Nothing to register: the webhook URL and verify token are set in the Meta app dashboard. */
  async start(): Promise<void> {
    this.outbox.start();
    this.options.logger.info({ channel: 'whatsapp', apiVersion: this.options.config.apiVersion }, `WhatsApp: receiving messages at ${WHATSAPP_WEBHOOK_PATH}`);
  }

  /** Gives queued replies up to `timeoutMs` to leave (stop the HTTP server first, so no new turns start). */
  async stop(timeoutMs: number): Promise<void> {
    await this.outbox.drain(timeoutMs);
  }

  async onMessage(message: WhatsAppMessage): Promise<void> {
    if (this.options.sharedDedupe && !(await this.options.sharedDedupe.firstTime(`whatsapp:${messageDigest(message.id)}`))) {
      this.options.logger.debug({ channel: 'whatsapp' }, 'WhatsApp: a message another instance took, ignored');
      return;
    }
    const mapped = toInbound(message, this.options.pseudonymiser);
    if (!mapped || !this.bot) return;
    const { version } = mapped;
    // Every message's words are recorded, so an edit back to what was already answered is not new.
    const newWords = version === undefined || this.versions.firstTime(mapped.inbound.userKey, version.message, mapped.inbound.text ?? '');
    if (version?.edited && !newWords) {
      this.options.logger.debug({ channel: 'whatsapp' }, 'WhatsApp: an edit that does not change the words, not answered');
      return;
    }
    // Before the turn: the replies it produces check the window that this message (re)opened.
    this.window.wrote(mapped.inbound.userKey, mapped.sentAt);
    await this.bot.handle(mapped.inbound, mapped.address);
  }
}
