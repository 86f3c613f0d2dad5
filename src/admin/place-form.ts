/**
 * The counter card and the local parts (place variants) of an entry, as the per-language edit form
 * sends them: what the volunteer typed, and the file changes it makes. One language at a time, like the
 * answer: clearing a variant's text removes that language only; a variant left empty in every language
 * is removed whole. A variant is never saved without a source (the municipality's own page).
 */
import type { Language } from '../knowledge/languages';
import type { KnowledgeEntry } from '../knowledge/schema';
import type { Municipalities, Municipality } from '../places/municipalities';
import type { FieldChange } from './entry-yaml';
import { lines, multiline } from './http-util';

export interface VariantValues {
  text: string;
  sources: string;
  markReviewed: boolean;
}

export interface PlaceValues {
  counterAsk: string;
  counterText: string;
  /** The entry's existing variants, by CBS code. */
  variants: Record<string, VariantValues>;
  /** A new variant: the municipality as typed (name or code), its text in this language, its sources. */
  added: { place: string; text: string; sources: string };
}

/** Form field names; a code is "GM" and four digits, so it is safe in a name and an id. */
export const PLACE_FIELDS = {
  counterAsk: 'counter_ask',
  counterText: 'counter_text',
  text: (code: string) => `place_${code}_text`,
  sources: (code: string) => `place_${code}_sources`,
  reviewed: (code: string) => `place_${code}_reviewed`,
  newPlace: 'place_new',
  newText: 'place_new_text',
  newSources: 'place_new_sources',
} as const;

const LIMIT = { phrase: 2_000, text: 20_000, sources: 20_000, place: 200 } as const;

/** The form as it opens: what the entry has now in `language`. */
export function placeValuesOf(entry: KnowledgeEntry, language: Language): PlaceValues {
  return {
    counterAsk: entry.counter?.ask?.[language] ?? '',
    counterText: entry.counter?.text?.[language] ?? '',
    variants: Object.fromEntries(
      Object.entries(entry.places ?? {}).map(([code, v]) => [code, { text: v.answer[language] ?? '', sources: v.sources.join('\n'), markReviewed: false }]),
    ),
    added: { place: '', text: '', sources: '' },
  };
}

/**
 * What the form sent. `get` returns undefined for a field the form did not send: that part keeps what
 * the entry has, so a form from before these sections existed (or a script posting a few fields) never
 * deletes a counter card or a variant by leaving it out.
 */
export function readPlaceValues(entry: KnowledgeEntry, language: Language, get: (name: string) => string | undefined): PlaceValues {
  const current = placeValuesOf(entry, language);
  const read = (name: string, fallback: string, limit: number) => (get(name) ?? fallback).slice(0, limit);
  return {
    counterAsk: read(PLACE_FIELDS.counterAsk, current.counterAsk, LIMIT.phrase),
    counterText: read(PLACE_FIELDS.counterText, current.counterText, LIMIT.text),
    variants: Object.fromEntries(
      Object.entries(current.variants).map(([code, v]) => [
        code,
        { text: read(PLACE_FIELDS.text(code), v.text, LIMIT.text), sources: read(PLACE_FIELDS.sources(code), v.sources, LIMIT.sources), markReviewed: get(PLACE_FIELDS.reviewed(code)) === '1' },
      ]),
    ),
    added: { place: read(PLACE_FIELDS.newPlace, '', LIMIT.place), text: read(PLACE_FIELDS.newText, '', LIMIT.text), sources: read(PLACE_FIELDS.newSources, '', LIMIT.sources) },
  };
}

/** "Utrecht (GM0344)", or "Den Haag / Гаага (GM0518)" when the language writes it differently. */
export function placeLabel(municipalities: Municipalities, code: string, language: Language): string {
  const m = municipalities.get(code);
  if (!m) return code;
  const own = municipalities.nameIn(m, language);
  return own === m.name ? `${m.name} (${code})` : `${m.name} / ${own} (${code})`;
}

const fold = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The municipality a volunteer typed: its CBS code, its name, or any other spelling the list has
 * ("'s-Gravenhage", "Гаага"); "Utrecht (GM0344)" as the suggestions show it works too.
 */
export function findMunicipality(municipalities: Municipalities, typed: string): { found: Municipality } | { problem: string } {
  const text = fold(typed);
  const code = /\b(gm\d{4})\b/.exec(text)?.[1]?.toUpperCase();
  if (code) {
    const m = municipalities.get(code);
    return m ? { found: m } : { problem: `${code} is not in the list of municipalities: check the CBS code, or type the name and choose it from the suggestions.` };
  }
  const matches = municipalities.all.filter((m) => [m.name, ...Object.values(m.names ?? {}).flat()].some((n) => fold(n) === text));
  const codes = [...new Set(matches.map((m) => m.code))];
  if (codes.length === 1) return { found: matches[0]! };
  if (codes.length > 1) return { problem: `“${typed.trim()}” is the name of more than one municipality (${codes.join(', ')}): choose one from the suggestions.` };
  return { problem: `There is no municipality called “${typed.trim()}” in the list: type its name (e.g. Utrecht) or CBS code (e.g. GM0344) and choose it from the suggestions.` };
}

const needsSource = (label: string) => `The local part for ${label} needs a source: the municipality's own page (https://…), one per line. Nothing was saved.`;

/**
 * The file changes the counter card and the local parts of the form make in `language`, or what stops
 * them. Shape and lengths are left to the schema, checked on save like every other field.
 */
export function placeChanges(
  entry: KnowledgeEntry,
  language: Language,
  values: PlaceValues,
  context: { municipalities: Municipalities; today: string },
): { changes: FieldChange[]; problems: string[] } {
  const changes: FieldChange[] = [];
  const problems: string[] = [];
  const label = (code: string) => placeLabel(context.municipalities, code, 'nl');

  const ask = values.counterAsk.replace(/\s+/g, ' ').trim();
  changes.push({ path: ['counter', 'ask', language], value: ask || undefined });
  changes.push({ path: ['counter', 'text', language], value: multiline(values.counterText) || undefined });

  for (const [code, variant] of Object.entries(entry.places ?? {})) {
    const typed = values.variants[code];
    if (!typed) continue;
    const text = multiline(typed.text);
    const left = Object.entries({ ...variant.answer, [language]: text }).filter(([, t]) => t);
    if (left.length === 0) {
      changes.push({ path: ['places', code], value: undefined });
      continue;
    }
    const sources = lines(typed.sources);
    if (sources.length === 0) problems.push(needsSource(label(code)));
    changes.push({ path: ['places', code, 'answer', language], value: text || undefined });
    changes.push({ path: ['places', code, 'sources'], value: sources });
    if (typed.markReviewed) changes.push({ path: ['places', code, 'reviewed'], value: context.today });
  }

  const added = values.added;
  const text = multiline(added.text);
  const sources = lines(added.sources);
  if (added.place.trim() === '') {
    if (text || sources.length) problems.push('Choose the municipality for the new local part.');
    return { changes, problems };
  }
  const where = findMunicipality(context.municipalities, added.place);
  if ('problem' in where) return { changes, problems: [...problems, where.problem] };
  const code = where.found.code;
  if (entry.places?.[code]) problems.push(`${label(code)} has a local part already: change it in its own box above.`);
  else if (!text) problems.push(`Write the local part for ${label(code)}, or clear the municipality field.`);
  else if (sources.length === 0) problems.push(needsSource(label(code)));
  else {
    changes.push({ path: ['places', code, 'reviewed'], value: context.today });
    changes.push({ path: ['places', code, 'sources'], value: sources });
    changes.push({ path: ['places', code, 'answer', language], value: text });
  }
  return { changes, problems };
}
