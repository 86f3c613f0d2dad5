/**
 * A WhatsApp message mapped to the channel-neutral `InboundMessage`.
 *
 * A WhatsApp user id is a phone number. It becomes a pseudonymous `userKey` here and otherwise lives only
 * in the in-memory `WhatsAppAddress` of the turn and in the send call. The wamid embeds the same number
 * (base64), so the `messageId` handed on is a hash of it, never the wamid itself.
 */
import { createHash } from 'node:crypto';
import type { InboundMessage, MediaKind } from '../../messages';
import type { Pseudonymiser } from '../../privacy/pseudonymise';
import type { WhatsAppMessage } from './notification';
import { languageOfNumber } from './number-language';

/** Where to send the reply. Kept in memory for the length of a turn only: it holds the raw id. */
export interface WhatsAppAddress {
  /** A phone number (wa_id) goes in the send call's `to`; a business-scoped user id in `recipient`. */
  kind: 'phone' | 'bsuid';
  id: string;
}

export interface WhatsAppInbound {
  inbound: InboundMessage;
  address: WhatsAppAddress;
  /** When the person wrote (ms, Meta's clock): the 24-hour customer-service window counts from here. */
  sentAt?: number;
  /** For a message with words: which message it is (a digest of its wamid), and whether this is an edit of it. */
  version?: { message: string; edited: boolean };
}

/** Meta sends wa_id as digits only; a leading "+" is tolerated. */
const PHONE = /^\+?\d{5,20}$/;
/** Two-letter country code, optional "ENT." (parent BSUID), then up to 128 alphanumerics. */
const BSUID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;

/**
 * Types that are not a person asking something: a reaction to one of our messages, a system notice
 * (number changed), a deletion notice. Answering them with "please type your question" would be noise.
 */
const NOT_ADDRESSED_TO_US = new Set(['reaction', 'system', 'ephemeral', 'revoke']);

/**
 * Maps a message to an inbound message, or `undefined` when we do not answer it (see
 * NOT_ADDRESSED_TO_US, or no usable sender). Text is passed on as typed, and so is the caption of an
 * image, video or document; a reply-button or list-row tap becomes `payload` = the id we gave the button.
 * Any other type (audio, sticker, location…), and media without a caption, maps to an InboundMessage with
 * `media` and no text, so the conversation can say that the bot reads text only.
 */
export function toInbound(message: WhatsAppMessage, pseudonymiser: Pick<Pseudonymiser, 'userKey'>): WhatsAppInbound | undefined {
  if (NOT_ADDRESSED_TO_US.has(message.type)) return undefined;
  const address = addressOf(message);
  if (!address) return undefined;
  // An edit is the edited message's new words; the channel answers it only when they are new (MessageVersions).
  const edit = message.type === 'edit' ? message.edit : undefined;
  if (message.type === 'edit' && (edit === undefined || wordsIn(edit.message) === undefined)) return undefined;

  const inbound: InboundMessage = {
    channel: 'whatsapp',
    userKey: pseudonymiser.userKey('whatsapp', address.id),
    messageId: messageDigest(message.id),
  };
  const content = contentOf(edit?.message ?? message);
  if (content.text !== undefined) inbound.text = content.text;
  if (content.payload !== undefined) inbound.payload = content.payload;
  if (content.media !== undefined) inbound.media = content.media;
  // Nothing to read, so nothing to tell the language by: the country of the number is the best guess.
  // Only for such messages: a Ukrainian with a Dutch number who writes is answered in the language she writes.
  if (content.media !== undefined && content.text === undefined) {
    const language = languageOfNumber(address);
    if (language) inbound.languageHint = language;
  }

  const mapped: WhatsAppInbound = { inbound, address };
  const seconds = Number(message.timestamp);
  if (message.timestamp !== undefined && Number.isFinite(seconds)) mapped.sentAt = seconds * 1000;
  if (content.text !== undefined) mapped.version = { message: messageDigest(edit?.original_message_id ?? message.id), edited: edit !== undefined };
  return mapped;
}

/** A short, stable stand-in for a wamid in logs and de-duplication keys (the wamid holds the number). */
export function messageDigest(wamid: string): string {
  return `wa-${createHash('sha256').update(wamid, 'utf8').digest('base64url').slice(0, 22)}`;
}

/**
 * The phone number when Meta shares it, the BSUID otherwise. The phone number comes first so the
 * pseudonymous key stays what it was before BSUIDs existed; a person who hides their number behind a
 * username is still answered, through the BSUID.
 */
function addressOf(message: WhatsAppMessage): WhatsAppAddress | undefined {
  if (message.from !== undefined && PHONE.test(message.from)) return { kind: 'phone', id: message.from.replace(/^\+/, '') };
  if (message.from_user_id !== undefined && BSUID.test(message.from_user_id)) return { kind: 'bsuid', id: message.from_user_id };
  return undefined;
}

/** What the message carried besides words, by WhatsApp's message type. */
const MEDIA: Readonly<Record<string, MediaKind>> = { image: 'picture', sticker: 'picture', video: 'video', audio: 'voice', document: 'file' };

/** The words of a text message, or the caption of an image, video or document. */
function wordsIn(message: Pick<WhatsAppMessage, 'type' | 'text' | 'image' | 'video' | 'document'>): string | undefined {
  switch (message.type) {
    case 'text':
      return message.text?.body;
    case 'image':
    case 'video':
    case 'document':
      return message[message.type]?.caption;
    default:
      return undefined;
  }
}

function contentOf(message: Omit<WhatsAppMessage, 'id'>): { text?: string; payload?: string; media?: MediaKind } {
  switch (message.type) {
    case 'text':
      return message.text ? { text: message.text.body } : {};
    case 'image':
    case 'video':
    case 'document': {
      const caption = wordsIn(message);
      return caption !== undefined ? { text: caption, media: MEDIA[message.type] } : { media: MEDIA[message.type] };
    }
    case 'interactive': {
      const id = message.interactive?.button_reply?.id ?? message.interactive?.list_reply?.id;
      return id ? { payload: id } : {};
    }
    case 'button':
      // A template's quick reply: its payload when set, else what the button said.
      if (message.button?.payload) return { payload: message.button.payload };
      return message.button?.text !== undefined ? { text: message.button.text } : {};
    case 'request_welcome':
      // The person opened the chat for the first time: the same as Telegram's Start button.
      return { text: '/start' };
    default:
      return { media: Object.hasOwn(MEDIA, message.type) ? MEDIA[message.type] : 'other' };
  }
}
