/** The shipped knowledge and fixed texts, loaded once per test file: what a person would meet. */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import { createTranslator, readLocales } from '../../src/i18n';
import type { Translate } from '../../src/assistant/translate';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base';

/** The knowledge and texts without an index over them, for a test that builds its own from changed entries. */
export async function loadShippedKnowledge(): Promise<{ knowledge: KnowledgeBase; t: Translate }> {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  const t = await createTranslator(readLocales(path.resolve(__dirname, '../../locales')), { days: 60, stateDays: 30 });
  return { knowledge: knowledge!, t };
}

export async function loadShipped(): Promise<{ index: SearchIndex; t: Translate }> {
  const { knowledge, t } = await loadShippedKnowledge();
  return { index: new SearchIndex(knowledge), t };
}
