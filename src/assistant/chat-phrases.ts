/**
 * Messages that are not questions: commands, greetings, thanks. Recognised before search so "привіт"
 * gets a greeting, not "I don't know".
 */
import { hasMoreWordsThan, normalise, tokenize } from '../search/normalise';
import { CHAT_WORDS } from '../phrases/chat-words';

export type ChatCommand = 'start' | 'menu' | 'lang' | 'forget' | 'privacy' | 'help';

const COMMANDS: Readonly<Record<string, ChatCommand>> = {
  '/start': 'start',
  '/menu': 'menu',
  '/lang': 'lang',
  '/language': 'lang',
  '/forget': 'forget',
  '/privacy': 'privacy',
  '/help': 'help',
};

/** A slash command, also with a bot-name suffix ("/start@PrykhystokBot") or arguments. */
export function commandOf(text: string): ChatCommand | undefined {
  // The first word only: splitting a long message into all its words to look at one was most of this call.
  const first = /\S+/.exec(text)?.[0].toLowerCase().replace(/@\w+$/, '') ?? '';
  // Own keys only: "constructor" or "__proto__" typed by a person is not a command.
  return Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
}

/** Each word as messages are read (lower case, ё as е), so "Всё" written in the file finds "всё" typed. */
const wordSet = (words: readonly string[]): ReadonlySet<string> => new Set(words.flatMap((w) => tokenize(normalise(w))));

// The words live in src/phrases/chat.yaml. Thanks comes with "for everything", "for your help", "a lot":
// words that also end a farewell, so a farewell with a sign of danger is caught by the safety check
// before thanks is read (assistant.ts).
const GREETINGS = wordSet(CHAT_WORDS.greetings);
const THANKS = wordSet(CHAT_WORDS.thanks);

const MAX_CHAT_WORDS = 5;

function onlyWordsFrom(text: string, words: ReadonlySet<string>): boolean {
  if (hasMoreWordsThan(text, MAX_CHAT_WORDS)) return false;
  const tokens = tokenize(normalise(text));
  return tokens.length > 0 && tokens.length <= MAX_CHAT_WORDS && tokens.every((t) => words.has(t));
}

export const isGreeting = (text: string) => onlyWordsFrom(text, GREETINGS);
export const isThanks = (text: string) => onlyWordsFrom(text, THANKS);

const PLAIN_WORD_CHARACTER = /[a-z0-9а-яіїєґ]/i;

/** True when a message has no letters or digits at all (emoji, punctuation, invisible characters). */
export function hasNoWords(text: string): boolean {
  // Most messages show a plain letter or digit early on, and reading stays that way after normalising.
  if (PLAIN_WORD_CHARACTER.test(text.slice(0, 200))) return false;
  return tokenize(normalise(text)).length === 0;
}
