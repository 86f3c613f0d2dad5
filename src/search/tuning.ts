/**
 * Every figure that decides which entry wins and how sure the search is, in one object: the credit of
 * each kind of word match, the lexical ranker's weights and the confidence model with its two
 * thresholds. docs/search.md explains each. Limits on work (how much of a long message is read, how many
 * fuse.js look-ups a question may make) are not tuning and stay with the code they bound.
 *
 * A tuning is validated wherever it enters the search (`SearchIndex`'s constructor): a weight out of
 * range, a misspelt key or a threshold order that cannot work fails at once with the field named, not as
 * quietly worse answers. The defaults are validated when this module loads.
 */
import { z } from 'zod';
import { DEFAULT_LEXICAL_OPTIONS, type LexicalOptions } from './lexical-ranker';
import { DEFAULT_MODEL, type ConfidenceModel } from './confidence';
import { DEFAULT_MATCH_WEIGHTS, type MatchWeights } from './term-matcher';

const share = z.number().min(0).max(1);
const positiveShare = z.number().gt(0).max(1);

const matchSchema = z
  .strictObject({ exact: positiveShare, prefix: positiveShare, typo1: positiveShare, typo2: positiveShare, approximate: positiveShare })
  // A looser match must never count for more than a closer one, or a typo would outrank the word itself.
  .refine((w) => w.prefix <= w.exact && w.typo1 <= w.exact && w.typo2 <= w.typo1, {
    message: 'weights must not grow as matches get looser: prefix and typo1 ≤ exact, typo2 ≤ typo1',
  }) satisfies z.ZodType<MatchWeights>;

const lexicalSchema = z.strictObject({
  coverageWeight: share,
  extraTermPenalty: z.number().min(0),
  minCentrality: positiveShare,
  centralitySlope: z.number().min(0),
  answerCentrality: share,
}) satisfies z.ZodType<LexicalOptions>;

const confidenceSchema = z
  .strictObject({
    bias: z.number(),
    weights: z.strictObject({
      coverage: z.number(),
      coverageWithAnswer: z.number(),
      closeness: z.number(),
      score: z.number(),
      gap: z.number(),
      unknownShare: z.number(),
      words: z.number(),
    }),
    answerAt: positiveShare,
    answerGap: share,
    suggestAt: positiveShare,
  })
  .refine((m) => m.suggestAt <= m.answerAt, { message: 'suggestAt must not exceed answerAt', path: ['suggestAt'] }) satisfies z.ZodType<ConfidenceModel>;

const storySchema = z.strictObject({ weight: share, words: share, alone: share });

const tuningSchema = z.strictObject({ match: matchSchema, lexical: lexicalSchema, confidence: confidenceSchema, story: storySchema, frameWeight: share });

export interface SearchTuning {
  /** Credit of a known term for each way a typed word can match it (term-matcher.ts). */
  match: MatchWeights;
  /** How coverage and closeness make an entry's score (lexical-ranker.ts). */
  lexical: LexicalOptions;
  /** The logistic model from ranking figures to confidence, and the thresholds of the decision. */
  confidence: ConfidenceModel;
  /**
   * A long message's story around its question (asked-part.ts): `weight` of its words in the ranking,
   * against 1 for the asking sentences; `words`, how much each of them counts as a word of the question
   * for the confidence model — fitted on short questions, where every word was asked; `alone`, the
   * confidence at which the asking sentences are answered without the story.
   */
  story: { weight: number; words: number; alone: number };
  /** Weight of a formal question's frame words ("право", "regels", "possible"; lexicon.ts) against 1. */
  frameWeight: number;
}

/** A checked tuning, or an error that names every field that is wrong. */
export function parseSearchTuning(input: unknown): SearchTuning {
  const parsed = tuningSchema.safeParse(input);
  if (!parsed.success) throw new Error(`invalid search tuning:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export const DEFAULT_TUNING: SearchTuning = parseSearchTuning({
  match: DEFAULT_MATCH_WEIGHTS,
  lexical: DEFAULT_LEXICAL_OPTIONS,
  confidence: DEFAULT_MODEL,
  story: { weight: 1, words: 0.45, alone: 0.99 },
  frameWeight: 0.3,
});
