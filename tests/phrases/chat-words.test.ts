/** The greeting and thanks words are data volunteers edit (src/phrases/chat.yaml); a mistake is named by its line. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadChatWords } from '../../src/phrases/chat-words';
import { isGreeting, isThanks } from '../../src/assistant/chat-phrases';

const SHIPPED = path.resolve(__dirname, '../../src/phrases/chat.yaml');
let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'chat-words-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function copyWith(from: string, to: string): string {
  const text = readFileSync(SHIPPED, 'utf8');
  expect(text).toContain(from);
  const file = path.join(dir, 'chat.yaml');
  writeFileSync(file, text.replace(from, to));
  return file;
}

const problem = (file: string) => {
  try {
    loadChatWords(file);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('chat words as data', () => {
  it('the shipped words: greetings and thanks in every language, typed in Latin letters too', () => {
    expect(['привіт', 'Здравствуйте!', 'goedemorgen', 'hi there'].map(isGreeting)).toEqual([true, true, true, false]);
    // "how are you" is a greeting, not a question about one's own business ("дела" met "своё дело")
    expect(['как дела?', 'kak dela', 'як справи', 'hoe gaat het', 'how are you', 'hoe gaat het met mijn aanvraag'].map(isGreeting)).toEqual([true, true, true, true, true, false]);
    expect(['дуже дякую', 'спасибо за всё', 'dank je wel', 'thank you so much', 'dyakuyu', 'дякую, а де взяти бсн?'].map(isThanks)).toEqual([true, true, true, true, true, false]);
  });

  it('a language the file does not know, and a language left empty, are named by their line', () => {
    const file = copyWith('  latin: slava ukraini kak dela yak spravy', '  ua: вітаю\n  latin:');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = (s: string) => lines.findIndex((l) => l.startsWith(s)) + 1;
    expect(problem(file)?.split('\n')).toEqual([
      `${path.relative(process.cwd(), file)}:${at('  ua:')}: greetings: Unrecognized key: "ua"`,
      `${path.relative(process.cwd(), file)}:${at('  latin:')}: greetings.latin: write the words, or leave the language out`,
    ]);
  });

  it('the words as written are the words read', () => {
    expect(loadChatWords(copyWith('  en: hello hi hey', '  en: hello hi hey howdy')).greetings).toContain('howdy');
  });
});
