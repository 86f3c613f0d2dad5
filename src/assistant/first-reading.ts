/**
 * The reading a message's turn will ask for first: a text message's own words, read in the language the
 * person chose or their messenger's. Fetched from a search worker before the turn runs
 * (reading-source.ts), so the turn does not stop at it and run again. A guess may miss (a message that
 * names a town and asks more is read without the town): the turn then fetches what it really needs.
 */
import type { InboundMessage } from '../messages';
import { commandOf, hasNoWords } from './chat-phrases';
import { isWordlessMedia } from './media';
import type { FirstReading } from './reading-source';
import type { UserState } from './user-state';

export function firstReading(message: InboundMessage, state: UserState): FirstReading | undefined {
  const text = message.text;
  if (message.payload !== undefined || !text || isWordlessMedia(message) || commandOf(text) || hasNoWords(text)) return undefined;
  return { raw: text, hint: state.language ?? message.languageHint };
}
