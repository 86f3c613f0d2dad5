/**
 * New questions read elsewhere (a search worker): the reading a text message starts with is asked for
 * before its turn runs, so no reading is asked for twice and the replies are the ones read in place.
 */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import { Assistant } from '../../src/assistant/assistant';
import { QuestionCache } from '../../src/assistant/question-cache';
import { readQuestion } from '../../src/assistant/read-question';
import type { ReadingSource } from '../../src/assistant/reading-source';
import type { UserState } from '../../src/assistant/user-state';
import { createTranslator, readLocales } from '../../src/i18n';
import type { Translate } from '../../src/assistant/translate';

let index: SearchIndex;
let t: Translate;
const now = () => new Date('2026-12-03T12:00:00Z');

beforeAll(async () => {
  index = new SearchIndex((await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'))).knowledge!);
  t = await createTranslator(readLocales(path.resolve(__dirname, '../../locales')), { days: 60, stateDays: 30 });
});

/** A reading source that reads in place and notes what it was asked. */
function countingSource(): ReadingSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async read(_knowledge, question, hint) {
      asked.push(question);
      return readQuestion(index, question, hint);
    },
  };
}

describe('a new question read by a search worker', () => {
  it('is asked for once, and the person gets the replies read in place', async () => {
    const source = countingSource();
    const threaded = new Assistant(() => index, t, now, new QuestionCache(), source);
    const inProcess = new Assistant(() => index, t, now, new QuestionCache());
    // A question, a follow-up (read alone and with the question before it), a town named mid-question,
    // a place told with a question, a greeting, a safety message, the wrong layout.
    const script = ['Скільки leefgeld я отримую?', 'а на дітей?', 'waar inschrijven BRP in Den Haag', 'Я живу в Утрехті. Де мені зареєструватися?', 'привіт', 'він мене знову вдарив', 'ghbdsn'];
    let a: UserState = {};
    let b: UserState = {};
    for (const text of script) {
      // A messenger that says its app is in Russian: the hint each reading is read with.
      const message = { channel: 'web' as const, userKey: 'web:r', text, languageHint: 'ru' as const };
      const [x, y] = [await threaded.respond(message, a), inProcess.handle(message, b)];
      expect(x).toEqual(y);
      a = x.state ?? {};
      b = y.state ?? {};
    }
    expect(source.asked).toContain('Скільки leefgeld я отримую?');
    expect(source.asked).toContain('Скільки leefgeld я отримую? а на дітей?');
    expect(new Set(source.asked).size).toBe(source.asked.length);
  });

  it('asked again is read from the cache, not asked for', async () => {
    const source = countingSource();
    const assistant = new Assistant(() => index, t, now, new QuestionCache(), source);
    const message = { channel: 'web' as const, userKey: 'web:s', text: 'де взяти бсн' };
    await assistant.respond(message, { greeted: true });
    await assistant.respond(message, { greeted: true });
    expect(source.asked).toEqual(['де взяти бсн']);
  });

  it('a command, a button or a message without words asks for nothing', async () => {
    const source = countingSource();
    const assistant = new Assistant(() => index, t, now, new QuestionCache(), source);
    for (const m of [{ text: '/start' }, { payload: 'start' }, { text: '👍🏻 !!!' }]) await assistant.respond({ channel: 'web', userKey: 'web:u', ...m }, {});
    expect(source.asked).toEqual([]);
  });
});
