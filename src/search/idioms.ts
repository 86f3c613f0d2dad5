/**
 * Phrases whose meaning is not in their words. The ranker reads a bag of words, so "naar Oekraïne en
 * terug" (a round trip) and "terug naar Oekraïne" (going back for good) look the same to it. Each idiom
 * here adds the words that carry its meaning (as the knowledge base writes them) to the text that is
 * ranked; phrasings are read the same way, so both sides meet. Normalised text: lower case, ʼ apostrophe.
 */
const IDIOMS: ReadonlyArray<readonly [RegExp, string]> = [
  // nl: there and back
  [/\ben (?:daarna |dan |weer |meteen )*(?:terug|terugkomen|terugkeren|teruggaan|terugreizen)\b/, 'heen en terug'],
  [/\bop en neer\b/, 'heen en terug'],
  // en: there and back
  [/\band (?:then |later )?(?:come|coming|get|getting|fly|flying|travel|travelling|go|going) back\b/, 'round trip'],
  [/\band back\b|\bthere and back\b/, 'round trip'],
];

/**
 * The meaning word of "until when" and "how long". Their words are function words ("до", "коли", "when")
 * or mean nothing apart ("пор" in "до каких пор"), so "до коли тимчасовий захист" read as "тимчасовий
 * захист" alone, a question about what temporary protection is. In four languages the phrase becomes this
 * one word, in phrasings too, so the entries that answer "until when" or "how long" in any language share
 * it. It is made up, so that nothing typed matches it by a prefix or a typo.
 */
export const UNTIL_WHEN = 'whenuntil';

/**
 * Meaning words that ask for a kind of answer (a date, a length of time) and name no topic. They weigh as
 * frame words do (search-index.ts): beside a word that names a topic ("до коли платять leefgeld") they
 * only tell its entries apart; alone they name nothing to answer ("до коли?" is a "did you mean").
 */
export const ASKING_WORDS: readonly string[] = [UNTIL_WHEN];

const START = '(?<![\\p{L}\\p{N}ʼ])';
const END = '(?![\\p{L}\\p{N}ʼ])';
/** A noun of time after "до якого …" ("числа", "року"; "tot welke datum") is kept: it is a word of the question. */
const UNTIL_WHEN_PHRASE = new RegExp(
  `${START}(?:${[
    // the usual slips as well: a letter dropped or doubled, і for и ("до колі", "tot wanner")
    'до (?:кол[иі]|ко?гда|коди|яких пір|каких пор)',
    'до (?:якого|якої|какого|какой) (числа|часу|року|терміну|моменту|дня|дати|времени|года|срока|момента|даты)',
    'tot wann?e{1,3}r',
    'tot welke (datum)',
    '(?:until|till|til) when',
    'until what (date)',
    'як довго|скільки (?:ще|часу)',
    'как долго|сколько (?:еще|времени)',
    'hoe lang',
    'how long|how much longer',
  ].join('|')})${END}`,
  'gu',
);

/** `text` with "until when" and "how long" read as their meaning word, and the meaning words of other idioms appended. */
export function withIdioms(text: string): string {
  let extra = '';
  for (const [pattern, meaning] of IDIOMS) if (pattern.test(text)) extra += ` ${meaning}`;
  // The replacer gets the match, one argument per group (undefined when it did not take part), offset, text.
  const read = text.replace(UNTIL_WHEN_PHRASE, (...args: unknown[]) => {
    const nouns = args.slice(1, -2).filter((g): g is string => typeof g === 'string');
    return ` ${[UNTIL_WHEN, ...nouns].join(' ')} `;
  });
  return extra ? `${read}${extra}` : read;
}
