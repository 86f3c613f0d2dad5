/**
 * Abbreviations dictated letter by letter (src/phrases/spelled-letters.yaml): speech to text writes the
 * letters' names, and the person still gets the answer about the BSN, the IND or the GGD.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import { resolveQuestion } from '../../src/assistant/resolve';
import { readSpelledLetters } from '../../src/search/spelled-letters';
import { loadSpelledLetters } from '../../src/phrases/spelled-letters';

let index: SearchIndex;
beforeAll(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  index = new SearchIndex(knowledge!);
});

describe('letters said one by one', () => {
  it.each([
    ['як отримати бе ес ен для дитини', 'як отримати bsn для дитини'],
    ['как получить бэ эс эн и сколько это занимает', 'как получить bsn и сколько это занимает'],
    ['як подзвонити в і ен де, який номер', 'як подзвонити в ind, який номер'],
    ['how do i get a digid i have my bee es en already', 'how do i get a digid i have my bsn already'],
    ['у ве ве допомагає з роботою?', 'uwv допомагає з роботою?'],
    ['дочке 14, в и эс ка это что такое', 'дочке 14, в isk это что такое'],
    ['хе хе де і туберкульоз', 'ggd і туберкульоз'],
    ['I have a b s n', 'I have a bsn'],
  ])('%s', (said, read) => {
    expect(readSpelledLetters(said)).toBe(read);
  });

  it('leaves words that are letter names but spell nothing we know', () => {
    for (const text of ['і у мене питання', 'а у вас є лікар', 'en de ind dan', 'o e a']) expect(readSpelledLetters(text)).toBe(text);
  });

  it.each([
    ['як подзвонити в і ен де який номер', 'status.ind-contact'],
    ['как получить бэ эс эн', 'status.register'],
    ['можно ли работать как зэ зэ пэ', 'work.own-business'],
  ])('the person gets the entry: %s', (said, id) => {
    expect(resolveQuestion(index, said).search.ranked[0]?.id).toBe(id);
  });
});

describe('the letter names as data', () => {
  const SHIPPED = path.resolve(__dirname, '../../src/phrases/spelled-letters.yaml');
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'spelled-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('an abbreviation added to the file is read', () => {
    const file = path.join(dir, 'spelled-letters.yaml');
    writeFileSync(file, readFileSync(SHIPPED, 'utf8').replace(/^abbreviations: /m, 'abbreviations: nza '));
    const table = loadSpelledLetters(file);
    expect(readSpelledLetters('en zet aa', table)).toBe('nza');
    expect(readSpelledLetters('en zet aa')).toBe('en zet aa');
  });

  it('a letter that is not one Latin letter is named by its line', () => {
    const file = path.join(dir, 'spelled-letters.yaml');
    const text = readFileSync(SHIPPED, 'utf8').replace('  b: бе', '  bb: бе');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.startsWith('  bb:')) + 1;
    expect(() => loadSpelledLetters(file)).toThrow(`${path.relative(process.cwd(), file)}:${line}: letters.bb: a letter is one Latin letter, a to z`);
  });
});
