/**
 * The likely language of a person who sent WhatsApp nothing to read (a voice note, a sticker, a photo)
 * as their first message: the country of their number. +380 is Ukraine, +31 the Netherlands. A Russian
 * number says little about a refugee's language, and any other country less, so there is no guess then
 * and the bot speaks all four languages.
 *
 * Only the language leaves this function. The number is read here, in memory, and goes no further.
 */
import type { Language } from '../../knowledge/languages';
import type { WhatsAppAddress } from './message';

/** Calling code (digits after "+") → language; the longest code is tried first. */
const BY_CALLING_CODE: ReadonlyArray<readonly [string, Language]> = [
  ['380', 'uk'],
  ['31', 'nl'],
];

/** A business-scoped user id starts with the two-letter country of the account ("NL.1234…"). */
const BY_COUNTRY: Readonly<Record<string, Language>> = { UA: 'uk', NL: 'nl' };

export function languageOfNumber(address: WhatsAppAddress): Language | undefined {
  if (address.kind === 'bsuid') {
    const country = address.id.slice(0, 2);
    return Object.hasOwn(BY_COUNTRY, country) ? BY_COUNTRY[country] : undefined;
  }
  return BY_CALLING_CODE.find(([code]) => address.id.startsWith(code))?.[1];
}
