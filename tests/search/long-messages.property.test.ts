/**
 * A long message (Telegram and WhatsApp allow 4,096 characters) must not hold up the bot: search reads
 * a bounded part of it and makes a bounded number of fuse.js look-ups, while the safety check still
 * reads all of it. Normal questions are searched whole, as before.
 */
import path from 'node:path';
import fc from 'fast-check';
import Fuse from 'fuse.js';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import { searchPart, SEARCH_PART_CHARS } from '../../src/search/query-part';
import { APPROXIMATE_LOOKUPS, LexicalRanker } from '../../src/search/lexical-ranker';
import { MAX_STORY_TERMS } from '../../src/search/search-index';
import { resolveQuestion, answeredId } from '../../src/assistant/resolve';

let index: SearchIndex;
beforeAll(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  index = new SearchIndex(knowledge!);
});
afterEach(() => jest.restoreAllMocks());

const letters = (alphabet: string, min: number, max: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
const madeUpWord = fc.oneof(
  letters('абвгдежзиіїйклмнопрстуфхцчшщьюяє', 1, 40),
  letters('abcdefghijklmnopqrstuvwxyz', 1, 40),
  letters('абвгдежзиклмнопрстabcdefghijklmno', 1, 20),
);
const separator = fc.constantFrom(' ', ' ', ' ', ', ', '. ', '? ', '!\n', '\n\n');
/** Up to 4,096 characters of made-up words, the worst case for search: nothing matches closely. */
const longMessage = fc
  .array(fc.tuple(madeUpWord, separator), { minLength: 1, maxLength: 700 })
  .map((parts) => parts.map(([w, s]) => w + s).join('').slice(0, 4096));
const anyText = fc.oneof(longMessage, fc.string({ unit: 'binary', maxLength: 4096 }), fc.string({ unit: 'grapheme', maxLength: 600 }));

describe('the part of a message that search reads', () => {
  it('is at most SEARCH_PART_CHARS long, and is the whole message when that is short enough', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const part = searchPart(text);
        expect(part.length).toBeLessThanOrEqual(SEARCH_PART_CHARS);
        if (text.length <= SEARCH_PART_CHARS) expect(part).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a question sentence of a long message', () => {
    const sentence = fc.array(letters('абвгдежзиклмнопрст', 2, 10), { minLength: 3, maxLength: 12 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 10, maxLength: 60 }), sentence, fc.nat(), (story, question, at) => {
        const sentences = story.map((s) => `${s}.`);
        sentences.splice(at % (sentences.length + 1), 0, `${question}?`);
        const text = sentences.join(' ');
        fc.pre(text.length > SEARCH_PART_CHARS);
        expect(searchPart(text)).toContain(`${question}?`);
      }),
    );
  });

  it('is all search reads of a long message, with its story bounded, and at most APPROXIMATE_LOOKUPS fuse.js look-ups', () => {
    const fuse = jest.spyOn(Fuse.prototype, 'search');
    const rank = jest.spyOn(LexicalRanker.prototype, 'rank');
    fc.assert(
      fc.property(longMessage, (text) => {
        fuse.mockClear();
        rank.mockClear();
        index.search(text);
        expect(fuse.mock.calls.length).toBeLessThanOrEqual(APPROXIMATE_LOOKUPS);
        // The asking part (at most SEARCH_PART_CHARS, so at most half as many words) and the story's
        // first MAX_STORY_TERMS words, never the whole message.
        for (const [terms] of rank.mock.calls) expect(terms.length).toBeLessThanOrEqual(SEARCH_PART_CHARS / 2 + MAX_STORY_TERMS);
      }),
      { numRuns: 150 },
    );
  });
});

describe('long messages, as a person would notice', () => {
  const filler = [
    'Ми приїхали до Нідерландів навесні разом із дітьми.',
    'Спочатку жили у знайомих, потім у муніципальному житлі.',
    'Діти ходять до школи, а я вчу нідерландську мову.',
    'Сусіди дуже привітні, і ми потроху звикаємо.',
  ];
  const story = (sentences: number) => Array.from({ length: sentences }, (_, i) => filler[i % filler.length]).join(' ');

  it('a story of 4,000 characters that ends in a question gets the answer to the question', () => {
    const text = `${story(80)} Як отримати BSN?`;
    expect(text.length).toBeGreaterThan(3900);
    expect(answeredId(resolveQuestion(index, text).resolution)).toBe('status.register');
  });

  it('danger told in the middle of a 4,000-character message still gets the safety answer first', () => {
    const text = `${story(40)} Мій чоловік мене бʼє і погрожує вбити. ${story(40)} Як отримати BSN?`;
    expect(text.length).toBeGreaterThan(3900);
    expect(text.indexOf('чоловік')).toBeGreaterThan(1500); // far beyond what search reads
    const r = resolveQuestion(index, text);
    expect(r.resolution).toMatchObject({ kind: 'safety', id: 'safety.domestic-violence' });
  });
});
