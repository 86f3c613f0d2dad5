/**
 * The term matcher's shortcuts (src/search/match-shortcuts.ts) skip work only where it would find
 * nothing: a typo still finds every known word it found before, fuse.js is never skipped for a term it
 * would have matched, and a long message of words nothing matches no longer pays for fuse.js at all.
 */
import path from 'node:path';
import fc from 'fast-check';
import Fuse from 'fuse.js';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import { DeletionKeys, couldApproximate } from '../../src/search/match-shortcuts';
import { FUSE_OPTIONS, TermMatcher } from '../../src/search/term-matcher';

afterEach(() => jest.restoreAllMocks());

const letters = (alphabet: string, min: number, max: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
const without = (word: string, i: number) => word.slice(0, i) + word.slice(i + 1);

/** Every probe the typo look-up reads, in its order, repeats included: the word, each deletion and its deletions. */
function allProbes(word: string, two: boolean): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i++) {
    const d = without(word, i);
    out.push(d);
    if (two) for (let k = 0; k < d.length; k++) out.push(without(d, k));
  }
  return out;
}

describe('typo probes', () => {
  it('every probe that is a key of the index is still read, in the same order', () => {
    const alphabet = 'абвгдеabcde';
    fc.assert(
      fc.property(fc.array(letters(alphabet, 2, 12), { minLength: 1, maxLength: 60 }), letters(alphabet, 1, 14), fc.boolean(), (terms, word, two) => {
        // Keys as the matcher makes them: each term and its one-letter deletions, and some near the word.
        const keys = new Set(terms.flatMap((t) => [t, ...t.split('').map((_, i) => without(t, i))]));
        for (const p of allProbes(word, two).filter((_, i) => i % 7 === 0)) keys.add(p);
        const visited: string[] = [];
        new DeletionKeys(keys, keys.size).forEachProbe(word, two, (p) => visited.push(p));
        expect(visited.filter((p) => keys.has(p))).toEqual(allProbes(word, two).filter((p) => keys.has(p)));
      }),
      { numRuns: 500 },
    );
  });

  it('a probe no key equals is mostly not even built', () => {
    const keys = new DeletionKeys(['huisarts', 'uisarts', 'hisarts'], 3);
    let built = 0;
    keys.forEachProbe('zorgverzekeringen', true, () => built++);
    expect(built).toBeLessThan(10); // of 137 probes
  });
});

describe('fuse.js', () => {
  /** A word typed with a few mistakes: letters left out, added, changed, or the word inside a longer one. */
  const typed = (word: string) =>
    fc.tuple(fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'add', 'change'), fc.constantFrom(...'абвгеabcde')), { maxLength: 4 }), letters('abcабв', 0, 4), letters('abcабв', 0, 4)).map(([edits, before, after]) => {
      let w = word;
      for (const [at, kind, c] of edits) {
        const i = at % (w.length + 1);
        w = kind === 'drop' ? without(w, i) : kind === 'add' ? w.slice(0, i) + c + w.slice(i) : w.slice(0, i) + c + w.slice(i + 1);
      }
      return before + w + after;
    });

  it('a term fuse.js matches is never ruled out', () => {
    const pattern = letters('абвгдеabcdeʼБA', 5, 32);
    fc.assert(
      fc.property(
        pattern.chain((p) => fc.tuple(fc.constant(p), fc.array(fc.oneof(typed(p), letters('абвгдеabcde', 1, 20)), { minLength: 1, maxLength: 20 }))),
        ([p, terms]) => {
          const could = couldApproximate(p, FUSE_OPTIONS.threshold);
          const matched = new Set(new Fuse(terms, FUSE_OPTIONS).search(p).map((m) => m.item));
          for (const term of matched) expect(could(term)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the matcher still finds a word typed with several mistakes ("хаусарта" → "хаузартс")', () => {
    const matcher = new TermMatcher(['хаузартс', 'huisarts', 'zwanger']);
    expect(matcher.match('хаусарта')[0]?.term).toBe('хаузартс');
    expect(matcher.match('zwnagerr')[0]?.term).toBe('zwanger');
  });

  it('a long message of words nothing could match makes no fuse.js look-up', async () => {
    const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
    const index = new SearchIndex(knowledge!);
    const fuse = jest.spyOn(Fuse.prototype, 'search');
    // Words of one letter repeated: no known term shares enough of their letters.
    const words = [...'жщфшхюzqxwjk'].flatMap((c, i) => [c.repeat(5 + i), c.repeat(20 - i)]);
    const message = Array.from({ length: 200 }, (_, i) => words[i % words.length]).join(' ');
    expect(message.length).toBeGreaterThan(2000);
    index.search(message);
    expect(fuse).not.toHaveBeenCalled();
  });
});
