/**
 * Scores the search against a labelled question set. Shared by `npm run eval` (prints a report) and the
 * jest floor test (fails when a figure drops).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import Fuse from 'fuse.js';
import { LANGUAGES, type Language } from '../../src/knowledge/languages';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import type { SearchIndex } from '../../src/search/search-index';
import { resolveQuestion, answeredId } from '../../src/assistant/resolve';
import type { Assistant } from '../../src/assistant/assistant';

const labelled = z.object({
  q: z.string(),
  id: z.string().nullable(),
  /** A message that asks two things: the second one's entry; either answer is right, both is best. */
  id2: z.string().optional(),
  lang: z.enum(LANGUAGES),
  tags: z.array(z.string()).default([]),
});
export type LabelledQuestion = z.infer<typeof labelled>;

export function readQuestions(file: string): LabelledQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l, i) => [l.trim(), i + 1] as const)
    .filter(([l]) => l.length > 0)
    .map(([l, n]) => {
      const parsed = labelled.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${n}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export interface Prediction {
  question: LabelledQuestion;
  /** The entry answered with, or null. */
  id: string | null;
  /** Answer first, then alternatives (did-you-mean choices or next entries). */
  ranking: string[];
  language: Language | null;
}

export interface Figures {
  questions: number;
  inScope: number;
  /** The right entry comes first: answered with it, or offered it as the first "did you mean" choice. */
  top1: number;
  /** Answered directly with the right entry. */
  answered: number;
  top3: number;
  mrr: number;
  /** Share of in-scope questions answered with a wrong entry (the harmful error). */
  wrongAnswer: number;
  outOfScope: number;
  oosRejected: number;
  language: number | null;
  safety: number;
  safetyCount: number;
}

export function predictWithPrykhystok(index: SearchIndex, questions: readonly LabelledQuestion[]): Prediction[] {
  return questions.map((question) => {
    const r = resolveQuestion(index, question.q);
    const id = answeredId(r.resolution);
    const also = r.resolution.kind === 'answer' && r.resolution.also ? [r.resolution.also] : [];
    const ranking = [...(id ? [id] : []), ...also, ...r.resolution.alternatives];
    return { question, id, ranking, language: r.language };
  });
}

/** The reference: fuse.js with its default options over the same phrasings, answering its best match. */
export function predictWithPlainFuse(knowledge: KnowledgeBase, questions: readonly LabelledQuestion[]): Prediction[] {
  const docs = knowledge.entries.flatMap((e) =>
    LANGUAGES.flatMap((l) => (e.questions[l] ?? []).map((text) => ({ id: e.id, text }))),
  );
  const fuse = new Fuse(docs, { keys: ['text'] });
  return questions.map((question) => {
    const seen: string[] = [];
    for (const r of fuse.search(question.q)) if (!seen.includes(r.item.id)) seen.push(r.item.id);
    return { question, id: seen[0] ?? null, ranking: seen.slice(0, 4), language: null };
  });
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

/** The entries that answer the question: one, or two for a message that asks two things. */
const rightIds = (q: LabelledQuestion): readonly string[] => (q.id === null ? [] : q.id2 ? [q.id, q.id2] : [q.id]);
const isRight = (q: LabelledQuestion, id: string | null | undefined) => id != null && rightIds(q).includes(id);

export function score(predictions: readonly Prediction[]): Figures {
  const inScope = predictions.filter((p) => p.question.id !== null);
  const oos = predictions.filter((p) => p.question.id === null);
  const safety = inScope.filter((p) => p.question.id!.startsWith('safety.'));
  const rr = inScope.map((p) => {
    const rank = p.ranking.findIndex((id) => isRight(p.question, id));
    return rank < 0 ? 0 : 1 / (rank + 1);
  });
  const withLanguage = predictions.filter((p) => p.language !== null);
  return {
    questions: predictions.length,
    inScope: inScope.length,
    top1: ratio(inScope.filter((p) => isRight(p.question, p.ranking[0])).length, inScope.length),
    answered: ratio(inScope.filter((p) => isRight(p.question, p.id)).length, inScope.length),
    top3: ratio(inScope.filter((p) => p.ranking.slice(0, 3).some((id) => isRight(p.question, id))).length, inScope.length),
    mrr: ratio(rr.reduce((a, b) => a + b, 0), inScope.length),
    wrongAnswer: ratio(inScope.filter((p) => p.id !== null && !isRight(p.question, p.id)).length, inScope.length),
    outOfScope: oos.length,
    oosRejected: ratio(oos.filter((p) => p.id === null).length, oos.length),
    language: withLanguage.length ? ratio(withLanguage.filter((p) => p.language === p.question.lang).length, withLanguage.length) : null,
    safety: ratio(safety.filter((p) => p.id === p.question.id).length, safety.length),
    safetyCount: safety.length,
  };
}

/**
 * Everyday messages that only look like danger: the share the bot answers with a safety answer. Read
 * through the whole assistant (thanks and greetings are recognised there), as a person would meet it.
 */
export function sentToSafety(assistant: Assistant, questions: readonly LabelledQuestion[]): { total: number; alarms: LabelledQuestion[] } {
  const alarms = questions.filter((q) => {
    const { replies } = assistant.handle({ channel: 'terminal', userKey: 'eval', text: q.q }, { greeted: true });
    return replies.some((r) => r.kind === 'safety');
  });
  return { total: questions.length, alarms };
}
