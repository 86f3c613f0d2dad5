import fc from 'fast-check';
import { normalise, cleanText, tokenize, MAX_QUERY_CHARS } from '../../src/search/normalise';
import { latinToCyrillicLayout, cyrillicToLatinLayout } from '../../src/search/layout';
import { skeleton, latinToCyrillic } from '../../src/search/transliterate';
import { stem } from '../../src/search/stem';

// Any Unicode, including lone surrogates, control and invisible characters, and long strings.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 3000 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяёыэъʼ\'’`qwertyuiop[];,./ \u200b\u202e\u0301'), maxLength: 300 }),
);
// eslint-disable-next-line no-control-regex -- the characters normalise must remove
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u0000-\u0008]/;

describe('normalise', () => {
  it('never throws, stays within the length cap and removes invisible characters', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const n = normalise(s);
        expect([...n].length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
        expect(INVISIBLE.test(n)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent', () => {
    fc.assert(fc.property(anyText, (s) => expect(normalise(normalise(s))).toBe(normalise(s))), { numRuns: 2000 });
    fc.assert(fc.property(anyText, (s) => expect(cleanText(cleanText(s))).toBe(cleanText(s))), { numRuns: 1000 });
  });

  it('keeps a word with an apostrophe whole, whatever apostrophe was typed', () => {
    for (const a of ["'", '’', '`', 'ʼ']) expect(tokenize(normalise(`сім${a}я`))).toEqual(['сімʼя']);
  });

  it('folds ё, stress marks and zero-width characters so they do not split words', () => {
    expect(normalise('Ещё вра\u0301ч')).toBe('еще врач');
    expect(tokenize(normalise('лі\u200Bкар'))).toEqual(['лікар']);
  });
});

describe('keyboard layout repair', () => {
  it('never throws and keeps one character per key pressed', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const t = cleanText(s);
        expect([...latinToCyrillicLayout(t, 'uk')].length).toBe([...t].length);
        expect([...latinToCyrillicLayout(t, 'ru')].length).toBe([...t].length);
        expect([...cyrillicToLatinLayout(t)].length).toBe([...t].length);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips Russian typed on an English layout', () => {
    const russianKeys = fc.string({ unit: fc.constantFrom(...'йцукенгшщзхъфывапролджэячсмитьбю '), maxLength: 80 });
    fc.assert(fc.property(russianKeys, (s) => expect(latinToCyrillicLayout(cyrillicToLatinLayout(s), 'ru')).toBe(s)));
  });

  it('reads the classic examples', () => {
    expect(latinToCyrillicLayout('ghbdsn', 'uk')).toBe('привіт');
    expect(latinToCyrillicLayout('ghbdtn', 'ru')).toBe('привет');
    expect(cyrillicToLatinLayout('ргшыфкеы')).toBe('huisarts');
  });
});

describe('transliteration', () => {
  it.each([
    ['polutschit', 'получить', 'German-style tsch'],
    ['Nimetschtschyny'.toLowerCase(), 'німеччини', 'German-style tsch twice'],
    ['jakszczo', 'якщо', 'Polish-style szcz'],
    ['czy', 'чи', 'Polish-style cz'],
    ['wtraczu', 'втрачу', 'Polish-style w and cz'],
    ['4to', 'что', 'a chat digit for ч'],
    ['6kola', 'школа', 'a chat digit for ш'],
    ['shcho', 'що', 'the passport style still'],
  ])('reads "%s" as "%s" (%s)', (latin, cyrillic) => {
    expect(skeleton(latin)).toBe(skeleton(cyrillic));
  });

  it('never throws and gives bounded output', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const t = normalise(s);
        expect(skeleton(t).length).toBeLessThanOrEqual(4 * t.length + 4);
        expect(latinToCyrillic(t, 'uk').length).toBeLessThanOrEqual(2 * t.length);
        expect(latinToCyrillic(t, 'ru').length).toBeLessThanOrEqual(2 * t.length);
        for (const w of tokenize(t).slice(0, 20)) expect(stem(w).length).toBeLessThanOrEqual(w.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives informal spellings of one word the same skeleton', () => {
    for (const [a, b] of [['vzyaty', 'взяти'], ['vziaty', 'взяти'], ['likar', 'лікар'], ['hroshi', 'гроші'], ['groshi', 'гроші'], ['shcho', 'що'], ['scho', 'що'], ['poluchit', 'получить']]) {
      expect(skeleton(a!)).toBe(skeleton(b!));
    }
  });
});
