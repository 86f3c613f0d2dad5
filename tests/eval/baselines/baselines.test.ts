/**
 * The baselines behind `npm run eval:baselines` still run and mean what the report says. Three small
 * entries, not the knowledge base: nlp.js trains on the real one for half a minute, too slow for `npm test`.
 */
import type { LabelledQuestion } from '../evaluate';
import { rankWithFuse } from './fuse-baseline';
import { trainNlpJs } from './nlpjs-baseline';
import { decideAt, fitThreshold, type Scored } from './scored';
import type { PhrasedEntry } from './scored';

const ENTRIES: PhrasedEntry[] = [
  {
    id: 'healthcare.gp',
    questions: {
      uk: ['як записатися до сімейного лікаря', 'де знайти сімейного лікаря', 'потрібен лікар'],
      en: ['how do I register with a family doctor', 'where can I find a GP', 'I need a doctor'],
    },
    keywords: { nl: ['huisarts'] },
  },
  {
    id: 'work.permission',
    questions: {
      uk: ['чи можна мені працювати', 'чи потрібен дозвіл на роботу', 'можна працювати без дозволу'],
      en: ['am I allowed to work', 'do I need a work permit', 'can I get a job here'],
    },
  },
  {
    id: 'travel.pets',
    questions: {
      uk: ['як перевезти кота', 'чи можна з собакою в потяг', 'документи для тварини'],
      en: ['how do I travel with my cat', 'can my dog come on the train', 'papers for my pet'],
    },
  },
];

const ask = (q: string, id: string | null, lang: LabelledQuestion['lang']): LabelledQuestion => ({ q, id, lang, tags: [] });
const QUESTIONS = [
  ask('де знайти сімейного лікаря у місті', 'healthcare.gp', 'uk'),
  ask('do I need a permit to work', 'work.permission', 'en'),
  ask('how do I travel with my cat by train', 'travel.pets', 'en'),
];

const firstIds = (scored: readonly Scored[]) => scored.map((s) => s.candidates[0]?.id);

describe('the baselines', () => {
  it('fuse.js ranks the entry whose phrasing the question is close to first', () => {
    expect(firstIds(rankWithFuse(ENTRIES, QUESTIONS))).toEqual(QUESTIONS.map((q) => q.id));
  });

  it('nlp.js, trained on the phrasings, ranks the right entry first and reads the language', async () => {
    const nlp = await trainNlpJs(ENTRIES);
    const scored = await nlp.rank(QUESTIONS);
    expect(firstIds(scored)).toEqual(QUESTIONS.map((q) => q.id));
    expect(scored.map((s) => s.language)).toEqual(['uk', 'en', 'en']);
  });

  it('answers only at or above the threshold fitted to keep confident wrong answers at 3 %', () => {
    const scoredAs = (id: string | null, first: string, confidence: number): Scored => ({
      question: ask('…', id, 'en'),
      candidates: [{ id: first, confidence }],
      language: null,
    });
    // 40 right answers at 0.9, one wrong at 0.8, one wrong at 0.95: 1 of 42 wrong fits under 3 %, 2 do not.
    const tuning = [...Array.from({ length: 40 }, () => scoredAs('a.right', 'a.right', 0.9)), scoredAs('a.right', 'b.wrong', 0.8), scoredAs('a.right', 'b.wrong', 0.95)];
    const threshold = fitThreshold(tuning);
    expect(threshold).toBe(0.9);
    const [low, high] = decideAt(threshold, [scoredAs('a.right', 'a.right', 0.85), scoredAs('a.right', 'a.right', 0.92)]);
    expect(low).toMatchObject({ id: null, ranking: ['a.right'] });
    expect(high).toMatchObject({ id: 'a.right' });
  });
});
