/**
 * `npm run eval [-- --failures]`: figures for the tuning and held-out sets, per language and for noisy
 * input, next to plain fuse.js on default options (`--no-fuse`: without it, in a minute). `--failures` lists tuning-set misses only: the
 * held-out set is never inspected question by question, so its figures stay honest.
 *
 * top-1: the right entry comes first (answered, or the first "did you mean" choice); answer: answered
 * directly with the right entry; top-3 and MRR over what the person is shown; wrong: answered with a
 * wrong entry (the harmful error); OOS-rejected: out-of-scope questions not answered.
 */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import { LANGUAGES } from '../../src/knowledge/languages';
import { existsSync } from 'node:fs';
import { readQuestions, predictWithPrykhystok, predictWithPlainFuse, score, sentToSafety, type Figures, type Prediction } from './evaluate';
import { Assistant } from '../../src/assistant/assistant';
import { createTranslator, readLocales } from '../../src/i18n';

const pct = (x: number | null) => (x === null ? '   —  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

function row(label: string, f: Figures): string {
  return [
    label.padEnd(22),
    String(f.inScope).padStart(4),
    pct(f.top1),
    pct(f.answered),
    pct(f.top3),
    f.mrr.toFixed(3).padStart(6),
    pct(f.wrongAnswer),
    `${pct(f.oosRejected)} (${f.outOfScope})`,
    pct(f.language),
    f.safetyCount ? `${pct(f.safety)} (${f.safetyCount})` : '',
  ].join('  ');
}

const NOISY = ['typo', 'layout', 'translit'];
const STYLES = ['faq', 'long', 'two'];

function report(name: string, mine: Prediction[], fuse: Prediction[] | undefined): void {
  console.log(`\n${name}`);
  console.log(`${''.padEnd(22)}  in-sc   top-1  answer   top-3    MRR   wrong    OOS-rejected  language   safety`);
  console.log(row('Prykhystok', score(mine)));
  for (const l of LANGUAGES) console.log(row(`  ${l}`, score(mine.filter((p) => p.question.lang === l))));
  console.log(row('  typo/layout/translit', score(mine.filter((p) => p.question.tags.some((t) => NOISY.includes(t))))));
  for (const t of [...NOISY, 'mixed', 'short']) console.log(row(`    ${t}`, score(mine.filter((p) => p.question.tags.includes(t)))));
  // How people and official FAQs write (issue 16): formal questions, long stories, two questions in one.
  for (const t of STYLES) console.log(row(`  style: ${t}`, score(mine.filter((p) => p.question.tags.includes(t)))));
  if (fuse) console.log(row('plain fuse.js defaults', score(fuse)));
}

async function main() {
  const { knowledge, problems } = await loadKnowledgeDirectory(path.resolve(process.env.KNOWLEDGE_DIR || 'knowledge'));
  if (!knowledge) throw new Error(`knowledge does not load: ${problems[0]?.message}`);
  const index = new SearchIndex(knowledge);
  const showFailures = process.argv.includes('--failures');
  const splits = { dev: ['dev.jsonl', 'dev2.jsonl', 'dev-topics.jsonl', 'dev-styles.jsonl', 'dev-obvious.jsonl', 'dev-colloquial.jsonl', 'dev-confusable.jsonl', 'dev-fresh.jsonl', 'dev-noisy.jsonl', 'dev-fresh2.jsonl', 'dev-noisy2.jsonl', 'dev-fresh3.jsonl', 'dev-mixed.jsonl', 'dev-neighbours.jsonl', 'dev-translit.jsonl', 'dev-fresh4.jsonl', 'dev-fresh5.jsonl', 'dev-latin2.jsonl', 'dev-fresh6.jsonl', 'dev-fresh7.jsonl', 'dev-fresh8.jsonl', 'dev-fresh9.jsonl', 'dev-fresh10.jsonl'], heldout: ['heldout.jsonl', 'heldout-topics.jsonl', 'heldout-styles.jsonl'] } as const;
  for (const split of ['dev', 'heldout'] as const) {
    const questions = splits[split].flatMap((f) => readQuestions(path.join(__dirname, f)));
    const mine = predictWithPrykhystok(index, questions);
    // fuse.js on every long question takes most of the run's minutes; `--no-fuse` leaves it out.
    const fuse = process.argv.includes('--no-fuse') ? undefined : predictWithPlainFuse(knowledge, questions);
    report(split === 'dev' ? `DEV (tuning set: ${splits.dev.join(' + ')})` : `HELD-OUT (never tuned on: ${splits.heldout.join(' + ')})`, mine, fuse);
    // Each file on its own too: the topics sets cover the entries added in December 2026.
    for (const file of splits[split]) {
      const own = new Set(readQuestions(path.join(__dirname, file)).map((q) => q.q));
      console.log(row(`  ${file}`, score(mine.filter((p) => own.has(p.question.q)))));
    }
    if (showFailures && split === 'dev') {
      console.log('\ndev failures (expected → got | ranking | language):');
      for (const p of mine) {
        const q = p.question;
        if (p.id !== q.id || p.language !== q.lang) {
          const r = index.search(q.q);
          console.log(`  ${q.q}\n      ${q.id} → ${p.id} | ${p.ranking.join(', ')} | ${p.language}/${q.lang} | ${r.repair}: "${r.text}" cov=${r.ranked[0]?.coverage.toFixed(2)} s=${r.ranked[0]?.score.toFixed(2)}/${r.ranked[1]?.score.toFixed(2)}`);
        }
      }
    }
  }
  const translate = await createTranslator(readLocales(path.resolve('locales')), { days: 60, stateDays: 30 });
  const assistant = new Assistant(() => index, translate);
  console.log('\nLOOK-ALIKES (everyday messages): sent to a safety answer');
  for (const [label, file] of [['tuning (dev-lookalike.jsonl)', 'dev-lookalike.jsonl'], ['held-out (heldout-lookalike.jsonl)', 'heldout-lookalike.jsonl']] as const) {
    const full = path.join(__dirname, file);
    if (!existsSync(full)) continue;
    const { total, alarms } = sentToSafety(assistant, readQuestions(full));
    console.log(`  ${label.padEnd(36)} ${alarms.length}/${total} = ${pct(alarms.length / total)}`);
    if (showFailures && file.startsWith('dev')) for (const q of alarms) console.log(`      ${q.q}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
