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

  /** @param termMatcher the search's matcher over every known term (shared, to build it once) */
  constructor(
    wordsByLanguage: Iterable<[Language, string]>,
    private readonly termMatcher: TermMatcher,
  ) {
    // Count each (word, language) once; the knowledge base repeats its words a great deal.
    const counts = new Map<string, { mask: LanguageMask; count: number }>();
    const add = (lang: Language, word: string) => {
      const c = counts.get(word);
      if (c) {
        c.mask |= maskOf(lang);
        c.count += 1;
      } else counts.set(word, { mask: maskOf(lang), count: 1 });
    };
    for (const [lang, word] of wordsByLanguage) add(lang, word);
    for (const l of LANGUAGES) for (const w of FUNCTION_WORDS[l]) add(l, w);

    const skeletonCount = new Map<string, Map<string, number>>();
    for (const [word, { mask, count }] of counts) {
      this.words.set(word, mask);
      const s = stem(word);
      this.stems.set(s, (this.stems.get(s) ?? 0) | mask);
      if (scriptOf(word) === 'cyrillic') {
        const key = skeleton(word);
        const forms = skeletonCount.get(key) ?? new Map<string, number>();
        forms.set(word, (forms.get(word) ?? 0) + count);
        skeletonCount.set(key, forms);
      }
    }
    // A skeleton shared by several spellings (uk "лікар", a typo-free ru form…) reads as the most frequent.
    for (const [key, forms] of skeletonCount) {
      const best = [...forms].sort((a, b) => b[1] - a[1])[0];
      if (best) this.bySkeleton.set(key, best[0]);
    }
  }

  /** Languages a word is used in (0 when unknown). */
  languagesOf(word: string): LanguageMask {
    return this.words.get(word) ?? this.stems.get(stem(word)) ?? 0;
  }

  /** Whether `word` itself, in this very form, is a word here. */
  has(word: string): boolean {
    return LANGUAGE_NEUTRAL.has(word) || this.words.has(word);
  }

  /** How surely `word` is a real word here: 1 known, 0.5 a typo away from a known word, 0 unknown. */
  familiarity(word: string): number {
    if (this.has(word) || this.stems.has(stem(word))) return 1;
    if (word.length < 5) return 0;
    const best = this.termMatcher.match(termOf(word), { approximate: false })[0];
    return best && best.weight >= this.termMatcher.weights.typo1 ? 0.5 : 0;
  }

  /**
   * The Cyrillic word a Latin-typed word stands for ("likar" → "лікар"), if one sounds exactly alike.
   * Near misses are left to the ranking's typo matching: guessing here turned "shvydko" into "швидку".
   */
  cyrillicFor(latinWord: string): string | undefined {
    return this.bySkeleton.get(skeleton(latinWord));
  }
}
