/**
 * `npx tsx tests/eval/safety-noise-report.ts [seeds]`: the safety check on misspelt messages. Each
 * message of the safety tuning set (never heldout.jsonl) gets typing errors (a letter dropped, doubled,
 * swapped with its neighbour or replaced by the key next to it) in about a third of its longer words,
 * with a fixed seed; recall and over-matching are then measured as in safety-report.ts.
 */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import { readQuestions } from './evaluate';
import { resolveQuestion, answeredId } from '../../src/assistant/resolve';
import { misspell, rng } from './misspell';

(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  const index = new SearchIndex(knowledge!);
  const qs = readQuestions(path.join(__dirname, 'dev-safety.jsonl'));
  const seeds = Number(process.argv[2]) || 5;
  let ok = 0, n = 0, over = 0, overN = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const random = rng(seed);
    for (const q of qs) {
      const id = answeredId(resolveQuestion(index, misspell(q.q, random)).resolution);
      if (q.id?.startsWith('safety.')) { n++; if (id === q.id) ok++; }
      else { overN++; if (id?.startsWith('safety.')) over++; }
    }
  }
  console.log(`misspelt: safety recall ${ok}/${n} (${((ok / n) * 100).toFixed(1)} %), over-matching ${over}/${overN}`);
})();
