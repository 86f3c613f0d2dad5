/**
 * Every word the knowledge base (and the built-in lexicon) uses, with the languages it appears in.
 * Repair asks it which reading of a garbled message uses real words; language detection asks it which
 * language a word belongs to.
 */
import { LANGUAGES, type Language } from '../knowledge/languages';
import { FUNCTION_WORDS, LANGUAGE_NEUTRAL } from './lexicon';
import { scriptOf } from './normalise';
import { skeleton } from './transliterate';
import { stem } from './stem';
import { TermMatcher } from './term-matcher';
import { termOf } from './terms';

export type LanguageMask = number;
export const maskOf = (l: Language): LanguageMask => 1 << LANGUAGES.indexOf(l);

export class Vocabulary {
  private readonly words = new Map<string, LanguageMask>();
  private readonly stems = new Map<string, LanguageMask>();
  private readonly bySkeleton = new Map<string, string>();
  private readonly skeletonMatcher: TermMatcher;
  private readonly termMatcher: TermMatcher;

  constructor(wordsByLanguage: Iterable<[Language, string]>) {
    const all: Iterable<[Language, string]> = [
      ...wordsByLanguage,
      ...LANGUAGES.flatMap((l) => FUNCTION_WORDS[l].map((w) => [l, w] as [Language, string])),
    ];
    const skeletonCount = new Map<string, Map<string, number>>();
    for (const [lang, word] of all) {
      const bit = maskOf(lang);
      this.words.set(word, (this.words.get(word) ?? 0) | bit);
      const s = stem(word);
      this.stems.set(s, (this.stems.get(s) ?? 0) | bit);
      if (scriptOf(word) === 'cyrillic') {
        const key = skeleton(word);
        const forms = skeletonCount.get(key) ?? new Map<string, number>();
        forms.set(word, (forms.get(word) ?? 0) + 1);
        skeletonCount.set(key, forms);
      }
    }
    // A skeleton shared by several spellings (uk "лікар", a typo-free ru form…) reads as the most frequent.
    for (const [key, forms] of skeletonCount) {
      const best = [...forms].sort((a, b) => b[1] - a[1])[0];
      if (best) this.bySkeleton.set(key, best[0]);
    }
    this.skeletonMatcher = new TermMatcher(this.bySkeleton.keys());
    this.termMatcher = new TermMatcher([...this.words.keys()].map(termOf));
  }

  /** Languages a word is used in (0 when unknown). */
  languagesOf(word: string): LanguageMask {
    return this.words.get(word) ?? this.stems.get(stem(word)) ?? 0;
  }

  /** How surely `word` is a real word here: 1 known, 0.5 a typo away from a known word, 0 unknown. */
  familiarity(word: string): number {
    if (LANGUAGE_NEUTRAL.has(word) || this.words.has(word) || this.stems.has(stem(word))) return 1;
    if (word.length < 5) return 0;
    const best = this.termMatcher.match(termOf(word))[0];
    return best && best.weight >= 0.75 ? 0.5 : 0;
  }

  /** The Cyrillic word a Latin-typed word most likely stands for ("likar" → "лікар"), if any. */
  cyrillicFor(latinWord: string): { word: string; exact: boolean } | undefined {
    const key = skeleton(latinWord);
    const exact = this.bySkeleton.get(key);
    if (exact) return { word: exact, exact: true };
    if (key.length < 5) return undefined;
    const near = this.skeletonMatcher.match(key).find((m) => m.weight >= 0.75);
    const word = near && this.bySkeleton.get(near.term);
    return word ? { word, exact: false } : undefined;
  }
}
