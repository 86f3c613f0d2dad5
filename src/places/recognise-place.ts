/**
 * Finds the municipality a person names: "я живу в Утрехті", "мы живём в Гааге", "ik woon in Den Haag",
 * "I live in The Hague", "/place Utrecht". Names come from knowledge/places/municipalities.yaml; the
 * regular Ukrainian and Russian case endings after "в/у" are undone here, irregular forms ("Гаазі") are
 * listed in the data.
 */
import type { Municipalities, Municipality } from './municipalities';

/** Letters without their accents and marks ("ї" → "і", "й" → "и", "é" → "e"). */
const withoutMarks = (text: string): string => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

/** A name as compared: lower case, no accents or apostrophes, hyphens as spaces ("'s-Gravenhage" → "s gravenhage"). */
export function placeKey(text: string): string {
  return withoutMarks(text)
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/['’ʼ`´]/g, '')
    .replace(/[-‐–—]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// After NFKD without marks "і" stays "і" and "ї" becomes "і": endings are written in that form.
const CASE_ENDINGS = ['ові', 'еві', 'ою', 'ею', 'ом', 'ем', 'ой', 'ей', 'і', 'е', 'у', 'ю', 'а', 'я', 'и', 'ы'];
const CYRILLIC = /[\u0400-\u04ff]/;

/** A Cyrillic name without its final vowel, so that "Бреда" and "Бреді" meet at "бред". */
function stemOf(key: string): string {
  return CYRILLIC.test(key) && /[аяеоиіыу]$/.test(key) && key.length > 3 ? key.slice(0, -1) : key;
}

export class PlaceNames {
  private readonly exact = new Map<string, Municipality>();
  private readonly stems = new Map<string, Municipality>();
  private readonly longest: number;

  constructor(municipalities: Municipalities) {
    let longest = 1;
    for (const m of municipalities.all) {
      const spellings = [m.name, ...Object.values(m.names ?? {}).flat()];
      for (const spelling of spellings) {
        const key = placeKey(spelling);
        if (!key) continue;
        longest = Math.max(longest, key.split(' ').length);
        // Two municipalities never share a spelling in practice; if data ever made them, the first wins.
        if (!this.exact.has(key)) this.exact.set(key, m);
        const stem = stemOf(key);
        if (stem !== key && !this.stems.has(stem)) this.stems.set(stem, m);
        if (!this.stems.has(key) && CYRILLIC.test(key)) this.stems.set(key, m);
      }
    }
    this.longest = longest;
  }

  /** The municipality a whole phrase names ("Утрехті", "Den Haag"), or undefined. */
  match(phrase: string): Municipality | undefined {
    const key = placeKey(phrase);
    if (!key) return undefined;
    const known = this.exact.get(key);
    if (known) return known;
    if (!CYRILLIC.test(key)) return undefined;
    for (const ending of CASE_ENDINGS) {
      if (key.endsWith(ending) && key.length - ending.length >= 3) {
        const found = this.stems.get(key.slice(0, -ending.length));
        if (found) return found;
      }
    }
    return undefined;
  }

  /** The longest name at the start of `words`, with how many words it took. */
  matchAt(words: readonly string[]): { municipality: Municipality; words: number } | undefined {
    for (let n = Math.min(this.longest, words.length); n >= 1; n--) {
      const municipality = this.match(words.slice(0, n).join(' '));
      if (municipality) return { municipality, words: n };
    }
    return undefined;
  }
}

/**
 * "I live in …" in four languages, up to the preposition; the name follows. Written over `placeKey`
 * text (lower case, no accents, apostrophes dropped: "i'm" is "im").
 */
const LIVING_IN = new RegExp(
  // Folded as placeKey folds the text it is matched over: "мій", "мой", "переїхала" are keyed "міи", "мои", "переіхала".
  withoutMarks(
    [
      // uk
      '(?:я |ми )?(?:живу|живемо|мешкаю|мешкаємо|проживаю|проживаємо|зареєстрован[аіи]?|зареєструвал[аи]?с[яь]|переїхал[аи]?|переехал[аи]?) (?:в|у|во) ',
      '(?:мій|моя|моє|мой|мое) (?:муніципалітет|громада|місто|муниципалитет|город|гемеенте|gemeente)(?: (?:це|-|—|:))? (?:в |у )?',
      // ru
      '(?:я |мы )?(?:живу|живем|проживаю|проживаем|зарегистрирован[аы]?) (?:в|во) ',
      // nl
      '(?:ik |wij |we )?(?:woon|wonen|woonachtig|sta ingeschreven|ingeschreven) (?:in|te|bij de gemeente) ',
      'mijn gemeente is ',
      // en
      '(?:i |we )?(?:live|living|am living|im living|are living|stay|am staying|im staying|registered) in ',
      'my (?:municipality|gemeente|town|city) is ',
    ].join('|'),
  ),
  'u',
);

/** LIVING_IN where a word starts; built once (matchAll copies it, so its lastIndex is never shared). */
const LIVING_IN_AT_WORD = new RegExp(`(?:^|(?<=[\\s,.;:!?(]))(?:${LIVING_IN.source})`, 'gu');

export interface PlaceStatement {
  municipality: Municipality;
  /** The message without the statement, for the question it may also ask ("…, де зареєструватися?"). */
  rest: string;
}

/** "/place Utrecht" or "я живу в Утрехті": the person tells where they live. */
export function placeStatement(text: string, names: PlaceNames): PlaceStatement | undefined {
  const command = /^\/(?:place|місто|город|plaats|gemeente)(?:@\w+)?(?:\s+(.+))?$/iu.exec(text.trim());
  if (command) {
    const named = command[1] ? names.match(trimPunctuation(command[1])) : undefined;
    return named ? { municipality: named, rest: '' } : undefined;
  }
  // Most messages say nothing of where they live: one look over the whole message settles that before
  // each word is keyed.
  if (!LIVING_IN.test(placeKey(text))) return undefined;
  // Matched over the keyed words, cut over the person's own words, so the rest keeps its letters (ї, ё).
  const words = text.trim().split(/\s+/u);
  const keyed = words.map(placeKey);
  const starts: number[] = [];
  let joined = '';
  for (const word of keyed) {
    starts.push(joined.length + (joined ? 1 : 0));
    joined = joined ? `${joined} ${word}` : word;
  }
  for (const m of joined.matchAll(LIVING_IN_AT_WORD)) {
    const first = starts.findIndex((at) => at >= m.index);
    const nameAt = starts.indexOf(m.index + m[0].length);
    if (first < 0 || nameAt < 0) continue;
    // The name ends at a punctuation mark: "живу в Гаазі, де ..." is "Гаазі" alone.
    let end = nameAt;
    while (end < words.length && !/[.,;:!?()«»"]$/u.test(words[end]!)) end++;
    const candidates = keyed.slice(nameAt, Math.min(end + 1, words.length)).map(trimPunctuation);
    const found = names.matchAt(candidates);
    if (found) {
      const rest = [...words.slice(0, first), ...words.slice(nameAt + found.words)].join(' ');
      return { municipality: found.municipality, rest: rest.replace(/^[\s,.;:!?—-]+|[\s,;:—-]+$/gu, '') };
    }
  }
  return undefined;
}

function trimPunctuation(word: string): string {
  return word.replace(/^[(«"]+|[.,;:!?()«»"]+$/gu, '');
}

/** A municipality named after "in/в/у/te" anywhere ("де реєструватися в Утрехті?"), for this answer only. */
export function placeMention(text: string, names: PlaceNames): { municipality: Municipality; without: string } | undefined {
  const words = text.trim().split(/\s+/u);
  const keyed = words.map(placeKey);
  for (let i = 0; i < keyed.length - 1; i++) {
    if (!/^(?:in|te|в|у|во)$/u.test(keyed[i]!)) continue;
    const found = names.matchAt(keyed.slice(i + 1, i + 5).map(trimPunctuation));
    if (found) {
      // Keep the punctuation that ended the name ("в Утрехті?" → "?"): it still marks a question.
      const end = words[i + found.words]!.match(/[.,;:!?]+$/u)?.[0] ?? '';
      const without = [...words.slice(0, i), ...words.slice(i + 1 + found.words)].join(' ') + end;
      return { municipality: found.municipality, without: without.trim() };
    }
  }
  return undefined;
}

// Building the name tables costs more than a search; one per list, kept while the knowledge is live.
const TABLES = new WeakMap<Municipalities, PlaceNames>();
export function placeNamesOf(municipalities: Municipalities): PlaceNames {
  let names = TABLES.get(municipalities);
  if (!names) TABLES.set(municipalities, (names = new PlaceNames(municipalities)));
  return names;
}
