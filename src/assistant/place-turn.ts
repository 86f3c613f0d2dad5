/**
 * How a message tells the bot where the person lives: "/place Utrecht", "я живу в Утрехті", or just
 * "Утрехт" right after the bot asked. Never required; a message that is not about a place passes on.
 */
import type { Municipalities, Municipality } from '../places/municipalities';
import { placeMention, placeNamesOf, placeStatement } from '../places/recognise-place';
import type { KnowledgeEntry } from '../knowledge/schema';
import type { UserState } from './user-state';

export type PlaceReading =
  /** The person named their municipality; `rest` is whatever else they asked in the same message. */
  | { kind: 'told'; municipality: Municipality; rest: string }
  /** "/place" alone: ask where. */
  | { kind: 'ask' }
  /** "/place Atlantis": no such municipality. */
  | { kind: 'unknown' };

const PLACE_COMMAND = /^\/(?:place|місто|город|plaats|gemeente)(?:@\w+)?(?:\s|$)/iu;

export function readPlace(raw: string, state: UserState, municipalities: Municipalities): PlaceReading | undefined {
  if (municipalities.size === 0) return undefined;
  const names = placeNamesOf(municipalities);
  const told = placeStatement(raw, names);
  if (told) return { kind: 'told', municipality: told.municipality, rest: told.rest };
  const trimmed = raw.trim();
  if (PLACE_COMMAND.test(trimmed)) return trimmed.split(/\s+/).length > 1 ? { kind: 'unknown' } : { kind: 'ask' };
  if (state.askingPlace) {
    const named = names.match(trimmed.replace(/^[(«"]+|[.,;:!?()«»"]+$/gu, ''));
    if (named) return { kind: 'told', municipality: named, rest: '' };
  }
  return undefined;
}

/**
 * The municipality whose part an answer shows: the one the person told the bot, else one named in this
 * very question ("де реєструватися в Утрехті?") when the entry has a part for it — not remembered.
 */
export function placeForAnswer(entry: KnowledgeEntry, raw: string | undefined, state: UserState, municipalities: Municipalities): Municipality | undefined {
  const stored = municipalities.get(state.place);
  if (stored || !raw || !entry.places) return stored;
  const named = placeMention(raw, placeNamesOf(municipalities))?.municipality;
  return named && entry.places[named.code] ? named : undefined;
}

/**
 * The question without the place it names ("waar inschrijven BRP in Den Haag" → "waar inschrijven BRP"):
 * a town's name is no topic word, yet as an unknown word it can turn a clear question into "did you mean".
 */
export function withoutPlaceMention(raw: string, municipalities: Municipalities): string | undefined {
  if (municipalities.size === 0) return undefined;
  return placeMention(raw, placeNamesOf(municipalities))?.without;
}

/** Whether what is left after "я живу в Утрехті" still asks something ("…, де зареєструватися?"). */
export function asksMore(rest: string): boolean {
  return (rest.match(/\p{L}{2,}/gu) ?? []).length >= 2;
}
