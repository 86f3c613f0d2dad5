#!/usr/bin/env node
/**
 * `npm run --silent kb -- check [--strict] | export | stats`
 * check: validates knowledge/ (exit 1 with `file:line: message` on errors; --strict fails on warnings too).
 */
import { loadKnowledgeDirectory } from '../knowledge/load-directory';
import { formatProblem } from '../knowledge/problems';
import { LANGUAGES } from '../knowledge/languages';
import { isStale, daysSince, STALE_AFTER_DAYS } from '../knowledge/freshness';
import { knowledgeDirFromEnv } from './knowledge-dir';
import { runCommand, writeOut } from './command';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const root = knowledgeDirFromEnv();
  const { entries, problems } = await loadKnowledgeDirectory(root);
  const errors = problems.filter((p) => p.severity === 'error');

  switch (command) {
    case 'check': {
      const strict = rest.includes('--strict');
      for (const p of problems) console.log(formatProblem(p));
      const failing = strict ? problems.length : errors.length;
      const warnings = problems.length - errors.length;
      console.log(
        failing === 0
          ? `ok: ${entries.length} entries${warnings ? `, ${warnings} warning(s)` : ''}`
          : `${errors.length} error(s), ${warnings} warning(s) in ${root}`,
      );
      return failing === 0 ? 0 : 1;
    }
    case 'export': {
      if (errors.length) return failWith(errors.map(formatProblem));
      const out = entries.map((e) => ({
        id: e.id,
        topic: e.topic,
        reviewed: e.reviewed,
        sources: e.sources,
        questions: e.questions,
        keywords: e.keywords ?? {},
        answer: e.answer,
        related: e.related,
      }));
      await writeOut(`${JSON.stringify({ entries: out }, null, 2)}\n`);
      return 0;
    }
    case 'stats': {
      if (errors.length) return failWith(errors.map(formatProblem));
      const n = entries.length;
      console.log(`${n} entries in ${root}\n`);
      console.log('language  answers      questions (total, min per entry)');
      for (const l of LANGUAGES) {
        const withAnswer = entries.filter((e) => e.answer[l]).length;
        const counts = entries.map((e) => e.questions[l]?.length ?? 0);
        const total = counts.reduce((a, b) => a + b, 0);
        const pct = n ? Math.round((withAnswer / n) * 100) : 0;
        console.log(`${l.padEnd(9)} ${`${withAnswer}/${n} (${pct}%)`.padEnd(12)} ${total}, min ${n ? Math.min(...counts) : 0}`);
      }
      const missing = entries.flatMap((e) => LANGUAGES.filter((l) => !e.answer[l]).map((l) => `${e.id} (${l})`));
      console.log(`\nmissing translations: ${missing.length ? missing.join(', ') : 'none'}`);
      const stale = entries.filter((e) => isStale(e.reviewed));
      console.log(`stale (reviewed more than ${STALE_AFTER_DAYS} days ago): ${stale.length}/${n}`);
      for (const e of stale) console.log(`  ${e.id}  reviewed ${e.reviewed} (${daysSince(e.reviewed)} days ago)`);
      return 0;
    }
    default:
      return failWith(['usage: npm run --silent kb -- check [--strict] | export | stats']);
  }
}

function failWith(lines: string[]): number {
  for (const l of lines) console.error(l);
  return 1;
}

runCommand(
  () => main(process.argv.slice(2)),
  (err) => {
    console.error(err);
    return 2;
  },
);
