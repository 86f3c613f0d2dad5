/**
 * Plain fuse.js as an off-the-shelf FAQ matcher would use it: one index over every phrasing and keyword of
 * every entry in all languages, near-default options, an entry ranked by its best-matching text.
 */
import Fuse, { type IFuseOptions } from 'fuse.js';
import { LANGUAGES } from '../../../src/knowledge/languages';
import type { LabelledQuestion } from '../evaluate';
import type { Candidate, PhrasedEntry, Scored } from './scored';

/** One text per document, so a score is that text's own match, not a product over many. */
interface Doc {
  id: string;
  questions?: string;
  keywords?: string;
}

export const FUSE_OPTIONS: IFuseOptions<Doc> = { keys: ['questions', 'keywords'], threshold: 0.4, ignoreLocation: true, includeScore: true };

export function rankWithFuse(entries: readonly PhrasedEntry[], questions: readonly LabelledQuestion[]): Scored[] {
  const docs: Doc[] = entries.flatMap((e) =>
    LANGUAGES.flatMap((l) => [
      ...(e.questions[l] ?? []).map((text) => ({ id: e.id, questions: text })),
      ...(e.keywords?.[l] ?? []).map((text) => ({ id: e.id, keywords: text })),
    ]),
  );
  const fuse = new Fuse(docs, FUSE_OPTIONS);
  return questions.map((question) => {
    const candidates: Candidate[] = [];
    // Results come best first (fuse's score: 0 is a perfect match), so an entry's first hit is its best.
    for (const r of fuse.search(question.q)) {
      if (!candidates.some((c) => c.id === r.item.id)) candidates.push({ id: r.item.id, confidence: 1 - (r.score ?? 1) });
    }
    return { question, candidates, language: null };
  });
}
