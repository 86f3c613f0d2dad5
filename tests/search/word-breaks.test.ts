/**
 * Spaces in the wrong place (search/word-breaks.ts): a word autocorrect split in two, words run together.
 * What a person notices is the answer; what the search read is shown by its `text`.
 */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import { resolveQuestion, answeredId } from '../../src/assistant/resolve';

let index: SearchIndex;
beforeAll(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  index = new SearchIndex(knowledge!);
});

const read = (q: string) => index.search(q).text;
const answer = (q: string) => answeredId(resolveQuestion(index, q).resolution);

describe('a word split in two', () => {
  it.each([
    ['tand arts', 'healthcare.dentist'],
    ['hoe kan ik inschrijven bij een huis arts', 'healthcare.gp'],
    ['oekraiens rij bewijs om wisselen', 'travel.driving-licence'],
    ['voor goed terug naar oekraine, uit schrijven', 'travel.return-home'],
  ])('"%s" is answered as if typed whole', (q, id) => {
    expect(answer(q)).toBe(id);
  });
  it('joins only into a word the knowledge base uses in that very form', () => {
    expect(read('where is my leef geld')).toBe('where is my leefgeld');
    expect(read('huis arts')).toBe('huisarts');
  });
  it.each([
    ['kan ik met een medewerker praten?', 'two function words ("meteen")'],
    ['is a work permit needed for a part time job', 'two English words that make a Dutch one'],
    ['de zhyty, my tilky pryikhaly', 'a word and the next one in another form ("житими")'],
  ])('leaves "%s" apart: %s', (q) => {
    expect(read(q).split(' ').length).toBe(index.search(q).query.split(/\s+/).length);
  });
});

describe('words run together', () => {
  it('cuts where the script changes and where two known words meet', () => {
    expect(read('деотриматиbsn')).toBe('деотримати bsn');
    expect(read('де знайтилікаря')).toBe('де знайти лікаря');
    expect(read('howmuch leefgeld')).toBe('how much leefgeld');
  });
  it('does not cut a real word that is merely unknown into a short word and the rest', () => {
    expect(read('хочу насовсем уехать в германию')).toContain('насовсем');
  });
  it('leaves a word with a look-alike letter of the other script whole', () => {
    // "пaспорт" with a Latin "a": no part of two letters or more on each side
    expect(read('де мій пaспорт').split(' ')).toHaveLength(3);
  });
});
