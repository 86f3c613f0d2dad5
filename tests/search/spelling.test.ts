import { SpellingCorrector } from '../../src/search/spelling';

const words = 'мій чоловік мене бʼє і погрожує чоловік чоловіка лікар лікаря huisarts flight fight fight'.split(' ');
const corrector = new SpellingCorrector(words);

describe('the spelling reading', () => {
  it('puts a misspelt word right when a known word is one edit away', () => {
    expect(corrector.correct('мій чоолвік мене бʼє і погоржує')).toBe('мій чоловік мене бʼє і погрожує');
  });

  it('allows two edits in long words only', () => {
    expect(corrector.correction('huissrts')).toBe('huisarts');
    expect(corrector.correction('лкря')).toBeUndefined();
  });

  it('leaves known and short words alone', () => {
    expect(corrector.correction('flight')).toBeUndefined();
    expect(corrector.correct('ik wil een arts')).toBe('ik wil een arts');
  });

  it('prefers the word the knowledge base uses most among equally close ones', () => {
    expect(corrector.correction('fligt')).toBe('flight');
    expect(corrector.correction('fiight')).toBe('fight');
  });
});
