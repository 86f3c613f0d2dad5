/**
 * "Until when" and "how long" are read as one meaning word in four languages (idioms.ts), in questions
 * and phrasings alike; a noun of time after "до якого …" stays a word of the question.
 */
import { UNTIL_WHEN, withIdioms } from '../../src/search/idioms';

describe('until when, how long', () => {
  it.each(['до коли діє захист', 'до каких пор действует защита', 'tot wanneer geldt de bescherming', 'until when is it valid', 'till when is it valid', 'hoe lang mag ik blijven', 'how long can I stay', 'как долго действует защита'])(
    '"%s" carries the meaning word, without the phrase',
    (text) => {
      const read = withIdioms(text);
      expect(read.split(/\s+/)).toContain(UNTIL_WHEN);
      expect(read).not.toMatch(/до коли|каких пор|tot wanneer|until when|till when|hoe lang|how long|как долго/);
    },
  );
  it.each(['tot wanner geldt de bescherming', 'до колі діє захист', 'до кгда действует защита'])('"%s" (a slip of one letter) carries the meaning word too', (text) => {
    expect(withIdioms(text).split(/\s+/)).toContain(UNTIL_WHEN);
  });
  it('keeps the noun of time: "до какого числа" is still about a date', () => {
    expect(withIdioms('до какого числа действует защита').split(/\s+/)).toEqual(expect.arrayContaining([UNTIL_WHEN, 'числа']));
  });
  it.each(['коли прийде leefgeld', 'hoe langer hoe beter', 'wanneer krijg ik leefgeld', 'a long wait'])('"%s" is left as it is', (text) => {
    expect(withIdioms(text)).toBe(text);
  });
});
