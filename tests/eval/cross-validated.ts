/**
 * Cross-validated readings for tuning: the knowledge base's own phrasings split into folds, each fold's
 * phrasings asked of an index built without them. The tuning sets were mended until they read well, so
 * they hold few wrong readings; these hold thousands of realistic ones (a phrasing nobody wrote into the
 * index, in the words of the people who write phrasings), which a confidence model needs to learn from.
 * Safety entries are left out: the safety check, not the ranking, answers those.
 */
import { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { LANGUAGES } from '../../src/knowledge/languages';
import type { KnowledgeEntry } from '../../src/knowledge/schema';
import { SearchIndex, type SearchTuning } from '../../src/search/search-index';
import type { ConfidenceFeatures } from '../../src/search/confidence';
import { safetyEntryFor } from '../../src/assistant/safety';
import { normalise } from '../../src/search/normalise';

export interface Reading {
  question: string;
  id: string;
  features: ConfidenceFeatures;
  topRight: boolean;
  inTop3: boolean;
}

/** Every `folds`-th phrasing (of lists of three or more, so each entry keeps most of its own) per fold. */
export function crossValidatedReadings(knowledge: KnowledgeBase, folds = 5, tuning?: SearchTuning): Reading[] {
  const out: Reading[] = [];
  for (let fold = 0; fold < folds; fold++) {
    let n = 0;
    const asked: Array<{ question: string; id: string }> = [];
    const entries: KnowledgeEntry[] = knowledge.entries.map((entry) => {
      const questions: KnowledgeEntry['questions'] = {};
      for (const language of LANGUAGES) {
        const list = entry.questions[language] ?? [];
        const kept = list.filter((question) => {
          const heldOut = n++ % folds === fold && list.length > 2;
          if (heldOut && !entry.id.startsWith('safety.')) asked.push({ question, id: entry.id });
          return !heldOut;
        });
        if (kept.length) questions[language] = kept;
      }
      return { ...entry, questions };
    });
    const index = new SearchIndex(new KnowledgeBase(entries, knowledge.municipalities), tuning);
    for (const { question, id } of asked) {
      const r = index.search(question);
      if (safetyEntryFor([r.text, normalise(question)]) || r.ranked.length === 0) continue;
      out.push({ question, id, features: r.features, topRight: r.ranked[0]!.id === id, inTop3: r.ranked.slice(0, 3).some((e) => e.id === id) });
    }
  }
  return out;
}
