/**
 * One Botkit adapter for all our channels. Receiving is done by our own receivers (which verify and
 * de-duplicate); this adapter turns their `InboundMessage` into a Botkit turn and hands the replies of
 * that turn to the channel's sender. The platform address (a chat id, a phone number) rides along in
 * memory for the turn only and is never stored.
 */
import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { ChannelName, InboundMessage, Reply } from '../messages';

export interface TurnAddress<A = unknown> {
  inbound: InboundMessage;
  /** The channel's own way to reach the person (kept in memory only). */
  address: A;
}

export interface ChannelSender<A = unknown> {
  /** Sends (or, for the web chat, collects) one reply of a turn, in order. */
  send(reply: Reply, turn: TurnAddress<A>): Promise<void>;
}

const TURN_KEY = 'prykhystok.turn';

export function turnOf<A>(context: TurnContext): TurnAddress<A> | undefined {
  return context.turnState.get(TURN_KEY) as TurnAddress<A> | undefined;
}

function replyOf(activity: Partial<Activity>): Reply | undefined {
  const data = activity.channelData as { reply?: Reply } | undefined;
  return data?.reply;
}

export class ChannelAdapter<A = unknown> extends BotAdapter {
  /** Botkit calls plugins by name; an adapter without one never gets `init`. */
  readonly name: string;
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    readonly channel: ChannelName,
    private readonly sender: ChannelSender<A>,
  ) {
    super();
    this.name = `prykhystok-${channel}`;
  }

  /**
   * Runs one turn. Turns of the same person run one after the other (Botkit's state would race
   * otherwise); different people run concurrently. Resolves when the turn's replies were handed over.
   */
  process(inbound: InboundMessage, address: A, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const key = inbound.userKey;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(() => this.runTurn(inbound, address, logic));
    const settled = run.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return run;
  }

  /** Turns waiting or running, for graceful shutdown. */
  get busy(): number {
    return this.queues.size;
  }

  async idle(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()]);
  }

  private async runTurn(inbound: InboundMessage, address: A, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    // Every update type of a channel gets the same conversation shape, so Botkit's state key is stable.
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: inbound.messageId ?? `${Date.now()}`,
      channelId: this.channel,
      timestamp: new Date(),
      from: { id: inbound.userKey, name: '' },
      recipient: { id: 'prykhystok', name: 'Prykhystok' },
      conversation: { id: inbound.userKey, isGroup: false, conversationType: 'personal', name: '' },
      text: inbound.text ?? '',
      value: inbound.payload,
      channelData: { inbound },
    };
    const context = new TurnContext(this, activity);
    context.turnState.set(TURN_KEY, { inbound, address } satisfies TurnAddress<A>);
    await this.runMiddleware(context, logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const turn = turnOf<A>(context);
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const reply = replyOf(activity);
      if (turn && reply) await this.sender.send(reply, turn);
      responses.push({ id: `${Date.now()}` });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error(`${this.name}: editing sent messages is not supported`);
  }

  async deleteActivity(): Promise<void> {
    throw new Error(`${this.name}: deleting sent messages is not supported`);
  }

  async continueConversation(_reference: Partial<ConversationReference>): Promise<void> {
    // We keep no platform addresses, so we cannot write to someone who has not just written to us.
    throw new Error(`${this.name}: proactive messages are not supported (no addresses are stored)`);
  }
}
