/**
 * What a baseline gives for one question: its entries best first with a confidence (higher is surer), and
 * the language it read the question in. One rule turns that into an answer for every baseline: answer with
 * the first entry when its confidence reaches a threshold fitted on the tuning sets only, so the comparison
 * with our search is made at the same risk of a confident wrong answer.
 */
import type { Language } from '../../../src/knowledge/languages';
import type { KnowledgeEntry } from '../../../src/knowledge/schema';
import type { LabelledQuestion, Prediction } from '../evaluate';

/** The part of an entry the baselines learn from: its phrasings and keywords in every language. */
export type PhrasedEntry = Pick<KnowledgeEntry, 'id' | 'questions' | 'keywords'>;

export interface Candidate {
  id: string;
  confidence: number;
}

export interface Scored {
  question: LabelledQuestion;
  /** Best first, each entry once. */
  candidates: readonly Candidate[];
  language: Language | null;
  /** The baseline itself declined (nlp.js's "None"): no threshold makes it answer. */
  abstains?: boolean;
}

/** The ceiling for confident wrong answers, the same one our confidence model is fitted to. */
export const MAX_WRONG = 0.03;

/** The "did you mean" list a baseline would show: its first three entries. */
const SHOWN = 3;

const topConfidence = (s: Scored) => (s.abstains ? -Infinity : (s.candidates[0]?.confidence ?? -Infinity));

/**
 * The lowest confidence at which answering keeps wrong answers to in-scope tuning questions at or under
 * `maxWrong`. Wrong answers only fall as the threshold rises, so the lowest such threshold is the one that
 * answers the most at that risk. Infinity when none does: the baseline then never answers.
 */
export function fitThreshold(tuning: readonly Scored[], maxWrong = MAX_WRONG): number {
  const inScope = tuning.filter((s) => s.question.id !== null);
  const thresholds = [...new Set(tuning.map(topConfidence))].filter(Number.isFinite).sort((a, b) => a - b);
  for (const t of thresholds) {
    const wrong = inScope.filter((s) => topConfidence(s) >= t && s.candidates[0]?.id !== s.question.id).length;
    if (wrong <= maxWrong * inScope.length) return t;
  }
  return Infinity;
}

/** Predictions in the form evaluate.ts scores, so the baselines get exactly our metrics. */
export function decideAt(threshold: number, scored: readonly Scored[]): Prediction[] {
  return scored.map((s) => ({
    question: s.question,
    id: topConfidence(s) >= threshold ? (s.candidates[0]?.id ?? null) : null,
    ranking: s.candidates.slice(0, SHOWN).map((c) => c.id),
    language: s.language,
  }));
}
