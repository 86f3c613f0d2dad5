/**
 * The shapes channels and the conversation share. Channels turn platform payloads into an
 * `InboundMessage` and render `Reply` objects in their own format; nothing else crosses that seam.
 */
import type { Language } from './knowledge/languages';

export type ChannelName = 'web' | 'telegram' | 'terminal' | 'whatsapp' | 'viber';

/**
 * What a message carried besides words: a photo or sticker, a video, a voice note or audio, a file, or
 * anything else (location, contact…). The bot reads none of them; it says so in the person's language.
 */
export type MediaKind = 'picture' | 'video' | 'voice' | 'file' | 'other';

export interface InboundMessage {
  channel: ChannelName;
  /** Pseudonymous, stable per person and channel (a keyed hash of the platform id); never the raw id. */
  userKey: string;
  /** What the person typed, or the caption they wrote under a photo, video or file. */
  text?: string;
  /** Set when the message carried something other than words (with or without a caption). */
  media?: MediaKind;
  /** A button's payload (see `payloads.ts`), when a button was pressed. */
  payload?: string;
  /** The messenger's language setting for this person, if it told us and it is one of ours. */
  languageHint?: Language;
  /** The platform's id of this message, for logs and de-duplication (never shown, never stored raw). */
  messageId?: string;
}

export interface ReplyButton {
  label: string;
  /** At most 64 bytes (Telegram's callback_data limit); built by `payloads.ts`. */
  payload: string;
}

export type ReplyKind =
  | 'answer'
  | 'safety'
  | 'suggest'
  | 'unanswered'
  | 'greeting'
  | 'menu'
  | 'language'
  | 'feedback'
  | 'forget'
  | 'privacy'
  | 'limited'
  | 'counter'
  | 'place'
  | 'info';

export interface Reply {
  kind: ReplyKind;
  language: Language;
  /** The message, in the Markdown subset of knowledge answers: **bold**, [links](https://…), "- " lists. */
  text: string;
  /** The knowledge entry this reply shows, if any. */
  answerId?: string;
  /** Official sources of the answer (URLs). */
  sources: string[];
  /** ISO date a person last checked the answer. */
  reviewed?: string;
  /** "Checked on 6 March 2026" in the reply's language, ready to show. */
  reviewedLabel?: string;
  /** A line shown before the text, e.g. "This answer is not yet in Ukrainian; here it is in English." */
  notice?: string;
  /**
   * A line shown after the text, its numbers and its sources: "checked more than six months ago" on a
   * safety answer or one that gives phone numbers, where nothing may come before "Call 112".
   */
  caveat?: string;
  buttons: ReplyButton[];
  /**
   * On a counter card: the same card as a printable page of this site (a same-origin path), for channels
   * that can open one (the web chat); messengers show the text, which is the card itself.
   */
  counterCard?: { path: string; label: string };
}
