/**
 * Telegram, put together: updates arrive by webhook or long polling, become `InboundMessage`s for the
 * bot, and replies leave through the outbox (rendered as Telegram HTML, rate-limited, retried).
 */
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { TelegramConfig } from '../../config';
import type { Language } from '../../knowledge/languages';
import type { Pseudonymiser } from '../../privacy/pseudonymise';
import type { ChannelBot } from '../../bot/bot-runtime';
import type { ChannelSender } from '../../bot/channel-adapter';
import { RecentIds, type UpdateDedupe } from '../dedupe';
import { MessageVersions } from '../message-versions';
import { TelegramBotApi } from './bot-api';
import { GroupReplies } from './group-reply';
import type { ReplyQueue } from '../outbox-policy';
import type { SharedQueue } from '../shared-outbox';
import { telegramReplyQueue, type OutboxRetryOptions } from './outbox';
import { TelegramPoller, TELEGRAM_UPDATE_KINDS } from './poller';
import { renderReply, type TelegramOutgoing } from './render';
import { toInbound, type TelegramAddress, type TelegramUpdate } from './update';
import { telegramWebhook, TELEGRAM_WEBHOOK_PATH } from './webhook';

export interface TelegramChannelOptions {
  config: TelegramConfig;
  pseudonymiser: Pseudonymiser;
  logger: Logger;
  maxBodyBytes: number;
  publicUrl?: string;
  /** Outbox pacing; tests set these to 0. */
  perChatIntervalMs?: number;
  globalPerSecond?: number;
  /** Backoff of replies that failed for a passing reason (Telegram down, 5xx, 429); tests shorten it. */
  outboxRetry?: OutboxRetryOptions;
  /** The line for a group that calls the bot, in a language, with the link to a private chat put in. */
  groupText: (language: Language, link: string) => string;
  /**
   * Update ids seen by any instance (PostgreSQL). The receiver's own memory drops repeats this instance
   * saw; this drops those another instance saw first.
   */
  sharedDedupe?: UpdateDedupe;
  /** The outgoing queue in PostgreSQL, shared by the instances; without it, replies queue in memory. */
  sharedOutbox?: SharedQueue;
}

export class TelegramChannel {
  readonly api: TelegramBotApi;
  readonly outbox: ReplyQueue<TelegramOutgoing, number, number>;
  private bot?: ChannelBot<TelegramAddress>;
  private poller?: TelegramPoller;
  private readonly dedupe = new RecentIds({ ttlMs: 24 * 60 * 60 * 1000, maxEntries: 100_000 });
  /** Albums already answered: ten photos sent at once get one "I cannot read pictures", not ten. */
  private readonly albums = new RecentIds({ ttlMs: 10 * 60 * 1000, maxEntries: 10_000 });
  /** The words of recent messages (digests), so an edit is answered once, and only when it changes them. */
  private readonly versions = new MessageVersions();
  private readonly groups: GroupReplies;

  readonly sender: ChannelSender<TelegramAddress> = {
    send: async (reply, turn) => {
      const messages = renderReply(reply, { logger: this.options.logger });
      if (!(await this.outbox.add(turn.address.chatId, turn.address.chatId, messages))) {
        this.options.logger.error({ channel: 'telegram' }, 'outbox full: a reply was not queued');
      }
    },
  };

  constructor(private readonly options: TelegramChannelOptions) {
    this.api = new TelegramBotApi({ token: options.config.token, apiRoot: options.config.apiRoot, logger: options.logger });
    this.outbox = telegramReplyQueue(
      {
        api: this.api,
        logger: options.logger,
        ...(options.perChatIntervalMs !== undefined ? { perChatIntervalMs: options.perChatIntervalMs } : {}),
        ...(options.globalPerSecond !== undefined ? { globalPerSecond: options.globalPerSecond } : {}),
        ...(options.outboxRetry ? { retry: options.outboxRetry } : {}),
      },
      options.sharedOutbox,
    );
    this.groups = new GroupReplies({ token: options.config.token, api: this.api, outbox: this.outbox, logger: options.logger, text: options.groupText });
  }

  attach(bot: ChannelBot<TelegramAddress>): void {
    this.bot = bot;
  }

  /** The webhook route (webhook mode only). */
  router(): Router | undefined {
    const secret = this.options.config.secret;
    if (this.options.config.mode !== 'webhook' || !secret) return undefined;
    return telegramWebhook({
      secret,
      logger: this.options.logger,
      dedupe: this.dedupe,
      maxBodyBytes: this.options.maxBodyBytes,
      onUpdate: (update) => this.onUpdate(update),
    });
  }

  async start(): Promise<void> {
    const { config, publicUrl, logger } = this.options;
    this.outbox.start();
    if (config.mode === 'polling') {
      this.poller = new TelegramPoller({ api: this.api, logger, onUpdate: (u) => this.onUpdate(u) });
      await this.poller.start();
      logger.info({ channel: 'telegram', mode: 'polling' }, 'Telegram: long polling started');
      return;
    }
    if (config.registerWebhook && publicUrl && config.secret) {
      await this.api.setWebhook({ url: `${publicUrl}${TELEGRAM_WEBHOOK_PATH}`, secret_token: config.secret, allowed_updates: TELEGRAM_UPDATE_KINDS });
      logger.info({ channel: 'telegram', mode: 'webhook' }, 'Telegram: webhook registered');
    } else {
      logger.info({ channel: 'telegram', mode: 'webhook' }, `Telegram: receiving updates at ${TELEGRAM_WEBHOOK_PATH}`);
    }
  }

  /** Stops receiving, then gives queued replies up to `timeoutMs` to leave. */
  async stop(timeoutMs: number): Promise<void> {
    await this.poller?.stop();
    await this.outbox.drain(timeoutMs);
  }

  async onUpdate(update: TelegramUpdate): Promise<void> {
    if (this.options.sharedDedupe && !(await this.options.sharedDedupe.firstTime(`telegram:${update.update_id}`))) {
      this.options.logger.debug({ channel: 'telegram' }, 'Telegram: an update another instance took, ignored');
      return;
    }
    if (await this.groups.handle(update)) return;
    const mapped = toInbound(update, this.options.pseudonymiser);
    if (!mapped || !this.bot) return;
    const { inbound, address, album, version } = mapped;
    // Every message's words are recorded, so an edit back to what was already answered is not new.
    const newWords = version === undefined || this.versions.firstTime(inbound.userKey, version.message, inbound.text ?? '');
    if (version?.edited && !newWords) {
      this.options.logger.debug({ channel: 'telegram' }, 'Telegram: an edit that does not change the words, not answered');
      return;
    }
    // Every photo of an album is registered, so whichever comes first is the one answered; a caption on
    // a later one is still a question.
    if (album !== undefined && !this.albums.firstTime(`${inbound.userKey}:${album}`) && !inbound.text?.trim()) {
      this.options.logger.debug({ channel: 'telegram' }, 'Telegram: another photo of an album already answered');
      return;
    }
    if (address.callbackQueryId) {
      // Stops the spinner on the pressed button; the reply itself comes as a message.
      this.api.answerCallbackQuery({ callback_query_id: address.callbackQueryId }).catch((err: unknown) => {
        this.options.logger.warn({ err, channel: 'telegram' }, 'answerCallbackQuery failed');
      });
    }
    await this.bot.handle(inbound, address);
  }
}
