/** What the command-line tools share: the knowledge, the search index and the assistant, from disk. */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../knowledge/load-directory';
import { formatProblem } from '../knowledge/problems';
import { SearchIndex } from '../search/search-index';
import { Assistant } from '../assistant/assistant';
import { createTranslator, readLocales } from '../i18n';
import type { Translate } from '../assistant/translate';
import { knowledgeDirFromEnv } from './knowledge-dir';

export interface LoadedAssistant {
  index: SearchIndex;
  assistant: Assistant;
  translate: Translate;
}

export async function loadAssistant(): Promise<LoadedAssistant> {
  const { knowledge, problems } = await loadKnowledgeDirectory(knowledgeDirFromEnv());
  if (!knowledge) {
    throw new Error(`the knowledge base has errors:\n${problems.filter((p) => p.severity === 'error').map(formatProblem).join('\n')}`);
  }
  const index = new SearchIndex(knowledge);
  const translate = await createTranslator(readLocales(path.resolve(process.env.LOCALES_DIR || 'locales')), {
    days: Number(process.env.RETENTION_DAYS) || 60,
    stateDays: 30,
  });
  return { index, translate, assistant: new Assistant(() => index, translate) };
}
