/**
 * The safety check runs before search, with no network call and no model: if a message is about
 * suicide, violence, exploitation or immediate danger, the matching safety entry is the answer.
 *
 * Two kinds of evidence, both on every reading of the message (as typed, and as repaired from the wrong
 * keyboard layout or Latin letters): strong phrases, each enough on its own, and cue scores
 * (safety-cues.ts), which add up weaker signs and know when words are used otherwise ("my husband beat
 * me at chess", "the heating is on fire hot"). Both are data in `src/phrases/safety/*.yaml`.
 */
import { SAFETY_RULES, type CuePattern } from '../phrases/safety-rules';
import { scoreCues, CUE_THRESHOLD, type CueScore } from './safety-cues';

// Stronger needs first: a message about both violence and wanting to die gets the crisis answer.
const PRIORITY = ['safety.crisis', 'safety.domestic-violence', 'safety.exploitation', 'safety.emergency'];

/** The strong phrases of each safety entry (none when its file lists none). */
const PHRASES: ReadonlyArray<[string, CuePattern | undefined]> = PRIORITY.map((id) => [id, SAFETY_RULES.categories.find((c) => c.id === id)?.phrases]);

export interface SafetyAssessment {
  /** The safety entry the message calls for, if any. */
  id: string | undefined;
  /** Per safety entry: the evidence found (best reading), for tests and debugging. */
  evidence: Record<string, CueScore>;
}

/** What the safety check finds in a message. `texts` are normalised readings of the same message. */
export function assessSafety(texts: readonly string[]): SafetyAssessment {
  try {
    return assess(texts);
  } finally {
    SAFETY_RULES.forgetTexts();
  }
}

function assess(texts: readonly string[]): SafetyAssessment {
  const evidence: Record<string, CueScore> = {};
  for (const id of PRIORITY) evidence[id] = { score: 0, signs: [] };
  for (const text of new Set(texts)) {
    if (!text) continue;
    const cues = scoreCues(text);
    for (const [id, pattern] of PHRASES) {
      const found = cues[id]!;
      const m = pattern?.exec(text);
      const score = found.score + (m ? CUE_THRESHOLD : 0);
      if (score > evidence[id]!.score) evidence[id] = { score, signs: m ? [`phrase:${m[0]}`, ...found.signs] : found.signs };
    }
  }
  const id = PRIORITY.find((p) => evidence[p]!.score >= CUE_THRESHOLD);
  return { id, evidence };
}

/** The safety entry a message calls for, if any. `texts` are readings of the same message. */
export function safetyEntryFor(texts: readonly string[]): string | undefined {
  return assessSafety(texts).id;
}

export const SAFETY_IDS: readonly string[] = PRIORITY;
