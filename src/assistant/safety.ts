/**
 * The safety check runs before search, with no network call and no model: if a message is about
 * suicide, violence, exploitation or immediate danger, the matching safety entry is the answer.
 */
import { SAFETY_PATTERNS } from './safety-patterns';

// Stronger needs first: a message about both violence and wanting to die gets the crisis answer.
const PRIORITY = ['safety.crisis', 'safety.domestic-violence', 'safety.exploitation', 'safety.emergency'];

const COMPILED: ReadonlyArray<[string, RegExp]> = PRIORITY.map((id) => [
  id,
  new RegExp(`(?<![\\p{L}])(?:${(SAFETY_PATTERNS[id] ?? []).join('|')})`, 'u'),
]);

/** The safety entry a message calls for, if any. `texts` are readings of the same message. */
export function safetyEntryFor(texts: readonly string[]): string | undefined {
  for (const [id, pattern] of COMPILED) {
    if (texts.some((t) => pattern.test(t))) return id;
  }
  return undefined;
}

export const SAFETY_IDS: readonly string[] = PRIORITY;
