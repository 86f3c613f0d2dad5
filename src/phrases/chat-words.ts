/**
 * The words of greetings and thanks, from `src/phrases/chat.yaml` (its header explains them), read once
 * when this module is loaded; a broken file stops the start with `file:line: message`.
 */
import path from 'node:path';
import { z } from 'zod';
import { readDataFile } from './read-data-file';

/** Space-separated words per language; `latin` is Ukrainian and Russian typed in Latin letters. */
const EMPTY = 'write the words, or leave the language out';
const perLanguage = z.strictObject(
  Object.fromEntries(['uk', 'ru', 'nl', 'en', 'latin'].map((l) => [l, z.string({ error: EMPTY }).trim().min(1, EMPTY).optional()])),
);

const chatWordsSchema = z.strictObject({ greetings: perLanguage, thanks: perLanguage });

export interface ChatWords {
  greetings: readonly string[];
  thanks: readonly string[];
}

const words = (byLanguage: Record<string, string | undefined>) => Object.values(byLanguage).flatMap((s) => (s ? s.split(/\s+/) : []));

export function loadChatWords(file: string = path.join(__dirname, 'chat.yaml')): ChatWords {
  const { data } = readDataFile(file, chatWordsSchema);
  return { greetings: words(data.greetings), thanks: words(data.thanks) };
}

export const CHAT_WORDS: ChatWords = loadChatWords();
