/**
 * Which of our four languages a message is written in. Short texts are the norm ("де бсн?"), so the
 * evidence is letters that exist in one alphabet only, then function words, then which language's
 * phrasings use the words. The result says how sure it is, so a messenger's language hint can decide
 * close calls.
 */
import type { Language } from '../knowledge/languages';
import { FUNCTION_WORDS, LANGUAGE_NEUTRAL } from './lexicon';
import { scriptOf, tokenize } from './normalise';
import { maskOf, type Vocabulary } from './vocabulary';

export interface DetectedLanguage {
  language: Language;
  /** False when the text gave (almost) no evidence and a default was used. */
  confident: boolean;
}

const UK_LETTERS = /[іїєґ]/g;
const RU_LETTERS = /[ыэъё]/g;
const FUNCTION_SETS = Object.fromEntries(
  Object.entries(FUNCTION_WORDS).map(([l, ws]) => [l, new Set(ws)]),
) as Record<Language, Set<string>>;

function vote(word: string, a: Language, b: Language, vocabulary: Vocabulary): number {
  const inA = FUNCTION_SETS[a].has(word);
  const inB = FUNCTION_SETS[b].has(word);
  if (inA !== inB) return inA ? 1.5 : -1.5;
  const mask = vocabulary.languagesOf(word);
  const knownA = (mask & maskOf(a)) !== 0;
  const knownB = (mask & maskOf(b)) !== 0;
  if (knownA !== knownB) return knownA ? 1 : -1;
  return 0;
}

/**
 * @param rawText the text before normalisation (ё is folded there but still tells Russian apart)
 * @param text the normalised, repaired text
 */
export function detectLanguage(rawText: string, text: string, vocabulary: Vocabulary, hint?: Language): DetectedLanguage {
  const tokens = tokenize(text).filter((t) => /\p{L}/u.test(t) && !LANGUAGE_NEUTRAL.has(t));
  let cyrillic = 0;
  let latin = 0;
  for (const t of tokens) {
    const s = scriptOf(t);
    if (s === 'cyrillic') cyrillic++;
    else if (s === 'latin') latin++;
  }
  if (cyrillic === 0 && latin === 0) {
    // Only Dutch administrative words ("bsn?"), digits or emoji: nothing to go on.
    const anyCyrillic = /\p{Script=Cyrillic}/u.test(text);
    const fallback: Language = hint ?? (anyCyrillic ? 'uk' : 'en');
    return { language: fallback, confident: false };
  }

  const [a, b]: [Language, Language] = cyrillic >= latin ? ['uk', 'ru'] : ['nl', 'en'];
  let score = 0;
  if (a === 'uk') {
    const lowered = rawText.toLowerCase();
    score += 3 * (text.match(UK_LETTERS)?.length ?? 0);
    score -= 3 * ((text.match(RU_LETTERS)?.length ?? 0) + (lowered.match(/ё/g)?.length ?? 0));
  }
  for (const t of tokens) if (scriptOf(t) === (a === 'uk' ? 'cyrillic' : 'latin')) score += vote(t, a, b, vocabulary);

  if (score > 0) return { language: a, confident: score >= 1 };
  if (score < 0) return { language: b, confident: score <= -1 };
  const fallback = hint === a || hint === b ? hint : a === 'uk' ? 'uk' : 'en';
  return { language: fallback, confident: false };
}
