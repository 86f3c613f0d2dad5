/**
 * Viber, put together: signed callbacks arrive at the webhook, become `InboundMessage`s for the bot, and
 * replies leave through the outbox (rendered as Viber text with a reply keyboard, paced, retried).
 *
 * How replies leave, consistently:
 * - conversation_started (the person opened the chat): the greeting is the *welcome message*, returned in
 *   the HTTP response. Viber refuses send_message to someone who has not subscribed, and allows exactly
 *   this one message before they do.
 * - everything else: send_message through the outbox, after the callback was answered 200.
 */
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { ChannelBot } from '../../bot/bot-runtime';
import type { ChannelSender } from '../../bot/channel-adapter';
import type { Pseudonymiser } from '../../privacy/pseudonymise';
import { RecentIds, type UpdateDedupe } from '../dedupe';
import { ViberBotApi, type ViberBotApiOptions } from './bot-api';
import {
  conversationStartToInbound,
  messageToInbound,
  tokenDigest,
  type ConversationStartedCallback,
  type ViberAddress,
  type ViberCallback,
} from './callback';
import type { ViberConfig } from './config';
import type { ReplyQueue } from '../outbox-policy';
import type { SharedQueue } from '../shared-outbox';
import { viberReplyQueue, type OutboxRetryOptions } from './outbox';
import { messageBody, renderReply, renderWelcome, type ViberMessageBody, type ViberOutgoing } from './render';
import { viberWebhook, VIBER_WEBHOOK_PATH } from './webhook';

/** What set_webhook asks for; `message` always comes. Receipts (delivered, seen) are of no use to us. */
const VIBER_EVENT_TYPES = ['conversation_started', 'subscribed', 'unsubscribed', 'failed'];

export interface ViberChannelOptions {
  config: ViberConfig;
  pseudonymiser: Pseudonymiser;
  logger: Logger;
  maxBodyBytes: number;
  /**
   * True when a text is one of our button payloads. A keyboard press reaches us as a text message whose
   * text is the button's ActionBody, so this decides payload vs. typed text. Channels may not import the
   * assistant, so the composition root passes it in: `(t) => t === 'start' || decodeAction(t) !== undefined`.
   */
  isPayload: (text: string) => boolean;
  /** Called with the pseudonymous key of a person who unsubscribed: forget everything about them. */
  onUnsubscribe?: (userKey: string) => unknown;
  /** Outbox pacing; tests set these to 0. */
  perChatIntervalMs?: number;
  globalPerSecond?: number;
  /** How long the welcome turn may take before conversation_started is answered without it. */
  welcomeTimeoutMs?: number;
  /** API client tuning (tests shorten the backoff). */
  api?: Pick<ViberBotApiOptions, 'maxRetries' | 'backoffBaseMs' | 'backoffMaxMs' | 'requestTimeoutMs' | 'maxRetryAfterSeconds'>;
  /** Backoff of replies that failed for a passing reason (Viber down, 5xx, status 12); tests shorten it. */
  outboxRetry?: OutboxRetryOptions;
  /**
   * Callbacks seen by any instance (PostgreSQL). The webhook's own memory drops repeats this instance saw;
   * this drops those another instance took first.
   */
  sharedDedupe?: UpdateDedupe;
  /** The outgoing queue in PostgreSQL, shared by the instances; without it, replies queue in memory. */
  sharedOutbox?: SharedQueue;
}

export class ViberChannel {
  readonly api: ViberBotApi;
  readonly outbox: ReplyQueue<ViberOutgoing, string, string>;
  private bot?: ChannelBot<ViberAddress>;
  /** Viber resends a callback for about an hour until it sees a 200; two hours covers that. */
  private readonly dedupe = new RecentIds({ ttlMs: 2 * 60 * 60 * 1000, maxEntries: 100_000 });

  readonly sender: ChannelSender<ViberAddress> = {
    send: async (reply, turn) => {
      if (turn.address.welcome) {
        turn.address.welcome.push(reply);
        return;
      }
      const messages = renderReply(reply, { logger: this.options.logger });
      if (!(await this.outbox.add(turn.inbound.userKey, turn.address.receiverId, messages))) {
        this.options.logger.error({ channel: 'viber' }, 'outbox full: a reply was not queued');
      }
    },
  };

  constructor(private readonly options: ViberChannelOptions) {
    this.api = new ViberBotApi({ authToken: options.config.authToken, apiRoot: options.config.apiRoot, logger: options.logger, ...options.api });
    this.outbox = viberReplyQueue(
      {
        api: this.api,
        logger: options.logger,
        senderName: options.config.botName,
        ...(options.perChatIntervalMs !== undefined ? { perChatIntervalMs: options.perChatIntervalMs } : {}),
        ...(options.globalPerSecond !== undefined ? { globalPerSecond: options.globalPerSecond } : {}),
        ...(options.outboxRetry ? { retry: options.outboxRetry } : {}),
      },
      options.sharedOutbox,
    );
  }

  attach(bot: ChannelBot<ViberAddress>): void {
    this.bot = bot;
  }

  /** `POST /viber/webhook`; mount it before any body parser. */
  router(): Router {
    return viberWebhook({
      authToken: this.options.config.authToken,
      logger: this.options.logger,
      dedupe: this.dedupe,
      maxBodyBytes: this.options.maxBodyBytes,
      ...(this.options.welcomeTimeoutMs !== undefined ? { welcomeTimeoutMs: this.options.welcomeTimeoutMs } : {}),
      onCallback: (callback, token) => this.onCallback(callback, token),
      onConversationStarted: (callback, token) => this.welcome(callback, token),
    });
  }

  /** Registers the webhook when configured to. Call it once the server listens: Viber checks the URL at once. */
  async start(): Promise<void> {
    const { config, logger } = this.options;
    this.outbox.start();
    if (config.registerWebhook && config.publicUrl) {
      const events = await this.api.setWebhook({ url: `${config.publicUrl}${VIBER_WEBHOOK_PATH}`, event_types: VIBER_EVENT_TYPES, send_name: false, send_photo: false });
      logger.info({ channel: 'viber', events }, 'Viber: webhook registered');
    } else {
      logger.info({ channel: 'viber' }, `Viber: receiving callbacks at ${VIBER_WEBHOOK_PATH} (register the URL with set_webhook, see the README)`);
    }
  }

  /** Gives queued replies up to `timeoutMs` to leave; the webhook stops with the HTTP server. */
  async stop(timeoutMs: number): Promise<void> {
    await this.outbox.drain(timeoutMs);
  }

  async onCallback(callback: ViberCallback, token: string | undefined): Promise<void> {
    const { logger, pseudonymiser, sharedDedupe } = this.options;
    // Keyed like the webhook's own memory (event and message_token); a callback without a token cannot be
    // told from another and is handled. conversation_started never gets here: its welcome is the HTTP
    // response, which only the instance Viber is waiting on can give.
    if (sharedDedupe && token !== undefined && !(await sharedDedupe.firstTime(`viber:${callback.event}:${token}`))) {
      logger.debug({ channel: 'viber', ref: tokenDigest(token) }, 'Viber: a callback another instance took, ignored');
      return;
    }
    switch (callback.event) {
      case 'message': {
        if (!this.bot) {
          logger.warn({ channel: 'viber' }, 'Viber: a message arrived before the bot was attached; ignored');
          return;
        }
        const { inbound, address } = messageToInbound(callback, token, pseudonymiser, this.options.isPayload);
        await this.bot.handle(inbound, address);
        return;
      }
      case 'unsubscribed': {
        const userKey = pseudonymiser.userKey('viber', callback.user_id);
        logger.info({ channel: 'viber', user: userKey }, 'Viber: a person unsubscribed; forgetting them');
        await this.options.onUnsubscribe?.(userKey);
        return;
      }
      case 'subscribed':
        // Nothing to say: the greeting went out as the welcome message when they opened the chat.
        logger.debug({ channel: 'viber' }, 'Viber: a person subscribed');
        return;
      case 'webhook':
        logger.info({ channel: 'viber' }, 'Viber: the webhook URL was confirmed');
        return;
      case 'failed':
        // Keyboard checks happen in the app, after send_message said ok: this is where they show up.
        logger.warn({ channel: 'viber', ref: tokenDigest(token), reason: callback.desc?.slice(0, 200) }, 'Viber: a message could not be delivered');
        return;
      case 'conversation_started':
      case 'delivered':
      case 'seen':
        return;
    }
  }

  /** Runs the greeting turn and returns it as the welcome message (the body of the HTTP response). */
  async welcome(callback: ConversationStartedCallback, token: string | undefined): Promise<ViberMessageBody | undefined> {
    if (!this.bot) return undefined;
    const { inbound, address } = conversationStartToInbound(callback, token, this.options.pseudonymiser);
    await this.bot.handle(inbound, address);
    const message = renderWelcome(address.welcome ?? [], { logger: this.options.logger });
    return message ? messageBody(message, this.options.config.botName) : undefined;
  }
}
