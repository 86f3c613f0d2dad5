/**
 * What answers a question: the knowledge base (reloaded when it changes), the search index over it, the
 * translated texts and the assistant. Start-up stops here if the knowledge base has errors.
 */
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { KnowledgeStore } from '../knowledge/knowledge-store';
import { formatProblem } from '../knowledge/problems';
import { SearchIndex } from '../search/search-index';
import { readLocales, createTranslator, type LocaleResources } from '../i18n';
import { Assistant } from '../assistant/assistant';
import type { Translate } from '../assistant/translate';
import { QuestionCache } from '../assistant/question-cache';
import { SearchPool } from '../workers/search-pool';
import { StartupError } from './options';

export interface Answering {
  readonly knowledge: KnowledgeStore;
  /** The index over the knowledge as it is now: a reload replaces it. */
  search(): SearchIndex;
  readonly resources: LocaleResources;
  readonly translate: Translate;
  readonly assistant: Assistant;
  /** The search worker threads (SEARCH_WORKERS > 0). */
  readonly searchPool?: SearchPool;
  /** Ends the search workers. */
  close(): Promise<void>;
}

export async function openAnswering(config: Config, logger: Logger, metrics: Metrics): Promise<Answering> {
  const opened = await KnowledgeStore.open(config.knowledgeDir);
  if (!opened.store) {
    throw new StartupError(`The knowledge base in ${config.knowledgeDir} has errors:\n${opened.problems.filter((p) => p.severity === 'error').map(formatProblem).join('\n')}`);
  }
  const knowledge = opened.store;
  let index = new SearchIndex(knowledge.current());
  // The workers build their own indexes from the same snapshot, at start and on every reload.
  const searchPool = config.searchWorkers > 0 ? new SearchPool({ size: config.searchWorkers, logger }) : undefined;
  searchPool?.load(knowledge.current());
  knowledge.onChange((kb) => {
    index = new SearchIndex(kb);
    searchPool?.load(kb);
    logger.info({ entries: kb.size }, 'knowledge reloaded');
  });

  const resources = readLocales(config.localesDir);
  const translate = await createTranslator(resources, { days: config.retentionDays, stateDays: config.stateRetentionDays });
  const assistant = new Assistant(() => index, translate, undefined, new QuestionCache(), searchPool);
  metrics.gauge('prykhystok_question_cache_hit_ratio', 'Share of questions read from the cache since start (asked before, same knowledge).', () => {
    const { hits, misses } = assistant.questionCacheStats();
    return hits + misses ? hits / (hits + misses) : 0;
  });
  return {
    knowledge,
    search: () => index,
    resources,
    translate,
    assistant,
    ...(searchPool ? { searchPool } : {}),
    close: async () => searchPool?.close(),
  };
}
