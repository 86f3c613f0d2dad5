/**
 * Cuts runs into messages that each fit Viber's limits once serialised (see split-text.ts for where it
 * cuts): the characters of the text, and the JSON bytes it may take of a request.
 */
import { splitRuns } from '../split-text';
import { VIBER_LIMITS } from './limits';
import { serialise, type Run } from './markdown';

function fits(runs: readonly Run[], limit: number): boolean {
  const text = serialise(runs);
  return text.length <= limit && Buffer.byteLength(JSON.stringify(text), 'utf8') <= VIBER_LIMITS.messageJsonBytes;
}

/** Parts that each fit `limit` characters (and the JSON byte budget) once serialised. */
export function splitToLimit(runs: readonly Run[], limit: number): Run[][] {
  // No `maxChars`: the JSON byte count is not monotonic across a surrogate pair, so the search keeps its
  // whole range.
  return splitRuns(runs, (part) => fits(part, limit));
}
