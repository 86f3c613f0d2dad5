/**
 * The counter card: what a person shows at a desk. The clerk reads Dutch, so Dutch comes first; the
 * person's own language follows so they know what they are showing. Built from an entry's `counter:`
 * (or its answer when it has none) and, when the person said where they live, that municipality's part.
 */
import type { KnowledgeEntry } from '../knowledge/schema';
import type { Language } from '../knowledge/languages';
import type { Municipality } from '../places/municipalities';

export interface CounterSide {
  language: Language;
  /** The request in one fixed phrase, when the entry has one. */
  ask?: string;
  /** The key facts (Markdown subset). */
  text: string;
  /** The municipality's own part, when the person's place has one. */
  local?: string;
}

export interface CounterCardModel {
  entryId: string;
  /** The municipality whose part is on the card. */
  place?: { code: string; name: string };
  dutch: CounterSide;
  /** Absent when the person reads Dutch: the card is then Dutch only. */
  own?: CounterSide;
  sources: string[];
  reviewed: string;
}

function side(entry: KnowledgeEntry, language: Language, place: Municipality | undefined): CounterSide | undefined {
  const text = entry.counter?.text?.[language] ?? entry.answer[language];
  if (!text) return undefined;
  const ask = entry.counter?.ask?.[language];
  const local = place ? entry.places?.[place.code]?.answer[language] : undefined;
  return { language, text, ...(ask ? { ask } : {}), ...(local ? { local } : {}) };
}

/** The card for `entry` in `language`; undefined only for an entry with no Dutch or English at all. */
export function counterCard(entry: KnowledgeEntry, language: Language, place?: Municipality): CounterCardModel | undefined {
  // An entry not yet translated into Dutch shows its English on top: a clerk reads that better than nothing.
  const dutch = side(entry, 'nl', place) ?? side(entry, 'en', place);
  if (!dutch) return undefined;
  const own = language === dutch.language ? undefined : side(entry, language, place);
  const variant = place ? entry.places?.[place.code] : undefined;
  return {
    entryId: entry.id,
    ...(variant && place ? { place: { code: place.code, name: place.name } } : {}),
    dutch,
    ...(own ? { own } : {}),
    sources: [...entry.sources, ...(variant?.sources ?? [])],
    reviewed: variant && variant.reviewed < entry.reviewed ? variant.reviewed : entry.reviewed,
  };
}
