/**
 * Answers a group message that turns to the bot (see group.ts) with one short line and a link to a private
 * chat. The line goes straight to the outbox: a group is nobody's conversation, so nothing about it is
 * kept, and the assistant never sees what was written there.
 */
import type { Logger } from 'pino';
import type { Language } from '../../knowledge/languages';
import { RecentIds } from '../dedupe';
import type { ReplyQueue } from '../outbox-policy';
import type { TelegramBotApi } from './bot-api';
import { botIdFromToken, groupCall, privateChatLink, type BotIdentity } from './group';
import { renderReply, type TelegramOutgoing } from './render';
import type { TelegramUpdate } from './update';

export interface GroupRepliesOptions {
  token: string;
  api: Pick<TelegramBotApi, 'getMe'>;
  outbox: Pick<ReplyQueue<TelegramOutgoing, number, number>, 'add'>;
  logger: Pick<Logger, 'debug' | 'warn'>;
  /** The line in a language, with the Markdown link to the private chat put in. */
  text: (language: Language, link: string) => string;
  /** One line per group per this long, however many call the bot: a group is not flooded. Default 30 s. */
  cooldownMs?: number;
}

const GROUP_TYPES = new Set(['group', 'supergroup']);

export class GroupReplies {
  private identity: Promise<BotIdentity> | undefined;
  private readonly answered: RecentIds;

  constructor(private readonly options: GroupRepliesOptions) {
    this.answered = new RecentIds({ ttlMs: options.cooldownMs ?? 30_000, maxEntries: 10_000 });
  }

  /**
   * Who the bot is (getMe), asked at the first group message rather than at start, so a bot never added to
   * a group makes no extra call. Asked once; a failure is logged and asked again at the next group message.
   * Without the username the bot still knows a reply to it (by its id), but not a mention or a link.
   */
  whoAmI(): Promise<BotIdentity> {
    this.identity ??= this.options.api.getMe().then(
      (me): BotIdentity => (me.username ? { id: me.id, username: me.username } : { id: me.id }),
      (error: unknown): BotIdentity => {
        this.identity = undefined;
        this.options.logger.warn({ channel: 'telegram', error: error instanceof Error ? error.message : String(error) }, 'Telegram: getMe failed; group mentions are not recognised until it succeeds');
        return { id: botIdFromToken(this.options.token) };
      },
    );
    return this.identity;
  }

  /** True when the update is a group message (answered or left alone): the caller does nothing more with it. */
  async handle(update: TelegramUpdate): Promise<boolean> {
    const chatType = (update.message ?? update.edited_message)?.chat.type;
    if (chatType === undefined || !GROUP_TYPES.has(chatType)) return false;
    const bot = await this.whoAmI();
    const call = groupCall(update, bot);
    if (!call) return true;
    const { logger } = this.options;
    if (!bot.username) {
      logger.warn({ channel: 'telegram' }, 'Telegram: the bot was called in a group, but its username is unknown (getMe failed); no reply');
      return true;
    }
    if (!this.answered.firstTime(String(call.chatId))) {
      logger.debug({ channel: 'telegram' }, 'Telegram: a group was told to write privately a moment ago; not again');
      return true;
    }
    const language = call.languageHint ?? 'uk';
    const text = this.options.text(language, privateChatLink(bot.username));
    // The queue logs a refusal itself, and never rejects.
    await this.options.outbox.add(call.chatId, call.chatId, renderReply({ kind: 'info', language, text, sources: [], buttons: [] }));
    return true;
  }
}
