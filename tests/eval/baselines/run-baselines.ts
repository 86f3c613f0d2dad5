/**
 * `npm run eval:baselines`: our search next to plain fuse.js and nlp.js on the same labelled sets (issue 16).
 * A report, not a test, and a slow one (15 CPU minutes, most of it fuse.js on the long questions);
 * nlp.js is trained afresh on every run (about 15 s), nothing is cached.
 *
 * Every system is scored by evaluate.ts's `score`, so the columns mean what they mean in `npm run eval`.
 * The baselines answer when their confidence reaches a threshold fitted on the tuning sets (dev*.jsonl)
 * only, the lowest that keeps confident wrong answers there at or under 3 %; below it they answer nothing
 * and their first three entries count as what they would offer. Held-out questions are never looked at.
 */
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { loadKnowledgeDirectory } from '../../../src/knowledge/load-directory';
import { SearchIndex } from '../../../src/search/search-index';
import { readQuestions, predictWithPrykhystok, type LabelledQuestion, type Prediction } from '../evaluate';
import { decideAt, fitThreshold, type Scored } from './scored';
import { rankWithFuse } from './fuse-baseline';
import { NLPJS_DEFAULT_THRESHOLD, trainNlpJs } from './nlpjs-baseline';
import { formatTables, type Group, type System } from './report';

const EVAL_DIR = path.resolve(__dirname, '..');
const TUNING_FILES = readdirSync(EVAL_DIR).filter((f) => /^dev.*\.jsonl$/.test(f)).sort();
const ORIGINAL = 'heldout.jsonl';
const TOPICS = 'heldout-topics.jsonl';
const STYLES = 'heldout-styles.jsonl';
const LOOKALIKE = 'heldout-lookalike.jsonl';
const NOISY = ['typo', 'layout', 'translit'];

function groups(fileOf: Map<LabelledQuestion, string>): Group[] {
  const inFile = (...files: string[]) => (q: LabelledQuestion) => files.includes(fileOf.get(q) ?? '');
  const styled = (tag: string) => (q: LabelledQuestion) => fileOf.get(q) === STYLES && q.tags.includes(tag);
  return [
    { label: `original set (${ORIGINAL})`, keep: inFile(ORIGINAL) },
    { label: `new topics (${TOPICS})`, keep: inFile(TOPICS) },
    { label: `FAQ style / long / two (${STYLES})`, keep: inFile(STYLES) },
    { label: '  FAQ style', keep: styled('faq') },
    { label: '  long stories', keep: styled('long') },
    { label: '  two questions in one', keep: styled('two') },
    { label: 'short questions (tagged short)', keep: (q) => inFile(ORIGINAL, TOPICS, STYLES)(q) && q.tags.includes('short') },
    { label: 'typos / layout / Latin letters', keep: (q) => inFile(ORIGINAL, TOPICS, STYLES)(q) && q.tags.some((t) => NOISY.includes(t)) },
    { label: 'all held-out (the three files)', keep: inFile(ORIGINAL, TOPICS, STYLES) },
    {
      label: `look-alikes (${LOOKALIKE})`,
      keep: inFile(LOOKALIKE),
      lookAlikes: true,
      note: "every system through its search alone: the bot's assistant answers thanks and greetings before our search, as `npm run eval` counts",
    },
    { label: `tuning (${TUNING_FILES.length} dev*.jsonl, thresholds fitted here)`, keep: inFile(...TUNING_FILES) },
  ];
}

/** A baseline's predictions with its threshold fitted on the tuning questions alone. */
function fitted(name: string, scored: readonly Scored[], isTuning: (q: LabelledQuestion) => boolean): System {
  const threshold = fitThreshold(scored.filter((s) => isTuning(s.question)));
  const note = Number.isFinite(threshold)
    ? `answers at confidence ≥ ${threshold.toFixed(3)} (fitted on the tuning sets)`
    : 'never answers: on the tuning sets no threshold keeps confident wrong answers at or under 3 %';
  return { name, predictions: decideAt(threshold, scored), note };
}

async function main() {
  const { knowledge, problems } = await loadKnowledgeDirectory(path.resolve(process.env.KNOWLEDGE_DIR || 'knowledge'));
  if (!knowledge) throw new Error(`knowledge does not load: ${problems[0]?.message}`);
  const fileOf = new Map<LabelledQuestion, string>();
  for (const file of [...TUNING_FILES, ORIGINAL, TOPICS, STYLES, LOOKALIKE]) {
    for (const q of readQuestions(path.join(EVAL_DIR, file))) fileOf.set(q, file);
  }
  const questions = [...fileOf.keys()];
  const isTuning = (q: LabelledQuestion) => TUNING_FILES.includes(fileOf.get(q) ?? '');

  // Progress on stderr, so the report on stdout stays clean: fuse.js alone takes minutes (its bitap
  // search runs over every phrasing for each 32-character piece of a long question).
  const timed = async <T>(what: string, work: () => T | Promise<T>): Promise<T> => {
    const started = Date.now();
    console.error(`${what}…`);
    const result = await work();
    console.error(`${what}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return result;
  };
  const ours: Prediction[] = await timed('Prykhystok', () => predictWithPrykhystok(new SearchIndex(knowledge), questions));
  // fuse.js is nearly all of the run's 15 CPU minutes; `-- --no-fuse` leaves it out for a quick comparison.
  const withFuse = !process.argv.includes('--no-fuse');
  const fuse = withFuse ? fitted('fuse.js', await timed(`fuse.js on ${questions.length} questions`, () => rankWithFuse(knowledge.entries, questions)), isTuning) : undefined;
  const nlpjs = await timed('nlp.js training', () => trainNlpJs(knowledge.entries));
  const nlpScored = await timed('nlp.js', () => nlpjs.rank(questions));
  // Its scores are squared and normalised over the intents, so most questions score exactly 1 and the
  // fitted threshold may answer nothing; nlp.js's own default (0.5) shows what it answers out of the box.
  const nlpDefault: System = { name: 'nlp.js at 0.5', predictions: decideAt(NLPJS_DEFAULT_THRESHOLD, nlpScored), note: "answers at nlp.js's own default threshold, not fitted" };

  const systems: System[] = [
    { name: 'Prykhystok', predictions: ours, note: 'its own confidence model (src/search/confidence.ts)' },
    ...(fuse ? [fuse] : []),
    fitted('nlp.js', nlpScored, isTuning),
    nlpDefault,
  ];
  console.log(`${knowledge.size} entries, ${questions.length} questions`);
  console.log(formatTables(groups(fileOf), systems));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
