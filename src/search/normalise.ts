/**
 * Text normalisation shared by every search step. Two levels:
 * - `cleanText` keeps what a keyboard produced (so layout repair can still see `'` and `;`) but makes the
 *   string safe: NFKC, lower case, no invisible or control characters, bounded length.
 * - `normalise` also folds what people write inconsistently: apostrophes to ʼ (U+02BC, which stays inside
 *   a word), ё to е, stress marks removed.
 */

/** Longest text a query may have; anything longer is cut (people do not ask 2,000-character questions). */
export const MAX_QUERY_CHARS = 500;

/**
 * Longest message the safety check reads in full: more than any messenger sends in one message (Telegram
 * and WhatsApp 4,096 characters, Viber 7,000). The check is linear and reads 8,192 characters in a few ms.
 */
export const MAX_MESSAGE_CHARS = 8192;

// Zero-width characters, bidi controls, soft hyphen, variation selectors, tags, C0/C1 controls.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- removing exactly these is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB]|\uDB40[\uDC00-\uDDEF]/g;
const SPACE = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g;
const APOSTROPHES = /['\u2018\u2019\u201B\u0060\u00B4\u02B9\u02BB\u02BC\u02BD\u2032\uFF07]/g;
const STRESS = /[\u0300\u0301]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function capCodePoints(s: string, max: number): string {
  if (s.length <= max) return s;
  return Array.from(s).slice(0, max).join('');
}

/** `maxChars`: code points kept (the search's cap unless the caller reads whole messages). */
export function cleanText(input: string, maxChars = MAX_QUERY_CHARS): string {
  // Invisible characters go first: left in place they would keep letters and accents from composing.
  let s = capCodePoints(String(input).replace(LONE_SURROGATE, '').replace(INVISIBLE, ''), maxChars * 2);
  s = s.normalize('NFKC').toLowerCase().normalize('NFKC');
  s = s.replace(INVISIBLE, '').replace(SPACE, ' ').trim();
  return capCodePoints(s, maxChars).trim();
}

export function normalise(input: string, maxChars = MAX_QUERY_CHARS): string {
  return cleanText(input, maxChars)
    .replace(STRESS, '')
    .normalize('NFC')
    .replace(APOSTROPHES, '\u02BC')
    .replace(/ё/g, 'е')
    .replace(SPACE, ' ')
    .trim();
}

const WORD = /[\p{L}\p{N}\u02BC]+/gu;

/**
 * The last few texts tokenized, and their words: one question's reading asks for the words of the same
 * text several times over (repair, language, word breaks, ranking). Frozen, as every caller shares them.
 */
const recentTokens: Array<[string, readonly string[]]> = [];
const RECENT_TOKENS = 4;

/** Words of a normalised text; an apostrophe only counts inside a word (сімʼя), not around it ('BSN'). */
export function tokenize(normalised: string): readonly string[] {
  for (const [text, tokens] of recentTokens) if (text === normalised) return tokens;
  const out: string[] = [];
  for (const m of normalised.matchAll(WORD)) {
    const t = m[0].replace(/^\u02BC+|\u02BC+$/g, '');
    if (t) out.push(t);
  }
  const tokens = Object.freeze(out);
  if (recentTokens.unshift([normalised, tokens]) > RECENT_TOKENS) recentTokens.pop();
  return tokens;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Whether the text surely has more than `n` words, known without normalising it: each space-separated
 * part with a letter or digit gives at least one word. Short-message checks (a greeting, a follow-up)
 * meet mostly long questions, and this spares them reading each in full.
 */
export function hasMoreWordsThan(text: string, n: number): boolean {
  let parts = 0;
  for (const part of text.split(/\s+/, n + 2)) {
    if (WORD_CHARACTER.test(part) && ++parts > n) return true;
  }
  return false;
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

export type Script = 'cyrillic' | 'latin' | 'other';

export function scriptOf(token: string): Script {
  if (CYRILLIC.test(token)) return 'cyrillic';
  if (LATIN.test(token)) return 'latin';
  return 'other';
}

/** Folds Latin diacritics (Oekraïne → oekraine, café → cafe) but leaves Cyrillic й and ї alone. */
export function foldLatinDiacritics(token: string): string {
  if (!/[\u00C0-\u024F]/.test(token)) return token;
  return token.normalize('NFD').replace(/(?<=[a-z])[\u0300-\u036F]+/g, '').normalize('NFC');
}
