/**
 * A photo, video, voice note, file or sticker with no words: the bot cannot read it, and says so in one
 * line, in the person's language. A caption is a question like any other and never comes here.
 */
import { LANGUAGES, type Language } from '../knowledge/languages';
import type { InboundMessage, MediaKind, Reply } from '../messages';
import type { Composer } from './compose';
import type { UserState } from './user-state';

/** The locale key of the line for each kind of attachment. */
const LINE: Readonly<Record<MediaKind, string>> = {
  picture: 'media.picture',
  video: 'media.video',
  voice: 'media.voice',
  file: 'media.file',
  other: 'media.other',
};

export interface MediaTurn {
  replies: Reply[];
  state: UserState;
  language: Language;
}

/** True when the message is an attachment without words, which search has nothing to read in. */
export function isWordlessMedia(message: InboundMessage): message is InboundMessage & { media: MediaKind } {
  return message.payload === undefined && message.media !== undefined && !message.text?.trim();
}

/**
 * The line, in the language known (chosen, last used, or the messenger's hint — on WhatsApp the country
 * of the number). A first contact — someone who has never had a reply — then gets the menu, so a person
 * whose first message was a voice note sees what they can ask; they are not marked as greeted, so their
 * first question still gets the greeting.
 */
export function mediaReplies(compose: Composer, message: InboundMessage & { media: MediaKind }, state: UserState): MediaTurn {
  const key = LINE[message.media];
  const firstContact = !state.greeted && state.lastLanguage === undefined;
  const known = state.language ?? state.lastLanguage ?? message.languageHint;
  if (known) {
    const replies = firstContact ? [compose.simple('info', key, known, false), compose.menu(known)] : [compose.simple('info', key, known)];
    return { replies, state: { ...state, lastLanguage: known }, language: known };
  }
  // Nothing tells the language: the same short line in each of ours, and the buttons to choose one
  // (the menu, for someone whose language is not known yet).
  const text = LANGUAGES.map((language) => compose.simple('info', key, language, false).text).join('\n');
  const reply: Reply = { ...compose.chooseLanguage('info'), text };
  return { replies: [reply], state, language: 'uk' };
}
