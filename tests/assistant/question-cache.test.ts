/**
 * A question asked again is read from the cache — and still gets exactly the answer a fresh reading
 * would give, for every person, after every knowledge change.
 */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { SearchIndex } from '../../src/search/search-index';
import { Assistant } from '../../src/assistant/assistant';
import { QuestionCache } from '../../src/assistant/question-cache';
import { createTranslator, readLocales } from '../../src/i18n';
import type { Translate } from '../../src/assistant/translate';
import type { InboundMessage } from '../../src/messages';
import type { UserState } from '../../src/assistant/user-state';

let index: SearchIndex;
let t: Translate;
const now = () => new Date('2026-11-27T12:00:00Z');
beforeAll(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  index = new SearchIndex(knowledge!);
  t = await createTranslator(readLocales(path.resolve(__dirname, '../../locales')), { days: 60, stateDays: 30 });
});

const ask = (assistant: Assistant, text: string, state: UserState = { greeted: true }, hint?: InboundMessage['languageHint']) =>
  assistant.handle({ channel: 'web', userKey: 'web:someone', text, ...(hint ? { languageHint: hint } : {}) }, state);

const QUESTIONS = [
  'як записатися до сімейного лікаря',
  'где получить bsn',
  'kan ik werken in nederland',
  'ghbdsn', // "привіт" on the wrong layout
  'дякую',
  'чоловік мене б\'є',
  'how do i fix my bicycle',
  'skilki grošej daje gemeente',
];

describe('the question cache', () => {
  it('gives the same replies as reading afresh, the first time and every time after', () => {
    const fresh = new Assistant(() => index, t, now, new QuestionCache({ capacity: 0 }));
    const cached = new Assistant(() => index, t, now, new QuestionCache());
    for (const q of QUESTIONS) {
      const expected = ask(fresh, q);
      for (let k = 0; k < 3; k++) expect(ask(cached, q)).toEqual(expected);
    }
    expect(cached.questionCacheStats()).toMatchObject({ hits: QUESTIONS.length * 2, misses: QUESTIONS.length, size: QUESTIONS.length });
    expect(fresh.questionCacheStats().hits).toBe(0);
  });

  it('keeps no question text, only hashes', () => {
    const cache = new QuestionCache();
    const assistant = new Assistant(() => index, t, now, cache);
    ask(assistant, 'мій номер +31 6 12345678, де взяти bsn');
    const keys = [...((cache as unknown as { current: Map<string, unknown> }).current.keys())];
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toMatch(/bsn|12345678/);
  });

  it('reads the question again once the knowledge changes', () => {
    let current = index;
    const assistant = new Assistant(() => current, t, now);
    const question = 'як записатися до сімейного лікаря';
    expect(ask(assistant, question).replies.map((r) => r.answerId)).toContain('healthcare.gp');
    current = new SearchIndex(new KnowledgeBase(index.knowledge.entries.filter((e) => e.id !== 'healthcare.gp')));
    expect(ask(assistant, question).replies.map((r) => r.answerId)).not.toContain('healthcare.gp');
    expect(assistant.questionCacheStats().hits).toBe(0);
  });

  it('tells questions apart by the language the messenger says the person uses', () => {
    const assistant = new Assistant(() => index, t, now);
    const fresh = new Assistant(() => index, t, now, new QuestionCache({ capacity: 0 }));
    for (const hint of ['uk', 'ru', 'nl', 'en'] as const) {
      expect(ask(assistant, 'bsn', {}, hint)).toEqual(ask(fresh, 'bsn', {}, hint));
    }
    expect(assistant.questionCacheStats()).toMatchObject({ hits: 0, size: 4 });
  });

  it('forgets the least recently asked first, and reads long messages afresh', () => {
    const assistant = new Assistant(() => index, t, now, new QuestionCache({ capacity: 2, maxChars: 60 }));
    ask(assistant, QUESTIONS[0]!);
    ask(assistant, QUESTIONS[1]!);
    ask(assistant, QUESTIONS[0]!); // hit: now the most recent
    ask(assistant, QUESTIONS[2]!); // pushes out QUESTIONS[1]
    ask(assistant, QUESTIONS[0]!); // hit
    ask(assistant, QUESTIONS[1]!); // miss
    expect(assistant.questionCacheStats()).toMatchObject({ hits: 2, misses: 4, size: 2 });
    const long = `${QUESTIONS[0]} ${'і ще одне питання '.repeat(5)}`;
    ask(assistant, long);
    ask(assistant, long);
    expect(assistant.questionCacheStats()).toMatchObject({ hits: 2, misses: 6 });
  });
});
