/**
 * `npx tsx tests/eval/gap-report.ts`: how the answer policy's `answerGap` was set. The tuning sets were
 * mended until they read well and hold one wrong answer in 695 questions, too few to tell a floor from
 * none; cross-validated readings of the knowledge base's own phrasings (cross-validated.ts) hold hundreds.
 * For each floor on the best entry's lead over the second (confidence.ts, `nearTie`): answers right and wrong, and the policy's value
 * (tune-policy.ts's costs: a wrong answer costs three right ones; a near tie offered as "did you mean"
 * is worth 0.7 with the right entry first, 0.4 with it second or third).
 */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { confidenceOf, nearTie, DEFAULT_MODEL } from '../../src/search/confidence';
import { crossValidatedReadings } from './cross-validated';

async function main(): Promise<void> {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve('knowledge'));
  if (!knowledge) throw new Error('knowledge does not load');
  const readings = crossValidatedReadings(knowledge);
  const confident = readings.filter((r) => confidenceOf(r.features) >= DEFAULT_MODEL.answerAt);
  console.log(`${readings.length} cross-validated readings; ${confident.length} at or over answerAt ${DEFAULT_MODEL.answerAt}`);
  console.log('floor   right   wrong   value');
  for (const floor of [0, 0.025, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.3]) {
    const model = { ...DEFAULT_MODEL, answerGap: floor };
    const answered = confident.filter((r) => !nearTie(r.features, model));
    const offered = confident.filter((r) => nearTie(r.features, model));
    const right = answered.filter((r) => r.topRight).length;
    const wrong = answered.length - right;
    const value = right - 3 * wrong + offered.reduce((sum, r) => sum + (r.topRight ? 0.7 : r.inTop3 ? 0.4 : 0), 0);
    const mark = floor === DEFAULT_MODEL.answerGap ? '  ← answerGap' : '';
    console.log(`${floor.toFixed(3).padEnd(7)} ${String(right).padStart(5)} ${String(wrong).padStart(7)} ${value.toFixed(0).padStart(7)}${mark}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
