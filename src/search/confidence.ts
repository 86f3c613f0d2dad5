/**
 * Turns ranking figures into a calibrated confidence and one of three decisions. A confident wrong answer
 * hurts more than "did you mean", which costs less than an honest "I don't know" only when we did have
 * the answer. The model is a logistic regression over a few ranking figures, fitted on
 * tests/eval/dev.jsonl by `npx tsx tests/eval/tune-policy.ts`; the held-out set checks it.
 */
export type Decision = 'answer' | 'suggest' | 'none';

export interface ConfidenceFeatures {
  /** Share of the question's weight the best entry's phrasings and keywords explain, 0..1. */
  coverage: number;
  /** The same, counting the words of the entry's answer too. */
  coverageWithAnswer: number;
  /** How closely the best single phrasing matches, 0..1. */
  closeness: number;
  score: number;
  /** Score of the second-best entry (0 if none). */
  secondScore: number;
  /** Share of the question's weight in words we do not know at all. */
  unknownShare: number;
  /** Number of words in the question. */
  words: number;
}

export interface ConfidenceModel {
  bias: number;
  weights: Readonly<Record<keyof ReturnType<typeof featureVector>, number>>;
  /** Confidence needed to answer directly. */
  answerAt: number;
  /**
   * How far, as a share of its score, the best entry must lead the second to be answered directly: a near
   * tie ("Heb ik recht op kinderbijslag als ik werk?" between child benefit and work) is offered as a
   * choice, whatever the confidence. Set on cross-validated readings (tests/eval/gap-report.ts).
   */
  answerGap: number;
  /** Confidence needed to offer "did you mean" choices. */
  suggestAt: number;
}

export function featureVector(f: ConfidenceFeatures) {
  return {
    coverage: f.coverage,
    coverageWithAnswer: f.coverageWithAnswer,
    closeness: f.closeness,
    score: f.score,
    gap: f.score > 0 ? (f.score - f.secondScore) / f.score : 0,
    unknownShare: f.unknownShare,
    words: Math.log1p(f.words),
  };
}

export const DEFAULT_MODEL: ConfidenceModel = {
  bias: -9.301,
  weights: { coverage: 2.823, coverageWithAnswer: 2.848, closeness: 2.662, score: 2.755, gap: 2.577, unknownShare: -0.709, words: 3.118 },
  answerAt: 0.85,
  answerGap: 0.1,
  suggestAt: 0.4,
};

export function confidenceOf(f: ConfidenceFeatures, model: ConfidenceModel = DEFAULT_MODEL): number {
  if (f.score <= 0) return 0;
  const x = featureVector(f);
  let z = model.bias;
  for (const key of Object.keys(x) as Array<keyof typeof x>) z += model.weights[key] * x[key];
  return 1 / (1 + Math.exp(-z));
}

/**
 * A near tie: the best entry leads the second by less than `answerGap` of its score, and the question
 * is not one of its phrasings nearly word for word (closeness below `PHRASING_CLOSENESS`): "How much
 * living allowance do I get?" is a phrasing of the living allowance, however close the entry about
 * working is.
 */
const PHRASING_CLOSENESS = 0.95;
export function nearTie(f: ConfidenceFeatures, model: ConfidenceModel = DEFAULT_MODEL): boolean {
  return featureVector(f).gap < model.answerGap && f.closeness < PHRASING_CLOSENESS;
}

/**
 * What the figures do not tell about the question's words. `namesTopic`: a question of asking words
 * alone ("до коли?", "until when?"; idioms.ts) names nothing to answer about. `onlyInPassing`: the best
 * entry explains one of the question's several words, and that one only in passing (in-passing.ts:
 * "hoe werkt de ov-chipkaart" and the school-transport entry). Either makes an answer a "did you mean".
 */
export interface WordEvidence {
  namesTopic: boolean;
  onlyInPassing: boolean;
}

/**
 * `features`, when given, let a near tie be offered as a choice rather than answered; `words`, a question
 * that names no topic or that the best entry explains only in passing.
 */
export function decide(confidence: number, model: ConfidenceModel = DEFAULT_MODEL, features?: ConfidenceFeatures, words?: WordEvidence): Decision {
  const doubt = (features !== undefined && nearTie(features, model)) || (words !== undefined && (!words.namesTopic || words.onlyInPassing));
  if (confidence >= model.answerAt && !doubt) return 'answer';
  if (confidence >= model.suggestAt) return 'suggest';
  return 'none';
}
