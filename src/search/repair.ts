/**
 * Chooses how to read a message: as typed, as typed on the other keyboard layout (wholly or from a switch
 * halfway through), or as Ukrainian/Russian written in Latin letters. The reading that uses the most real
 * words wins; the text as typed wins ties, so a correct message is never "repaired".
 */
import { cleanText, normalise, tokenize, scriptOf } from './normalise';
import { latinToCyrillicLayout, cyrillicToLatinLayout } from './layout';
import { latinToCyrillic } from './transliterate';
import type { Vocabulary } from './vocabulary';
import { maskOf } from './vocabulary';

export type RepairKind = 'none' | 'layout-uk' | 'layout-ru' | 'layout-latin' | 'translit';

export interface Repaired {
  /** The normalised text search works on. */
  text: string;
  kind: RepairKind;
}

/** A reading must beat the text as typed by this share of its words to be chosen. */
const MIN_GAIN = 0.25;

function familiarity(text: string, vocabulary: Vocabulary): number {
  const tokens = tokenize(text).filter((t) => /\p{L}/u.test(t));
  if (tokens.length === 0) return 0;
  let sum = 0;
  for (const t of tokens) sum += vocabulary.familiarity(t);
  return sum / tokens.length;
}

/**
 * "ch" is ч in most spellings and х in Polish and German ones ("chochu" хочу, "zachyst" захист): the word's
 * other readings with some of its (at most two) "ch" as "kh", tried after the plain one.
 */
function withChAsKh(word: string): string[] {
  const at = [...word.matchAll(/ch/g)].map((m) => m.index);
  if (at.length === 0 || at.length > 2) return [];
  const out: string[] = [];
  for (let mask = 1; mask < 1 << at.length; mask++) {
    out.push(word.replace(/ch/g, (ch: string, i: number) => ((mask >> at.indexOf(i)) & 1 ? 'kh' : ch)));
  }
  return out;
}

/**
 * Reads each Latin word as the Cyrillic word it sounds like; words known in Latin script stay. Unknown
 * words are spelled the Ukrainian or the Russian way, as `as` says or, without it, as the known words lean.
 */
function transliterated(text: string, vocabulary: Vocabulary, as?: 'uk' | 'ru'): string {
  const tokens = tokenize(text);
  let uk = 0;
  let ru = 0;
  const readings = tokens.map((t) => {
    if (scriptOf(t) !== 'latin') return t;
    const found = vocabulary.cyrillicFor(t) ?? withChAsKh(t).map((v) => vocabulary.cyrillicFor(v)).find(Boolean);
    if (found) {
      const mask = vocabulary.languagesOf(found);
      if (mask & maskOf('uk')) uk++;
      if (mask & maskOf('ru')) ru++;
      return found;
    }
    return vocabulary.familiarity(t) > 0 ? t : null;
  });
  const guess = as ?? (ru > uk ? 'ru' : 'uk');
  return readings.map((r, i) => r ?? latinToCyrillic(tokens[i]!, guess)).join(' ');
}

/**
 * `cleaned` with each space-separated chunk in `from` script whose words are all unknown retyped by
 * `retype`: the layout was switched halfway through a message ("rnj bvttn ghfdj на временную защиту"),
 * while the words typed in the right layout, and known words in the other script ("bsn"), stay.
 */
function partlyRetyped(cleaned: string, from: 'latin' | 'cyrillic', retype: (chunk: string) => string, vocabulary: Vocabulary): string {
  return cleaned.replace(/\S+/gu, (chunk) => {
    const letters = [...chunk].filter((c) => /\p{L}/u.test(c));
    if (letters.length === 0 || letters.some((c) => scriptOf(c) !== from)) return chunk;
    const words = tokenize(normalise(chunk)).filter((t) => /\p{L}/u.test(t));
    return words.every((w) => vocabulary.familiarity(w) === 0) ? retype(chunk) : chunk;
  });
}

export function repair(raw: string, vocabulary: Vocabulary): Repaired {
  const cleaned = cleanText(raw);
  const asTyped = normalise(cleaned);
  const letters = [...cleaned].filter((c) => /\p{L}/u.test(c));
  if (letters.length === 0) return { text: asTyped, kind: 'none' };
  const latinShare = letters.filter((c) => scriptOf(c) === 'latin').length / letters.length;
  const cyrillicShare = letters.filter((c) => scriptOf(c) === 'cyrillic').length / letters.length;

  // No reading can be more than wholly familiar: a message familiar enough as typed is read as typed,
  // without making the other readings (most messages; each reading costs a look-up per word).
  const base = familiarity(asTyped, vocabulary);
  if (base + MIN_GAIN > 1) return { text: asTyped, kind: 'none' };

  const candidates: Repaired[] = [];
  if (latinShare === 1) {
    candidates.push({ text: normalise(latinToCyrillicLayout(cleaned, 'uk')), kind: 'layout-uk' });
    candidates.push({ text: normalise(latinToCyrillicLayout(cleaned, 'ru')), kind: 'layout-ru' });
    candidates.push({ text: normalise(transliterated(asTyped, vocabulary)), kind: 'translit' });
  } else if (cyrillicShare === 1) {
    candidates.push({ text: normalise(cyrillicToLatinLayout(cleaned)), kind: 'layout-latin' });
  } else {
    for (const layout of ['uk', 'ru'] as const) {
      candidates.push({ text: normalise(partlyRetyped(cleaned, 'latin', (c) => latinToCyrillicLayout(c, layout), vocabulary)), kind: `layout-${layout}` });
    }
    candidates.push({ text: normalise(partlyRetyped(cleaned, 'cyrillic', cyrillicToLatinLayout, vocabulary)), kind: 'layout-latin' });
  }
  if (candidates.length === 0) return { text: asTyped, kind: 'none' };

  let best: Repaired = { text: asTyped, kind: 'none' };
  let bestScore = base + MIN_GAIN;
  for (const c of candidates) {
    const score = familiarity(c.text, vocabulary);
    if (score >= bestScore && score > 0) {
      best = c;
      bestScore = score + 1e-9;
    }
  }
  return best;
}

/**
 * A message in Latin letters read as Ukrainian and as Russian, both: the safety check reads each, since
 * the words that lean one way may be the others ("u cholovika bolyt v hrudyah i liva ruka nimiye" leans
 * Russian, and only the Ukrainian "ліва рука німіє", a numb left arm, is the emergency). None for other
 * messages.
 */
export function transliterations(raw: string, vocabulary: Vocabulary): string[] {
  const cleaned = cleanText(raw);
  const letters = [...cleaned].filter((c) => /\p{L}/u.test(c));
  if (letters.length === 0 || letters.some((c) => scriptOf(c) !== 'latin')) return [];
  const asTyped = normalise(cleaned);
  return (['uk', 'ru'] as const).map((as) => normalise(transliterated(asTyped, vocabulary, as)));
}
