/**
 * Stemming: strips inflection so that "лікаря", "лікарем", "лікар" meet. Snowball stemmers cover Dutch,
 * English and Russian; Ukrainian has none, so Cyrillic words get a small suffix list shared by both
 * languages (the choice measured best on tests/eval/dev.jsonl). A word's language is not known when it
 * is stemmed; Latin words get the Dutch stemmer, which measured better on Dutch and English questions
 * alike than English, English-then-Dutch or Dutch-then-English (rank-1 91.5 % against 91.0, 90.8 and
 * 91.3 % on the tuning sets). What matters most is that questions and phrasings are stemmed the same way.
 */
import { newStemmer } from 'snowball-stemmers';
import { scriptOf } from './normalise';

const CYRILLIC_ENDINGS = [
  'ування', 'ювання', 'остями', 'ованні',
  'ання', 'яння', 'ення', 'іння', 'ость', 'ості', 'ість', 'ться', 'тися', 'тись', 'ишся', 'ешся',
  'ами', 'ями', 'ого', 'ому', 'ими', 'ыми', 'ему', 'его', 'ної', 'ний', 'ные', 'ная', 'ное', 'ных',
  'ють', 'ять', 'уть', 'ать', 'ить', 'ете', 'ите', 'ешь', 'ишь', 'ємо', 'емо', 'имо', 'ось', 'ся', 'сь',
  'ій', 'ий', 'ой', 'ый', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ых', 'их', 'ым', 'им', 'ом', 'ем', 'ам',
  'ям', 'ах', 'ях', 'ою', 'ею', 'ов', 'ев', 'ей', 'ів', 'їв', 'ти', 'ть', 'ла', 'ло', 'ли', 'ут', 'ют',
  'ат', 'ят', 'ет', 'ит', 'ую', 'юю', 'ні', 'ня',
  'ю', 'у', 'а', 'я', 'о', 'е', 'є', 'і', 'и', 'ы', 'ь', 'й', 'ї',
].sort((a, b) => b.length - a.length);

const MIN_STEM = 3;

/**
 * Words the suffix list would cut down to another word's stem. "житло" / "житла" (housing) lost "-ло"
 * / "-ла" as if they were past-tense verbs and met "жити" (to live), so "потрібне житло" (I need
 * housing) read like "нікому не потрібна … не хочу жити" and got the crisis answer.
 */
const CYRILLIC_EXCEPTIONS: ReadonlyMap<string, string> = new Map([
  ['житло', 'житл'],
  ['житла', 'житл'],
  // "швидко" / "скоро" (quickly, soon) are not "швидка" / "скорая" (the ambulance): "як швидко
  // отримати bsn" got the emergency answer.
  ['швидко', 'швидко'],
  ['скоро', 'скоро'],
  // "пожарить" (to fry) is no "пожар" (a fire): "как пожарить kroket" got the emergency answer.
  ...['пожарить', 'пожарю', 'пожарила', 'пожарил', 'пожарити', 'посмажити'].map((w): [string, string] => [w, 'жарить']),
]);
const dutch = newStemmer('dutch');

function stripCyrillic(word: string): string {
  const exception = CYRILLIC_EXCEPTIONS.get(word);
  if (exception) return exception;
  for (const end of CYRILLIC_ENDINGS) {
    if (word.length - end.length >= MIN_STEM && word.endsWith(end)) return word.slice(0, -end.length);
  }
  return word;
}

/**
 * Endings the Dutch stemmer leaves on Latin words that are still only inflection: English ones (it is no
 * English stemmer: "working", "worked", "children" → "childr") and Dutch ones ("werkt", "kinderen" →
 * "kinder" beside "kind").
 */
const LATIN_INFLECTIONS: ReadonlySet<string> = new Set(['s', 'es', 'ed', 'd', 'ing', 'er', 'ers', 'est', 'ly', 'r', 'e', 'en', 'n', 't', 'te', 'de']);

/**
 * Whether `longer`, a term that starts with the term `term`, may be another form of the same word. A
 * Latin term is stemmed by Snowball, so more letters make another word ("apart" / "apartment", "child" /
 * "childcare", "contact" / "contactlenzen", "huis" / "huisarts") unless they are an inflection it leaves.
 * The Cyrillic suffix list cuts forms of one word at different points ("родині" → "роди", "родина" →
 * "родин"; "працюю" → "прац", "працюєш" → "працюєш"), so there the longer term may always be one.
 */
export function mayBeFormOf(term: string, longer: string): boolean {
  return scriptOf(term) !== 'latin' || LATIN_INFLECTIONS.has(longer.slice(term.length));
}

const cache = new Map<string, string>();

export function stem(token: string): string {
  const hit = cache.get(token);
  if (hit !== undefined) return hit;
  let out: string;
  switch (scriptOf(token)) {
    case 'cyrillic':
      out = stripCyrillic(token.replace(/ʼ/g, ''));
      break;
    case 'latin': {
      const plain = token.replace(/ʼ/g, '');
      out = /^[a-z]+$/.test(plain) && plain.length > MIN_STEM ? dutch.stem(plain) : plain;
      break;
    }
    default:
      out = token;
  }
  if (cache.size > 500_000) cache.clear();
  cache.set(token, out);
  return out;
}
