/**
 * Ukrainian and Russian typed in Latin letters ("potriben likar", "gde vzyat bsn"). People do not follow
 * one standard: y/i/j, h/g/kh, ya/ja/ia, sch/shch all occur. Instead of guessing the spelling, both the
 * person's Latin words and our Cyrillic vocabulary are reduced to one phonetic skeleton; equal skeletons
 * mean the same word.
 */

const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ye', ж: 'zh', з: 'z', и: 'y', і: 'i',
  ї: 'yi', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u',
  ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ь: '', ю: 'yu', я: 'ya', ы: 'y', э: 'e',
  ъ: '', ё: 'yo', ʼ: '',
};

/** Letters that people use interchangeably when they write Ukrainian/Russian in Latin letters. */
const REDUCTIONS: ReadonlyArray<[RegExp, string]> = [
  [/[ʼ'`]/g, ''],
  // German-style (tsch, schtsch) and Polish-style (szcz, sz, cz, ż, ł) spellings, and chat digits (4to, 6kola)
  [/tschtsch/g, 'Ч'],
  [/schtsch|szcz/g, 'Щ'],
  [/tsch|cz|4/g, 'Ч'],
  [/sz|6/g, 'Ш'],
  [/ł/g, 'l'],
  [/shch|sch|shh|š[cč]/g, 'Щ'],
  [/zh|ž|ż/g, 'Ж'],
  [/kh/g, 'h'],
  [/ch|tch|č/g, 'Ч'],
  [/sh|š/g, 'Ш'],
  [/ts|tz|c/g, 'Ц'],
  [/x/g, 'ks'],
  [/(?:y|j|i)(?=[aeouy])/g, ''], // ya/ja/ia → a, yu/ju/iu → u, ye → e, yo → o: the glide carries no meaning here
  [/[yji]+/g, 'i'],
  [/[hg]/g, 'h'],
  [/w/g, 'v'],
  [/q/g, 'k'],
  [/(.)\1+/g, '$1'],
];

function cyrillicToCanonicalLatin(word: string): string {
  let out = '';
  for (const ch of word) out += CYRILLIC_TO_LATIN[ch] ?? ch;
  return out;
}

/**
 * The phonetic skeleton of a word written in Latin letters or in Cyrillic. Equal skeletons: probably the
 * same word ("vzyaty", "vziaty", "взяти" → "vzati").
 */
export function skeleton(word: string): string {
  let s = /\p{Script=Cyrillic}/u.test(word) ? cyrillicToCanonicalLatin(word) : word;
  for (const [pattern, replacement] of REDUCTIONS) s = s.replace(pattern, replacement);
  return s;
}

const LATIN_TO_CYRILLIC: Record<'uk' | 'ru', ReadonlyArray<[string, string]>> = {
  uk: [
    ['shch', 'щ'], ['sch', 'щ'], ['zh', 'ж'], ['kh', 'х'], ['ch', 'ч'], ['sh', 'ш'], ['ts', 'ц'],
    ['yu', 'ю'], ['ju', 'ю'], ['iu', 'ю'], ['ya', 'я'], ['ja', 'я'], ['ia', 'я'], ['ye', 'є'], ['je', 'є'],
    ['yi', 'ї'], ['ji', 'ї'], ['a', 'а'], ['b', 'б'], ['c', 'ц'], ['d', 'д'], ['e', 'е'], ['f', 'ф'],
    ['g', 'г'], ['h', 'г'], ['i', 'і'], ['j', 'й'], ['k', 'к'], ['l', 'л'], ['m', 'м'], ['n', 'н'],
    ['o', 'о'], ['p', 'п'], ['q', 'к'], ['r', 'р'], ['s', 'с'], ['t', 'т'], ['u', 'у'], ['v', 'в'],
    ['w', 'в'], ['x', 'кс'], ['y', 'и'], ['z', 'з'], ["'", 'ʼ'], ['ʼ', 'ʼ'],
  ],
  ru: [
    ['shch', 'щ'], ['sch', 'щ'], ['zh', 'ж'], ['kh', 'х'], ['ch', 'ч'], ['sh', 'ш'], ['ts', 'ц'],
    ['yu', 'ю'], ['ju', 'ю'], ['iu', 'ю'], ['ya', 'я'], ['ja', 'я'], ['ia', 'я'], ['yo', 'е'], ['jo', 'е'],
    ['a', 'а'], ['b', 'б'], ['c', 'ц'], ['d', 'д'], ['e', 'е'], ['f', 'ф'], ['g', 'г'], ['h', 'х'],
    ['i', 'и'], ['j', 'й'], ['k', 'к'], ['l', 'л'], ['m', 'м'], ['n', 'н'], ['o', 'о'], ['p', 'п'],
    ['q', 'к'], ['r', 'р'], ['s', 'с'], ['t', 'т'], ['u', 'у'], ['v', 'в'], ['w', 'в'], ['x', 'кс'],
    ['y', 'ы'], ['z', 'з'], ["'", 'ь'], ['ʼ', 'ь'],
  ],
};

/** A plain letter-by-letter reading of a Latin word as Ukrainian or Russian, for words we do not know. */
export function latinToCyrillic(word: string, language: 'uk' | 'ru'): string {
  const rules = LATIN_TO_CYRILLIC[language];
  let out = '';
  let i = 0;
  outer: while (i < word.length) {
    for (const [latin, cyr] of rules) {
      if (word.startsWith(latin, i)) {
        out += cyr;
        i += latin.length;
        continue outer;
      }
    }
    out += word[i];
    i += 1;
  }
  return out;
}
