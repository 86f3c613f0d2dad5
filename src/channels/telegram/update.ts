/**
 * The part of a Telegram `Update` we act on, validated at the boundary, and its mapping to the
 * channel-neutral `InboundMessage`. Unknown fields are accepted and dropped (zod strips them), so a new
 * Bot API version never makes us reject an update.
 */
import { z } from 'zod';
import { isLanguage, type Language } from '../../knowledge/languages';
import type { InboundMessage } from '../../messages';
import type { Pseudonymiser } from '../../privacy/pseudonymise';

// Only what we read is checked, and a field is required only when we cannot act without it: the Bot API's
// own webhook examples (core.telegram.org/bots/webhooks) leave out `is_bot` and even `chat.type`, and an
// update dropped as "does not match the schema" is a person left without an answer.
const user = z.object({
  id: z.number().int(),
  // Absent in the documented examples; a sender that does not say it is a bot is taken for a person.
  is_bot: z.boolean().optional(),
  language_code: z.string().optional(),
});

const chat = z.object({
  id: z.number().int(),
  // A string rather than an enum: a chat type added later must not make the whole update invalid.
  // Absent in the first documented example; see `isPrivateChat`.
  type: z.string().optional(),
});

const message = z.object({
  message_id: z.number().int(),
  // Absent for channel posts and some service messages.
  from: user.optional(),
  chat,
  text: z.string().optional(),
});

const callbackQuery = z.object({
  id: z.string().min(1),
  from: user,
  // Absent when the button was on an inline-mode message; a stub ("inaccessible message") still has chat.
  message: z.object({ chat }).optional(),
  data: z.string().optional(),
});

export const telegramUpdateSchema = z.object({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  callback_query: callbackQuery.optional(),
});

export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;

/** Where to send the reply. Kept in memory for the length of a turn only: it holds the raw chat id. */
export interface TelegramAddress {
  chatId: number;
  /** Set for a button press: Telegram shows a spinner on the button until answerCallbackQuery. */
  callbackQueryId?: string;
}

export interface TelegramInbound {
  inbound: InboundMessage;
  address: TelegramAddress;
}

/** `/start@PrykhystokBot payload` → `/start payload`; group-style command suffixes reach private chats too. */
const COMMAND_WITH_BOT_NAME = /^(\/[A-Za-z0-9_]{1,32})@[A-Za-z0-9_]{1,64}(?=\s|$)/;

/**
 * Maps an update to an inbound message, or `undefined` when we do not answer it:
 * - messages from bots, and anything outside a private chat (the bot is not meant for groups, and a group
 *   reply would expose a person's question to others);
 * - edited messages, channel posts and other update kinds (not in the schema);
 * - button presses without data (games) or without a chat to answer in (inline-mode messages).
 *
 * A private message without text (sticker, photo, voice note) maps to an InboundMessage with neither
 * `text` nor `payload`, so the conversation can say that the bot reads text only instead of staying silent.
 */
export function toInbound(update: TelegramUpdate, pseudonymiser: Pick<Pseudonymiser, 'userKey'>): TelegramInbound | undefined {
  const messageId = String(update.update_id);
  const { message: msg, callback_query: query } = update;

  if (msg) {
    if (msg.from?.is_bot || !isPrivateChat(msg.chat)) return undefined;
    // In a private chat the chat is the person: its id is theirs even when `from` is left out.
    const personId = msg.from?.id ?? msg.chat.id;
    const inbound: InboundMessage = {
      channel: 'telegram',
      userKey: pseudonymiser.userKey('telegram', personId),
      messageId,
    };
    if (msg.text !== undefined) inbound.text = msg.text.replace(COMMAND_WITH_BOT_NAME, '$1');
    const hint = languageHint(msg.from?.language_code);
    if (hint) inbound.languageHint = hint;
    return { inbound, address: { chatId: msg.chat.id } };
  }

  if (query) {
    const chatOfButton = query.message?.chat;
    if (query.from.is_bot || !chatOfButton || !isPrivateChat(chatOfButton) || !query.data) return undefined;
    const inbound: InboundMessage = {
      channel: 'telegram',
      userKey: pseudonymiser.userKey('telegram', query.from.id),
      payload: query.data,
      messageId,
    };
    const hint = languageHint(query.from.language_code);
    if (hint) inbound.languageHint = hint;
    return { inbound, address: { chatId: chatOfButton.id, callbackQueryId: query.id } };
  }

  return undefined;
}

/**
 * A one-to-one chat with a person. Without `type` the id decides: people have positive ids, groups and
 * channels negative ones (Bot API, Chat.id).
 */
function isPrivateChat(chat: { id: number; type?: string | undefined }): boolean {
  return chat.type === undefined ? chat.id > 0 : chat.type === 'private';
}

/** "uk", "ru-RU", "nl", "en-GB" → one of our languages; Telegram sends an IETF tag or nothing. */
export function languageHint(code: string | undefined): Language | undefined {
  const primary = code?.split(/[-_]/)[0]?.toLowerCase();
  return isLanguage(primary) ? primary : undefined;
}
