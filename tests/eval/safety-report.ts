/** `npx tsx tests/eval/safety-report.ts [show] [file]`: safety recall and over-matching on a tuning set (never on heldout.jsonl). */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import { readQuestions } from './evaluate';
import { resolveQuestion, answeredId } from '../../src/assistant/resolve';
(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  const index = new SearchIndex(knowledge!);
  const qs = readQuestions(path.join(__dirname, process.argv[3] ?? 'dev-safety.jsonl'));
  let safeOk = 0, safeN = 0, overN = 0, over = 0; const show = process.argv[2];
  for (const q of qs) {
    const r = resolveQuestion(index, q.q); const id = answeredId(r.resolution);
    if (q.id?.startsWith('safety.')) { safeN++; if (id === q.id) safeOk++; else if (show) console.log('MISS', q.id, '→', id, r.resolution.kind, '|', q.q); }
    else { overN++; if (id?.startsWith('safety.')) { over++; if (show) console.log('OVER', q.id, '→', id, '|', q.q); } }
  }
  console.log(`safety recall ${safeOk}/${safeN}, over-matching ${over}/${overN}`);
})();
