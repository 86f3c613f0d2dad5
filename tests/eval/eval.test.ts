/**
 * Search quality may not fall below these floors. They sit just under the figures `npm run eval` printed
 * when they were set (see the README's "Search quality"); a change that moves rankings must show its
 * new figures, and lowering a floor needs a reason in the commit.
 */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import { readQuestions, predictWithPrykhystok, score, sentToSafety, type Figures } from './evaluate';
import { Assistant } from '../../src/assistant/assistant';
import { createTranslator, readLocales } from '../../src/i18n';
import { resolveQuestion, answeredId } from '../../src/assistant/resolve';
import { misspell, rng } from './misspell';

const FLOORS = {
  // tuning set (dev.jsonl + dev2.jsonl)
  dev: { top1: 0.87, top3: 0.9, mrr: 0.88, maxWrong: 0.03, oosRejected: 0.95, language: 0.96, safety: 0.97 },
  // never tuned on
  heldout: { top1: 0.87, top3: 0.9, mrr: 0.88, maxWrong: 0.03, oosRejected: 0.93, language: 0.96, safety: 0.85 },
};
const NOISY_TOP1 = 0.85;

let index: SearchIndex;
beforeAll(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  index = new SearchIndex(knowledge!);
});

function check(f: Figures, floor: (typeof FLOORS)['dev']): void {
  expect(f.top1).toBeGreaterThanOrEqual(floor.top1);
  expect(f.top3).toBeGreaterThanOrEqual(floor.top3);
  expect(f.mrr).toBeGreaterThanOrEqual(floor.mrr);
  expect(f.wrongAnswer).toBeLessThanOrEqual(floor.maxWrong);
  expect(f.oosRejected).toBeGreaterThanOrEqual(floor.oosRejected);
  expect(f.language ?? 0).toBeGreaterThanOrEqual(floor.language);
  expect(f.safety).toBeGreaterThanOrEqual(floor.safety);
}

describe.each([
  ['dev', ['dev.jsonl', 'dev2.jsonl']],
  ['heldout', ['heldout.jsonl']],
] as const)('search quality on the %s questions', (split, files) => {
  const questions = () => files.flatMap((f) => readQuestions(path.join(__dirname, f)));

  it('stays above its floors', () => {
    check(score(predictWithPrykhystok(index, questions())), FLOORS[split]);
  });

  it('still finds the right entry first with typos, wrong layouts and Latin letters', () => {
    const noisy = questions().filter((q) => q.tags.some((t) => ['typo', 'layout', 'translit'].includes(t)));
    expect(noisy.length).toBeGreaterThan(40);
    expect(score(predictWithPrykhystok(index, noisy)).top1).toBeGreaterThanOrEqual(NOISY_TOP1);
  });
});

/**
 * How people and official FAQs write (issue 16): formal questions, long stories, two questions in one.
 * Floors sit a little under the held-out figures when they were set (README, "Search quality"); the
 * issue's targets are the README's to report, not a test's to pass by a hair.
 */
const STYLE_FLOORS = {
  faq: { top1: 0.75, top3: 0.9 },
  long: { top1: 0.8, top3: 0.85 },
  two: { top1: 0.9, top3: 0.95 },
} as const;

describe.each([
  ['the plainest questions about every entry', 'dev-obvious.jsonl', 800],
  ['messenger-style questions about every entry (clipped, surzhyk, Dutch words, Latin letters, layout)', 'dev-colloquial.jsonl', 200],
  ['questions on the first 36 entries in words the December entries also use (money, doctors, papers, children, housing)', 'dev-confusable.jsonl', 300],
] as const)('%s (%s, a tuning set)', (_what, file, size) => {
  it('nearly all reach their entry first, and almost none gets a wrong answer', () => {
    const f = score(predictWithPrykhystok(index, readQuestions(path.join(__dirname, file))));
    expect(f.inScope).toBeGreaterThan(size);
    expect(f.top1).toBeGreaterThanOrEqual(0.96);
    expect(f.wrongAnswer).toBeLessThanOrEqual(0.01);
  });
});

/**
 * Sets written in December 2026 from the answers alone, without reading the phrasings: messenger style,
 * noisy typing, personas and indirect needs, autocorrect and other transliterations, spoken style. Floors
 * sit a little under the figures the content was mended to; they read 82–98 % top-1 as first written.
 */
describe.each([
  ['messenger-style questions on the first entries', 'dev-fresh.jsonl', 200, 0.96],
  ['typos, wrong layout and Latin letters on the first entries', 'dev-noisy.jsonl', 180, 0.94],
  ['personas, indirect needs, town names, long messages', 'dev-fresh2.jsonl', 200, 0.92],
  ['autocorrect splits, run-together words, other transliterations, surzhyk', 'dev-noisy2.jsonl', 180, 0.9],
  ['Dutch and English from refugees, hosts, teachers and employers', 'dev-fresh3.jsonl', 180, 0.95],
  ['Ukrainian and Russian full of Dutch words in both scripts', 'dev-mixed.jsonl', 190, 0.93],
  ['entries easily confused with a neighbour', 'dev-neighbours.jsonl', 170, 0.96],
  ['Ukrainian and Russian in Latin letters', 'dev-translit.jsonl', 170, 0.92],
  ['messenger Ukrainian and Russian with Dutch words in Cyrillic', 'dev-fresh4.jsonl', 250, 0.91],
  ['situations between close neighbours', 'dev-fresh5.jsonl', 230, 0.89],
  ['transliteration, wrong layout and broken English', 'dev-latin2.jsonl', 230, 0.95],
  ['everyday first-months questions from five personas', 'dev-fresh6.jsonl', 230, 0.95],
  ['Dutch and English from hosts, teachers and learners; FAQ style', 'dev-fresh7.jsonl', 210, 0.97],
  ['chat Ukrainian and Russian, surzhyk, Dutch words by ear in Cyrillic', 'dev-fresh8.jsonl', 210, 0.97],
  ['the general public in four languages, typos, short and two-part questions', 'dev-fresh9.jsonl', 210, 0.97],
  ['speech to text and spoken style', 'dev-fresh10.jsonl', 220, 0.91],
] as const)('%s (%s, a tuning set)', (_what, file, size, top1) => {
  it('most reach their entry first, and almost none gets a wrong answer', () => {
    const f = score(predictWithPrykhystok(index, readQuestions(path.join(__dirname, file))));
    expect(f.inScope).toBeGreaterThan(size);
    expect(f.top1).toBeGreaterThanOrEqual(top1);
    expect(f.wrongAnswer).toBeLessThanOrEqual(0.02);
  });
});

describe.each(['dev-styles.jsonl', 'heldout-styles.jsonl'])('questions as people and FAQs write them (%s)', (file) => {
  it.each(Object.entries(STYLE_FLOORS))('%s: the right entry first, or among the first three', (style, floor) => {
    const questions = readQuestions(path.join(__dirname, file)).filter((q) => q.tags.includes(style) && q.id !== null);
    expect(questions.length).toBeGreaterThanOrEqual(20);
    const f = score(predictWithPrykhystok(index, questions));
    expect(f.top1).toBeGreaterThanOrEqual(floor.top1);
    expect(f.top3).toBeGreaterThanOrEqual(floor.top3);
  });

  it('rejects most out-of-scope questions in these styles', () => {
    const oos = readQuestions(path.join(__dirname, file)).filter((q) => q.id === null);
    expect(score(predictWithPrykhystok(index, oos)).oosRejected).toBeGreaterThanOrEqual(0.75);
  });
});

describe('the safety check on its own tuning set (dev-safety.jsonl: indirect wording, and look-alikes)', () => {
  const resolveAll = () =>
    readQuestions(path.join(__dirname, 'dev-safety.jsonl')).map((q) => ({ q, id: answeredId(resolveQuestion(index, q.q).resolution) }));

  it('gives nearly every message about danger its own safety entry', () => {
    const danger = resolveAll().filter(({ q }) => q.id?.startsWith('safety.'));
    expect(danger.length).toBeGreaterThanOrEqual(150);
    expect(danger.filter(({ q, id }) => id === q.id).length / danger.length).toBeGreaterThanOrEqual(0.97);
  });

  it('rarely sends a safety answer to a message that only looks like one', () => {
    const lookAlikes = resolveAll().filter(({ q }) => !q.id?.startsWith('safety.'));
    expect(lookAlikes.length).toBeGreaterThanOrEqual(60);
    expect(lookAlikes.filter(({ id }) => id?.startsWith('safety.')).length / lookAlikes.length).toBeLessThanOrEqual(0.12);
  });

  it('still finds most of them when they are misspelt', () => {
    const random = rng(1);
    const danger = readQuestions(path.join(__dirname, 'dev-safety.jsonl')).filter((q) => q.id?.startsWith('safety.'));
    const found = danger.filter((q) => answeredId(resolveQuestion(index, misspell(q.q, random)).resolution) === q.id);
    // 0.83, not 0.85: since a safety entry that only the ranking puts first is offered as the first
    // "did you mean" choice rather than answered (false alarms on thanks, tax and driving questions),
    // a few misspelt messages reach their safety answer with one tap instead of at once.
    expect(found.length / danger.length).toBeGreaterThanOrEqual(0.83);
  });
});

describe('everyday messages that look like danger (look-alike sets, through the whole assistant)', () => {
  it.each(['dev-lookalike.jsonl', 'heldout-lookalike.jsonl'])('%s: at most 2 % get a safety answer', async (file) => {
    const translate = await createTranslator(readLocales(path.resolve(__dirname, '../../locales')), { days: 60, stateDays: 30 });
    const { total, alarms } = sentToSafety(new Assistant(() => index, translate), readQuestions(path.join(__dirname, file)));
    expect(total).toBeGreaterThanOrEqual(80);
    expect(alarms.length / total).toBeLessThanOrEqual(0.02);
  });
});
