/**
 * The conversation runtime and the channels it talks through: the web chat API always, Telegram,
 * WhatsApp and Viber when configured. Each messenger's outbox is reported in /healthz and /metrics.
 */
import type { Router } from 'express';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Health } from '../health';
import type { Metrics } from '../metrics';
import type { Pseudonymiser } from '../privacy/pseudonymise';
import { BotRuntime, type ChannelBot } from '../bot/bot-runtime';
import type { ConversationRecorder } from '../bot/recorder';
import { UserStateStore } from '../bot/user-state-store';
import type { ChannelName, InboundMessage } from '../messages';
import type { WebSessions } from '../channels/web/session';
import { webChatApi, webSender, type WebAddress } from '../channels/web/chat-api';
import { TelegramChannel } from '../channels/telegram/telegram-channel';
import { WhatsAppChannel } from '../channels/whatsapp/whatsapp-channel';
import { ViberChannel } from '../channels/viber/viber-channel';
import { decodeAction } from '../assistant/payloads';
import type { Language } from '../knowledge/languages';
import { inboxText } from '../storage/inbox-store';
import type { AppOptions } from './options';
import type { AppStorage } from './storage';
import type { Answering } from './answering';

export interface ChannelsDeps {
  config: Config;
  options: AppOptions;
  logger: Logger;
  health: Health;
  metrics: Metrics;
  storage: AppStorage;
  answering: Answering;
  pseudonymiser: Pseudonymiser;
  sessions: WebSessions;
}

export interface Channels {
  readonly runtime: BotRuntime;
  /** The web chat's routes. */
  readonly api: Router;
  /** The messengers' webhook routes (Telegram's only in webhook mode). */
  readonly webhooks: Router[];
  readonly telegram?: TelegramChannel;
  readonly whatsapp?: WhatsAppChannel;
  readonly viber?: ViberChannel;
}

export function wireChannels(deps: ChannelsDeps): Channels {
  const { config, options, logger, health, metrics, storage, answering, pseudonymiser, sessions } = deps;
  const { stores } = storage;
  const { translate } = answering;
  // With PostgreSQL, replies wait in a table every instance sends from; failures of it show in /healthz.
  const sharedOutbox = stores.outbox ? { store: stores.outbox, onError: (err: unknown) => health.failed('outbox', err), onOk: () => health.ok('outbox') } : undefined;
  const runtime = new BotRuntime({
    assistant: answering.assistant,
    translate,
    storage: stores.state,
    writesReachDatabase: stores.writesReachDatabase,
    recorder: recorderFor(storage, metrics, logger),
    userLimiter: stores.userLimiter,
    ...(stores.turnOrder ? { turnOrder: stores.turnOrder } : {}),
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
    const { resources } = answering;
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
      ...(sharedOutbox ? { sharedOutbox } : {}),
    });
    telegram.attach(measured('telegram', runtime.channel('telegram', telegram.sender)));
    const router = telegram.router();
    if (router) webhooks.push(router);
    watchOutbox(health, metrics, 'telegram', telegram.outbox, 'Telegram replies waiting to be sent.', 'Telegram chats whose next reply waits to be tried again (Telegram down or refusing for now).');
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
      ...(sharedOutbox ? { sharedOutbox } : {}),
    });
    whatsapp.attach(measured('whatsapp', runtime.channel('whatsapp', whatsapp.sender)));
    webhooks.push(whatsapp.router());
    const wa = whatsapp;
    watchOutbox(health, metrics, 'whatsapp', wa.outbox, 'WhatsApp replies waiting to be sent.', 'WhatsApp people whose next reply waits to be tried again (Meta down or refusing for now).');
    metrics.gauge('prykhystok_whatsapp_outside_window', 'WhatsApp replies not sent: the 24-hour window had closed.', () => wa.outbox.stats().outsideWindow);
  }

  let viber: ViberChannel | undefined;
  if (config.viber) {
    const states = new UserStateStore(stores.state, health, undefined, stores.writesReachDatabase);
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
      ...(stores.sharedDedupe ? { sharedDedupe: stores.sharedDedupe } : {}),
      ...(sharedOutbox ? { sharedOutbox } : {}),
    });
    viber.attach(measured('viber', runtime.channel('viber', viber.sender)));
    webhooks.push(viber.router());
    watchOutbox(health, metrics, 'viber', viber.outbox, 'Viber replies waiting to be sent.', 'Viber people whose next reply waits to be tried again (Viber down or refusing for now).');
  }

  return { runtime, api, webhooks, ...(telegram ? { telegram } : {}), ...(whatsapp ? { whatsapp } : {}), ...(viber ? { viber } : {}) };
}

/** A messenger's outgoing queue in /healthz (`<name>Outbox`) and /metrics (pending, retrying). */
function watchOutbox(
  health: Health,
  metrics: Metrics,
  name: 'telegram' | 'whatsapp' | 'viber',
  outbox: { stats(): { retrying: number }; pending(): number },
  pendingHelp: string,
  retryingHelp: string,
): void {
  health.detail(`${name}Outbox`, () => outbox.stats());
  metrics.gauge(`prykhystok_${name}_outbox_pending`, pendingHelp, () => outbox.pending());
  metrics.gauge(`prykhystok_${name}_outbox_retrying`, retryingHelp, () => outbox.stats().retrying);
}

/** Where a turn's questions, feedback and outcomes go: each store reports under its own name in /healthz. */
function recorderFor(storage: AppStorage, metrics: Metrics, logger: Logger): ConversationRecorder {
  const { inbox, feedback } = storage;
  return {
    question: (text, language, reason, answerId) => {
      // Scrubbed and cut here, so a write that waits to be tried again holds only what the inbox keeps.
      // The time is taken now: a write tried again after an outage still shows when it was asked.
      const kept = inboxText(text);
      const at = Date.now();
      if (kept) storage.background('inbox', () => inbox.record(kept.text, language, reason, answerId, at));
    },
    feedback: (answerId, helpful) => {
      const at = Date.now();
      storage.background('feedback', () => feedback.record(answerId, helpful, at));
    },
    outcome: (channel, outcome) => metrics.messages.inc({ channel, outcome }),
    rateLimited: (channel) => metrics.rateLimited.inc({ where: channel }),
    stateConflict: () => logger.info('a turn left its state unsaved: another turn changed or deleted it first'),
  };
}
