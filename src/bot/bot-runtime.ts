/**
 * The Botkit layer: one controller per channel, all with the same handler and the same storage. The
 * handler loads the person's state, applies the per-person rate limit, asks the assistant, sends the
 * replies through Botkit, saves the state and records what volunteers and metrics need.
 */
import type { TurnContext } from 'botbuilder';
import { Botkit, type BotWorker, type BotkitMessage } from 'botkit';
import type { Logger } from '../logger';
import type { Assistant, AssistantEvent } from '../assistant/assistant';
import type { Translate } from '../assistant/translate';
import type { ChannelName, InboundMessage, Reply } from '../messages';
import type { PersonLimiter } from '../rate-limiter';
import type { StateStore } from '../storage/state-port';
import { ChannelAdapter, turnOf, type ChannelSender } from './channel-adapter';
import type { ConversationRecorder } from './recorder';
import { UserStateStore, type StateStoreHealth } from './user-state-store';
import { DialogFreeStorage } from './dialog-free-storage';

/** Channels whose replies travel back in the response to the person's own request. */
const ANSWERED_IN_RESPONSE: ReadonlySet<ChannelName> = new Set(['web', 'terminal']);

/** botbuilder-dialogs' turn-state key for a dialog context's memory scopes (see handleTurn). */
const DIALOG_SCOPES_KEY = 'DialogStateManagerConfiguration';

export interface BotRuntimeDeps {
  assistant: Assistant;
  translate: Translate;
  storage: StateStore;
  /** True when a write reaches the database at once (PostgreSQL), so it proves the storage well. */
  writesReachDatabase?: boolean;
  recorder: ConversationRecorder;
  userLimiter: PersonLimiter;
  health: StateStoreHealth;
  logger: Logger;
  /** Orders one person's turns across instances (PostgreSQL); without it, only this process orders them. */
  turnOrder?: TurnOrder;
}

/**
 * Runs a person's turns one after the other wherever they arrive. `run` resolves with the turn's result
 * once it ran; the next turn of the same person starts after that.
 */
export interface TurnOrder {
  run<T>(person: string, turn: () => Promise<T>): Promise<T>;
}

export interface ChannelBot<A> {
  /** Runs the conversation for one inbound message; resolves when its replies were handed to the sender. */
  handle(inbound: InboundMessage, address: A): Promise<void>;
  readonly adapter: ChannelAdapter<A>;
}

export class BotRuntime {
  private readonly controllers: Botkit[] = [];
  private readonly adapters: ChannelAdapter<unknown>[] = [];
  private readonly states: UserStateStore;

  constructor(private readonly deps: BotRuntimeDeps) {
    this.states = new UserStateStore(deps.storage, deps.health, undefined, deps.writesReachDatabase ?? false, () => deps.recorder.stateConflict?.());
  }

  channel<A>(channel: ChannelName, sender: ChannelSender<A>): ChannelBot<A> {
    const adapter = new ChannelAdapter<A>(channel, sender);
    const controller = new Botkit({ adapter, storage: new DialogFreeStorage(), disable_webserver: true, disable_console: true });
    controller.on('message', (bot: BotWorker, message: BotkitMessage) => this.onMessage(channel, bot, message));
    this.controllers.push(controller);
    this.adapters.push(adapter as ChannelAdapter<unknown>);
    return {
      adapter,
      handle: (inbound, address) =>
        adapter.process(inbound, address, async (context) => {
          // The adapter queues the person's turns in this process; the turn order queues them across
          // instances, around the whole turn, so the state it saves is the state the next one reads.
          const { turnOrder } = this.deps;
          if (turnOrder) await turnOrder.run(inbound.userKey, () => this.handleTurn(controller, context));
          else await this.handleTurn(controller, context);
        }),
    };
  }

  /**
   * Botkit opens a dialog context on every turn, and botbuilder builds the context's memory scopes anew
   * each time (a service collection, factories, a zod parse: about 4 % of a turn's main-thread time)
   * unless the turn already holds them — it keeps them for that turn only, under this key. The scopes
   * keep no state of their own, so the first turn's serve every later one. Should botbuilder rename the
   * key, turns only build their own again.
   */
  private dialogScopes: unknown;

  private async handleTurn(controller: Botkit, context: TurnContext): Promise<void> {
    if (this.dialogScopes !== undefined) context.turnState.set(DIALOG_SCOPES_KEY, this.dialogScopes);
    await controller.handleTurn(context);
    this.dialogScopes ??= context.turnState.get(DIALOG_SCOPES_KEY);
  }

  /** Waits for turns in progress on every channel (graceful shutdown). */
  async idle(): Promise<void> {
    await Promise.all(this.adapters.map((a) => a.idle()));
  }

  async shutdown(): Promise<void> {
    await this.idle();
    await Promise.all(this.controllers.map((c) => c.shutdown().catch(() => undefined)));
  }

  private async onMessage(channel: ChannelName, bot: BotWorker, message: BotkitMessage): Promise<void> {
    // Botkit rethrows handler errors where nobody catches them, which would end the process.
    const turn = turnOf(message.context);
    if (!turn) return;
    const { inbound } = turn;
    const send = (reply: Reply) => bot.reply(message, { text: reply.text, channelData: { reply } });
    try {
      const { state, version } = await this.states.load(inbound.userKey);
      const limit = await this.deps.userLimiter.hit(`${channel}:${inbound.userKey}`);
      let result;
      if (limit.allowed) {
        result = await this.deps.assistant.respond(inbound, state);
      } else {
        this.deps.recorder.rateLimited(channel);
        result = await this.deps.assistant.respondLimited(inbound, state, limit.retryAfterSeconds);
        if (!result.replies.some((r) => r.kind === 'safety')) {
          // In the web chat the reply is the HTTP response and costs nothing; a messenger is told at most
          // once in a while, so a flood does not turn into a flood of our own messages.
          if (ANSWERED_IN_RESPONSE.has(channel) || limit.tell) for (const reply of result.replies) await send(reply);
          return;
        }
      }
      for (const reply of result.replies) await send(reply);
      if (result.state === null) await this.states.forget(inbound.userKey);
      else await this.states.save(inbound.userKey, result.state, version);
      this.record(channel, result.events);
    } catch (err) {
      this.deps.logger.error({ err, channel }, 'conversation turn failed');
      const language = inbound.languageHint ?? 'uk';
      await send({ kind: 'info', language, text: this.deps.translate('errors.generic', language), sources: [], buttons: [] }).catch(() => undefined);
    }
  }

  private record(channel: ChannelName, events: readonly AssistantEvent[]): void {
    const r = this.deps.recorder;
    for (const e of events) {
      try {
        switch (e.type) {
          case 'outcome':
            r.outcome(channel, e.outcome);
            break;
          case 'unanswered':
            r.question(e.question, e.language, 'unanswered');
            break;
          case 'feedback':
            r.feedback(e.answerId, e.helpful);
            if (!e.helpful && e.question) r.question(e.question, e.language, 'not-helpful', e.answerId);
            break;
          case 'forget':
            break;
        }
      } catch (err) {
        this.deps.logger.warn({ err, event: e.type }, 'could not record a conversation event');
      }
    }
  }
}
