/**
 * The safety patterns are read in one pass over a message (src/phrases/word-start-pattern.ts), and must
 * find exactly what their regular expressions find: the same first match at the same place, whatever
 * the text — words glued together, digits, apostrophes, emoji and letters outside the BMP around them,
 * several texts read in turn. What the check reads of a long message does not change; only its cost.
 */
import path from 'node:path';
import fc from 'fast-check';
import { SAFETY_RULES, type CuePattern } from '../../src/phrases/safety-rules';
import { leadingLetters } from '../../src/phrases/leading-letters';
import { WordStartPattern } from '../../src/phrases/word-start-pattern';
import { assessSafety } from '../../src/assistant/safety';
import { normalise, MAX_MESSAGE_CHARS } from '../../src/search/normalise';
import { readQuestions } from '../eval/evaluate';

const patterns: CuePattern[] = [
  ...new Set([
    SAFETY_RULES.laugh,
    ...SAFETY_RULES.categories.flatMap((c) => [...(c.phrases ? [c.phrases] : []), ...c.signs.flatMap((s) => [...s.all, ...s.none, ...(s.atLeast?.of ?? [])])]),
  ]),
];
const fast = patterns.filter((p): p is WordStartPattern => p instanceof WordStartPattern);
const regexOf = new Map(fast.map((p) => [p, new RegExp(p.source, 'u')]));

/** Where and what each pattern finds, by itself and by its regular expression. */
function findings(text: string): Array<[string, unknown, unknown]> {
  return fast.map((p) => {
    const a = p.exec(text);
    const b = regexOf.get(p)!.exec(text);
    return [p.source.slice(0, 60), a && [a.index, a[0]], b && [b.index, b[0]]];
  });
}

// Pieces of text a safety pattern starts with or reads, and what may stand around them.
const words = [...new Set(fast.flatMap((p) => leadingLetters(p.source.replace(/^\(\?<!\[[^\]]*\]\)/, '')) ?? []))];
const told = readQuestions(path.resolve(__dirname, '../eval/dev-safety.jsonl')).map((q) => normalise(q.q));
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...words) },
  { weight: 1, arbitrary: fc.constantFrom(...told) },
  { weight: 2, arbitrary: fc.constantFrom('мене', 'мій чоловік', 'бʼє', 'my husband', 'hits me', 'ik', 'wil', 'dood', 'не хочу жити', 'паспорт', 'забрав', '113', '112') },
  { weight: 4, arbitrary: fc.constantFrom(' ', ' ', '  ', ', ', '. ', '? ', '\n', '-', 'ʼ', '7', 'x', 'я', '😀', '𝐀', '\uD800', 'é', 'ß') },
);
const text = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

test('most safety patterns are read in one pass (those whose every alternative starts with letters)', () => {
  expect(fast.length).toBeGreaterThan(patterns.length * 0.9);
  expect(words.length).toBeGreaterThan(500);
});

test('each pattern finds what its regular expression finds, at the same place', () => {
  fc.assert(
    fc.property(text, (t) => {
      for (const [source, mine, theirs] of findings(t)) expect([source, mine]).toEqual([source, theirs]);
    }),
    { numRuns: 300 },
  );
});

test('also on normalised and cue texts read in turn, as a message and its readings are', () => {
  fc.assert(
    fc.property(fc.array(text, { minLength: 2, maxLength: 4 }), fc.array(fc.nat(), { minLength: 10, maxLength: 30 }), (texts, order) => {
      const all = texts.flatMap((t) => [t, normalise(t, MAX_MESSAGE_CHARS)]);
      for (const i of order) {
        const t = all[i % all.length]!;
        const p = fast[(i * 7) % fast.length]!;
        expect(p.exec(t)?.index).toBe(regexOf.get(p)!.exec(t)?.index);
      }
    }),
    { numRuns: 200 },
  );
});

test('a cue word repeated with no space is one word: found only at its start', () => {
  const p = fast.find((x) => x.test('чоловік'))!;
  expect(p.exec('чоловікчоловікчоловік')?.index).toBe(0);
  expect(p.test('xчоловікчоловік')).toBe(false);
  expect(p.test('x чоловік')).toBe(true);
});

test('danger at the start, in the middle or at the very end of a 4,096-character message is found', () => {
  const filler = 'Ми приїхали до Нідерландів навесні разом із дітьми, живемо в Утрехті. ';
  const story = filler.repeat(Math.ceil(4096 / filler.length));
  for (const danger of ['Мій чоловік мене бʼє і погрожує вбити.', 'My husband hits me and threatens to kill me.', 'Я не хочу більше жити.']) {
    for (const message of [(danger + story).slice(0, 4096), (story.slice(0, 2000) + danger + story.slice(2000)).slice(0, 4096), (story + danger).slice(-4096)]) {
      expect(message).toContain(danger);
      const { id } = assessSafety([normalise(message, MAX_MESSAGE_CHARS)]);
      expect(id).toBe(danger.includes('жити') ? 'safety.crisis' : 'safety.domestic-violence');
    }
  }
});

describe('the letters a pattern must start with', () => {
  it.each([
    ['(?:погрож\\S* (\\S+ ){0,2}вбити|вбє (мене))', ['погрож', 'вбє ']],
    ['(?:(лінія|line) (\\S+ )?113)', ['лінія', 'line']],
    ['abʼ?c', ['ab']],
    ['ab{2}', ['a']],
    ['a+b', ['a']],
    ['x(?!y)', ['x']],
  ])('%s starts with %j', (source, leads) => {
    expect(leadingLetters(source)).toEqual(leads);
  });

  it.each(['(a|b)?c', '[ab]c', '.x', '^ab', '(?:x|)', '(?<name>a)b', '(?=a)a'])('%s can start otherwise, so it is read whole', (source) => {
    expect(leadingLetters(source)).toBeUndefined();
  });
});
