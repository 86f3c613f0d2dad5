/**
 * The bot in a group chat. A question about a person's papers, money or safety does not belong in front
 * of a group, so the bot answers nothing there — but when someone turns to it (mentions it, replies to
 * it, or sends it a command), it says so once, in a short line with a link to a private chat. Every other
 * group message is left alone.
 */
import type { Language } from '../../knowledge/languages';
import { languageHint, type TelegramMessage, type TelegramUpdate } from './update';

/** Who the bot is: the id is the token's first part; the username comes from getMe. */
export interface BotIdentity {
  id: number;
  username?: string;
}

export interface GroupCall {
  chatId: number;
  /** The sender's app language, when it is one of ours. */
  languageHint?: Language;
}

const GROUP_TYPES = new Set(['group', 'supergroup']);

/** Commands any bot in a group may take as its own (Telegram sends a bare command to the bot last active). */
const GENERAL_COMMANDS = /^\/(start|help)(?:\s|$)/i;

/** The bot's id, which is the part of the token before the colon ("123456:ABC…" → 123456). */
export function botIdFromToken(token: string): number {
  return Number(token.split(':')[0]);
}

/** A message in a group that turns to the bot, or undefined (not a group, from a bot, not addressed to us). */
export function groupCall(update: TelegramUpdate, bot: BotIdentity): GroupCall | undefined {
  const msg = update.message;
  if (!msg || !GROUP_TYPES.has(msg.chat.type ?? '') || msg.from?.is_bot || !addressedToBot(msg, bot)) return undefined;
  const hint = languageHint(msg.from?.language_code);
  return hint ? { chatId: msg.chat.id, languageHint: hint } : { chatId: msg.chat.id };
}

function addressedToBot(msg: TelegramMessage, bot: BotIdentity): boolean {
  if (msg.reply_to_message?.from?.id === bot.id) return true;
  const words = msg.text ?? msg.caption ?? '';
  if (GENERAL_COMMANDS.test(words)) return true;
  if (!bot.username) return false;
  const name = bot.username.replace(/[^A-Za-z0-9_]/g, '');
  // "@name" on its own, or a command for it ("/menu@name"); "@name_fan" or "mail@name.org" is someone else.
  return new RegExp(`(?:^|[^A-Za-z0-9_.@])@${name}(?![A-Za-z0-9_])|^/[A-Za-z0-9_]{1,32}@${name}(?![A-Za-z0-9_])`, 'i').test(words);
}

/** The link to a private chat with the bot, as a Markdown link (the channel renders it). */
export function privateChatLink(username: string): string {
  // Underscores are escaped so the label can never read as italics.
  return `[t.me/${username.replace(/_/g, '\\_')}](https://t.me/${username})`;
}
