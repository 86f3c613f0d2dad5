/**
 * The part of a Telegram `Update` we act on, validated at the boundary, and its mapping to the
 * channel-neutral `InboundMessage`. Unknown fields are accepted and dropped (zod strips them), so a new
 * Bot API version never makes us reject an update.
 */
import { z } from 'zod';
import { isLanguage, type Language } from '../../knowledge/languages';
import type { InboundMessage, MediaKind } from '../../messages';
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

/** Only whether it is there matters: the bot reads no attachment. */
const present = z.unknown().optional();

const message = z.object({
  message_id: z.number().int(),
  // Absent for channel posts and some service messages.
  from: user.optional(),
  chat,
  text: z.string().optional(),
  /** What the person wrote under a photo, video, document, audio or voice note. */
  caption: z.string().optional(),
  /** Shared by the photos and videos sent as one album. */
  media_group_id: z.string().optional(),
  photo: present,
  sticker: present,
  animation: present,
  video: present,
  video_note: present,
  voice: present,
  audio: present,
  document: present,
  /** In a group, a reply to one of the bot's messages is addressed to the bot. */
  reply_to_message: z.object({ from: user.optional() }).optional(),
});

export type TelegramMessage = z.infer<typeof message>;

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
  /** The new version of a message the person edited: the same shape as a message. */
  edited_message: message.optional(),
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
  /** The album (media_group_id) the message belongs to: Telegram sends each photo of it separately. */
  album?: string;
  /** For a message with words: which message it is (chat and message_id), and whether this is an edit of it. */
  version?: { message: string; edited: boolean };
}

/** `/start@PrykhystokBot payload` → `/start payload`; group-style command suffixes reach private chats too. */
const COMMAND_WITH_BOT_NAME = /^(\/[A-Za-z0-9_]{1,32})@[A-Za-z0-9_]{1,64}(?=\s|$)/;

/**
 * Maps an update to an inbound message, or `undefined` when we do not answer it:
 * - messages from bots, and anything outside a private chat (the bot is not meant for groups, and a group
 *   reply would expose a person's question to others);
 * - an edit that leaves no words (the caption removed), channel posts and other update kinds (not in the
 *   schema);
 * - button presses without data (games) or without a chat to answer in (inline-mode messages).
 *
 * The caption of a photo, video or document is read as the question, like typed text. A private message
 * without words (sticker, photo, voice note) maps to an InboundMessage with `media` and no `text`, so the
 * conversation can say that the bot reads text only instead of staying silent.
 */
export function toInbound(update: TelegramUpdate, pseudonymiser: Pick<Pseudonymiser, 'userKey'>): TelegramInbound | undefined {
  const messageId = String(update.update_id);
  const { callback_query: query } = update;
  // An edit is read like a message; the channel answers it only when its words are new (MessageVersions).
  const edited = update.message === undefined && update.edited_message !== undefined;
  const msg = update.message ?? update.edited_message;

  if (msg) {
    if (msg.from?.is_bot || !isPrivateChat(msg.chat)) return undefined;
    if (edited && msg.text === undefined && msg.caption === undefined) return undefined;
    // In a private chat the chat is the person: its id is theirs even when `from` is left out.
    const personId = msg.from?.id ?? msg.chat.id;
    const inbound: InboundMessage = {
      channel: 'telegram',
      userKey: pseudonymiser.userKey('telegram', personId),
      messageId,
    };
    const words = msg.text ?? msg.caption;
    if (words !== undefined) inbound.text = words.replace(COMMAND_WITH_BOT_NAME, '$1');
    const media = mediaOf(msg);
    if (media) inbound.media = media;
    const hint = languageHint(msg.from?.language_code);
    if (hint) inbound.languageHint = hint;
    const mapped: TelegramInbound = { inbound, address: { chatId: msg.chat.id } };
    if (msg.media_group_id !== undefined) mapped.album = msg.media_group_id;
    if (words !== undefined) mapped.version = { message: `${msg.chat.id}:${msg.message_id}`, edited };
    return mapped;
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

/** What the message carried besides words; `other` for a message with neither words nor a known attachment. */
function mediaOf(msg: TelegramMessage): MediaKind | undefined {
  // An animation also comes with `document` (for old clients), so it is looked at first.
  if (msg.photo !== undefined || msg.sticker !== undefined || msg.animation !== undefined) return 'picture';
  if (msg.video !== undefined || msg.video_note !== undefined) return 'video';
  if (msg.voice !== undefined || msg.audio !== undefined) return 'voice';
  if (msg.document !== undefined) return 'file';
  return msg.text === undefined && msg.caption === undefined ? 'other' : undefined;
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
