/**
 * nlp.js as an off-the-shelf intent classifier: one intent per entry id, trained per language on the
 * entries' phrasings and keywords (its own tokenizers, stemmers and neural classifier, default settings).
 * Trained afresh on every run and never saved: the knowledge changes, and a stale model would mislead.
 */
import { z } from 'zod';
import { containerBootstrap } from '@nlpjs/core';
import { Nlp } from '@nlpjs/nlp';
import { LangUk } from '@nlpjs/lang-uk';
import { LangRu } from '@nlpjs/lang-ru';
import { LangNl } from '@nlpjs/lang-nl';
import { LangEn } from '@nlpjs/lang-en';
import { LANGUAGES, isLanguage } from '../../../src/knowledge/languages';
import type { LabelledQuestion } from '../evaluate';
import type { PhrasedEntry, Scored } from './scored';

const classified = z.object({
  locale: z.string().optional(),
  intent: z.string().optional(),
  classifications: z.array(z.object({ intent: z.string(), score: z.number() })),
});

/** nlp.js's name for "no intent": the words are unknown or no intent wins. */
const NONE = 'None';

/** The score below which nlp.process() answers "None" unless told otherwise (its `threshold` setting). */
export const NLPJS_DEFAULT_THRESHOLD = 0.5;

export interface NlpJsBaseline {
  /** nlp.js guesses each question's language among the four it was trained on, as our search must. */
  rank(questions: readonly LabelledQuestion[]): Promise<Scored[]>;
}

export async function trainNlpJs(entries: readonly PhrasedEntry[]): Promise<NlpJsBaseline> {
  const container = containerBootstrap();
  for (const plugin of [LangUk, LangRu, LangNl, LangEn]) container.use(plugin);
  const nlp = new Nlp({ languages: [...LANGUAGES], autoSave: false, autoLoad: false }, container);
  for (const e of entries) {
    for (const l of LANGUAGES) {
      for (const text of [...(e.questions[l] ?? []), ...(e.keywords?.[l] ?? [])]) nlp.addDocument(l, text, e.id);
    }
  }
  // The same classifier nlp.process() consults, without its sentiment and entity steps (they do not
  // change the intent); its training log would print a line per epoch.
  await nlp.nluManager.train({ log: false });

  return {
    async rank(questions) {
      const scored: Scored[] = [];
      for (const question of questions) {
        const out = classified.parse(await nlp.nluManager.process(question.q));
        const language = out.locale && isLanguage(out.locale) ? out.locale : null;
        // A "None" verdict answers nothing; the entries it scored above zero are still what it would offer.
        const candidates = out.classifications
          .filter((c) => c.intent !== NONE && c.score > 0)
          .map((c) => ({ id: c.intent, confidence: c.score }));
        scored.push({ question, candidates, language, abstains: out.intent === NONE });
      }
      return scored;
    },
  };
}
