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

/** Where and how often a word is used. */
export interface WordUse {
  mask: LanguageMask;
  count: number;
}

/**
 * Counts each word of `texts` once per use, with the languages that use it: the knowledge base repeats its
 * words a great deal (some 200,000 uses of 20,000 words), and everything built over them needs each once.
 */
export class WordCounts {
  readonly uses = new Map<string, WordUse>();

  /** @param from counts to start from (copied: adding here leaves them as they are) */
  constructor(from?: ReadonlyMap<string, WordUse>) {
    if (from) for (const [word, use] of from) this.uses.set(word, { ...use });
  }

  add(language: Language, word: string): void {
    const c = this.uses.get(word);
    if (c) {
      c.mask |= maskOf(language);
      c.count += 1;
    } else this.uses.set(word, { mask: maskOf(language), count: 1 });
  }

  /** Each word with how often it is used, in any language. */
  counts(): Map<string, number> {
    return new Map([...this.uses].map(([w, u]) => [w, u.count]));
  }
}

export class Vocabulary {
  private readonly words = new Map<string, LanguageMask>();
  private readonly stems = new Map<string, LanguageMask>();
  private readonly bySkeleton = new Map<string, string>();

  /**
   * @param usedWords every word of the knowledge base: the languages it is used in and how often
   * @param termMatcher the search's matcher over every known term (shared, to build it once)
   */
  constructor(
    usedWords: ReadonlyMap<string, WordUse>,
    private readonly termMatcher: TermMatcher,
  ) {
    const counts = new WordCounts(usedWords);
    for (const l of LANGUAGES) for (const w of FUNCTION_WORDS[l]) counts.add(l, w);

    const skeletonCount = new Map<string, Map<string, number>>();
    for (const [word, { mask, count }] of counts.uses) {
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
