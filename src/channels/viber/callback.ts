/**
 * The Viber callbacks we act on, validated at the boundary, and their mapping to the channel-neutral
 * `InboundMessage`. Unknown fields are dropped (zod strips them) and unknown events are reported as such,
 * so a new Viber feature never makes us refuse a callback.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isLanguage, type Language } from '../../knowledge/languages';
import type { InboundMessage, MediaKind, Reply } from '../../messages';
import type { Pseudonymiser } from '../../privacy/pseudonymise';

/**
 * Viber's message_token is a 64-bit integer (e.g. 4912661846655238145), beyond what a JS number holds
 * exactly: parsed as a number, neighbouring tokens can become equal. The exact digits are read from the
 * raw body (see `exactMessageToken`); the parsed value is only a fallback.
 */
const messageToken = z.union([z.number(), z.string().regex(/^\d{1,24}$/)]);

/** A Viber user id is an opaque base64-like string; bounded so a forged huge id costs nothing. */
const userId = z.string().min(1).max(256);

const user = z.object({
  id: userId,
  // Absent when set_webhook asked for send_name: false (what we ask for). Never stored or logged.
  name: z.string().optional(),
  language: z.string().max(35).optional(),
  country: z.string().optional(),
  api_version: z.number().int().optional(),
});

const messageCallback = z.object({
  event: z.literal('message'),
  timestamp: z.number().optional(),
  message_token: messageToken,
  sender: user,
  message: z.object({
    // A string rather than an enum: a message type added later must not make the callback invalid.
    type: z.string(),
    text: z.string().optional(),
    tracking_data: z.string().optional(),
  }),
});

const conversationStarted = z.object({
  event: z.literal('conversation_started'),
  timestamp: z.number().optional(),
  message_token: messageToken.optional(),
  user,
  context: z.string().optional(),
  subscribed: z.boolean().optional(),
});

const subscribed = z.object({ event: z.literal('subscribed'), message_token: messageToken.optional(), user });
const unsubscribed = z.object({ event: z.literal('unsubscribed'), message_token: messageToken.optional(), user_id: userId });
const receipt = z.object({ event: z.enum(['delivered', 'seen']), message_token: messageToken.optional(), user_id: userId.optional() });
const failed = z.object({ event: z.literal('failed'), message_token: messageToken.optional(), user_id: userId.optional(), desc: z.string().optional() });
const webhookCheck = z.object({ event: z.literal('webhook'), message_token: messageToken.optional() });

const viberCallbackSchema = z.discriminatedUnion('event', [
  messageCallback,
  conversationStarted,
  subscribed,
  unsubscribed,
  receipt,
  failed,
  webhookCheck,
]);

export type ViberCallback = z.infer<typeof viberCallbackSchema>;
export type ViberMessageCallback = z.infer<typeof messageCallback>;
export type ConversationStartedCallback = z.infer<typeof conversationStarted>;

const VIBER_EVENTS: ReadonlySet<string> = new Set(['message', 'conversation_started', 'subscribed', 'unsubscribed', 'delivered', 'seen', 'failed', 'webhook']);

export type ParsedCallback =
  | { kind: 'callback'; callback: ViberCallback }
  /** A well-formed callback of an event we do not know (Viber adds events now and then). */
  | { kind: 'unknown-event'; event: string }
  | { kind: 'invalid'; issues: Array<{ path: string; code: string }> };

export function parseCallback(json: unknown): ParsedCallback {
  const event = (json as { event?: unknown } | null)?.event;
  if (typeof event === 'string' && !VIBER_EVENTS.has(event) && /^[a-z_]{1,40}$/.test(event)) return { kind: 'unknown-event', event };
  const parsed = viberCallbackSchema.safeParse(json);
  if (parsed.success) return { kind: 'callback', callback: parsed.data };
  // Paths and codes only: values could be a person's words or id.
  return { kind: 'invalid', issues: parsed.error.issues.slice(0, 5).map((issue) => ({ path: issue.path.join('.'), code: issue.code })) };
}

const TOKEN_IN_BODY = /"message_token"\s*:\s*"?(\d{1,24})"?/;

/**
 * The message_token's exact digits, read from the raw JSON. Inside a JSON string every `"` is escaped, so
 * the pattern only matches the key itself, never a person's text that mentions it.
 */
export function exactMessageToken(rawJson: string, parsed: unknown): string | undefined {
  const digits = TOKEN_IN_BODY.exec(rawJson)?.[1];
  // Cross-check with the parsed value, so an odd body can never make us key on the wrong digits.
  if (digits !== undefined && (typeof parsed === 'string' ? parsed === digits : Number(digits) === parsed)) return digits;
  if (typeof parsed === 'number' && Number.isSafeInteger(parsed)) return String(parsed);
  return typeof parsed === 'string' ? parsed : undefined;
}

/**
 * A short, stable stand-in for a message_token in logs, as WhatsApp logs a digest of its wamid: the token
 * names one person's message in Viber's records, so the log must not carry it.
 */
export function tokenDigest(token: string | undefined): string | undefined {
  return token === undefined ? undefined : `vb-${createHash('sha256').update(token, 'utf8').digest('base64url').slice(0, 22)}`;
}

/**
 * Where to send the reply. Kept in memory for the length of a turn only: it holds the raw Viber id.
 * `welcome` is set for conversation_started: Viber lets a bot answer a person who has not subscribed only
 * in the HTTP response to that callback, so the turn's replies are collected instead of sent.
 */
export interface ViberAddress {
  receiverId: string;
  welcome?: Reply[];
}

export interface ViberInbound {
  inbound: InboundMessage;
  address: ViberAddress;
}

/** What a message carried besides words, by Viber's message type; anything else not text is `other`. */
const MEDIA: Readonly<Record<string, MediaKind>> = { picture: 'picture', sticker: 'picture', video: 'video', file: 'file' };

/** Types whose `text` is what the person wrote: a text message, or the description under a picture, video or file. */
const HAS_WORDS = new Set(['text', 'picture', 'video', 'file']);

/**
 * A message callback as an inbound message. A keyboard press arrives as a text message whose text is the
 * button's ActionBody: when `isPayload` recognises it as one of our payloads it becomes `payload`, else
 * `text`. The text under a picture, video or file is read as the question. A message without words
 * (sticker, picture, location…) has `media` and no text, so the conversation can say that the bot reads
 * text only instead of staying silent.
 */
export function messageToInbound(
  callback: ViberMessageCallback,
  token: string | undefined,
  pseudonymiser: Pick<Pseudonymiser, 'userKey'>,
  isPayload: (text: string) => boolean,
): ViberInbound {
  const inbound: InboundMessage = { channel: 'viber', userKey: pseudonymiser.userKey('viber', callback.sender.id) };
  if (token !== undefined) inbound.messageId = token;
  const { type } = callback.message;
  const text = HAS_WORDS.has(type) ? callback.message.text : undefined;
  if (type === 'text' && text !== undefined && isPayload(text)) inbound.payload = text;
  else if (text !== undefined) inbound.text = text;
  if (type !== 'text') inbound.media = Object.hasOwn(MEDIA, type) ? MEDIA[type] : 'other';
  const hint = languageHint(callback.sender.language);
  if (hint) inbound.languageHint = hint;
  return { inbound, address: { receiverId: callback.sender.id } };
}

/** conversation_started is the person opening the chat: the conversation's "start", with their app language. */
export function conversationStartToInbound(
  callback: ConversationStartedCallback,
  token: string | undefined,
  pseudonymiser: Pick<Pseudonymiser, 'userKey'>,
): ViberInbound {
  const inbound: InboundMessage = { channel: 'viber', userKey: pseudonymiser.userKey('viber', callback.user.id), payload: 'start' };
  if (token !== undefined) inbound.messageId = token;
  const hint = languageHint(callback.user.language);
  if (hint) inbound.languageHint = hint;
  return { inbound, address: { receiverId: callback.user.id, welcome: [] } };
}

/** "uk", "ru-RU", "nl_NL", "EN" → one of our languages; Viber sends the phone's language, or nothing. */
export function languageHint(code: string | undefined): Language | undefined {
  const primary = code?.split(/[-_]/)[0]?.toLowerCase();
  return isLanguage(primary) ? primary : undefined;
}
