/**
 * Repairs text typed with the wrong keyboard layout active: Ukrainian or Russian typed while the
 * keyboard was in English mode ("ghbdsn" → "привіт"), and English/Dutch typed in Cyrillic mode
 * ("гшыфкеы" → "huisarts"). The tables are the standard Windows layouts on a US keyboard, lower case
 * (the input is already lower-cased).
 */

const QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,./`\\";
const RUSSIAN = 'йцукенгшщзхъфывапролджэячсмитьбю.ё\\';
const UKRAINIAN = "йцукенгшщзхїфівапролджєячсмитьбю.'ґ";
// Shifted keys whose lower-case form differs: ? and & swap roles between the layouts.
const QWERTY_SHIFTED = '{}:"<>?~&^';
const RUSSIAN_SHIFTED = 'хъжэбю,ё?:';
const UKRAINIAN_SHIFTED = 'хїжєбю,ʼ?:';

export type CyrillicLayout = 'uk' | 'ru';

function table(from: string, to: string, fromShift: string, toShift: string): Map<string, string> {
  const map = new Map<string, string>();
  const a = Array.from(from);
  const b = Array.from(to);
  a.forEach((ch, i) => map.set(ch, b[i] ?? ch));
  const sa = Array.from(fromShift);
  const sb = Array.from(toShift);
  sa.forEach((ch, i) => map.set(ch, sb[i] ?? ch));
  return map;
}

const LATIN_TO: Record<CyrillicLayout, Map<string, string>> = {
  uk: table(QWERTY, UKRAINIAN, QWERTY_SHIFTED, UKRAINIAN_SHIFTED),
  ru: table(QWERTY, RUSSIAN, QWERTY_SHIFTED, RUSSIAN_SHIFTED),
};
// Typographic apostrophes come from the same key as ' (phone keyboards substitute them).
for (const m of Object.values(LATIN_TO)) for (const ch of ['\u2019', '\u02BC']) m.set(ch, m.get("'") ?? ch);

const CYRILLIC_TO_LATIN = new Map<string, string>();
for (const layout of ['ru', 'uk'] as const) {
  for (const [latin, cyr] of LATIN_TO[layout]) {
    if (/\p{Script=Cyrillic}/u.test(cyr) && !CYRILLIC_TO_LATIN.has(cyr)) CYRILLIC_TO_LATIN.set(cyr, latin);
  }
}

function mapChars(text: string, map: ReadonlyMap<string, string>): string {
  let out = '';
  for (const ch of text) out += map.get(ch) ?? ch;
  return out;
}

/** What the person meant if they typed `text` with the keyboard in English mode. */
export function latinToCyrillicLayout(text: string, layout: CyrillicLayout): string {
  return mapChars(text, LATIN_TO[layout]);
}

/** What the person meant if they typed `text` with the keyboard in Ukrainian or Russian mode. */
export function cyrillicToLatinLayout(text: string): string {
  return mapChars(text, CYRILLIC_TO_LATIN);
}
