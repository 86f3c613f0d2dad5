/**
 * The search's tuning is one checked object (src/search/tuning.ts): the figures in it decide the search's
 * answers, and a wrong figure fails when the index is built, naming the field, instead of quietly making
 * the answers worse.
 */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { SearchIndex } from '../../src/search/search-index';
import { DEFAULT_TUNING, parseSearchTuning, type SearchTuning } from '../../src/search/tuning';
import { TermMatcher } from '../../src/search/term-matcher';

let knowledge: KnowledgeBase;
beforeAll(async () => {
  const loaded = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  knowledge = loaded.knowledge!;
});

/** The default tuning with some figures changed; `unknown` because a tuning may come from a file. */
function changed(part: 'match' | 'lexical' | 'confidence' | 'story', figures: Record<string, unknown>): unknown {
  return { ...DEFAULT_TUNING, [part]: { ...DEFAULT_TUNING[part], ...figures } };
}

describe('search tuning', () => {
  it('is read back unchanged from JSON', () => {
    expect(parseSearchTuning(JSON.parse(JSON.stringify(DEFAULT_TUNING)))).toEqual(DEFAULT_TUNING);
  });

  it.each([
    ['a threshold order that cannot work', changed('confidence', { suggestAt: 0.9, answerAt: 0.8 }), /suggestAt must not exceed answerAt[\s\S]*confidence\.suggestAt/],
    ['a share above 1', changed('lexical', { coverageWeight: 1.5 }), /lexical\.coverageWeight/],
    ['a negative penalty', changed('lexical', { extraTermPenalty: -1 }), /lexical\.extraTermPenalty/],
    ['a figure that is not a number', changed('confidence', { bias: Number.NaN }), /confidence\.bias/],
    ['a misspelt name', changed('lexical', { coverageWieght: 0.5 }), /Unrecognized key: "coverageWieght"/],
    ['a model feature missing', changed('confidence', { weights: { coverage: 1 } }), /confidence\.weights\.closeness/],
    ['a typo worth more than the word', changed('match', { typo1: 1, exact: 0.9 }), /must not grow as matches get looser/],
    ['something else', 'fast', /invalid search tuning/],
  ])('refuses %s, naming it', (_what, tuning, message) => {
    expect(() => parseSearchTuning(tuning)).toThrow(message);
    // Where a tuning enters the search: types alone do not stop a figure read from a file.
    expect(() => new SearchIndex(knowledge, tuning as SearchTuning)).toThrow(message);
  });

  it('decides the search: a higher answer threshold turns an answer into "did you mean"', () => {
    const question = 'Як записатися до сімейного лікаря?';
    const usual = new SearchIndex(knowledge).search(question);
    expect(usual.decision).toBe('answer');
    const strict = new SearchIndex(knowledge, parseSearchTuning(changed('confidence', { answerAt: 0.9999 }))).search(question);
    expect(strict.ranked[0]?.id).toBe(usual.ranked[0]?.id);
    expect(strict.confidence).toBe(usual.confidence);
    expect(strict.decision).toBe('suggest');
  });

  it('decides what each kind of word match is worth', () => {
    const weights = { ...DEFAULT_TUNING.match, prefix: 0.6, typo1: 0.4, typo2: 0.3 };
    const matcher = new TermMatcher(['huisarts', 'ziekenhuis'], { weights });
    expect(matcher.match('huisarts')).toEqual([{ term: 'huisarts', weight: 1 }]);
    expect(matcher.match('huisartz')).toEqual([{ term: 'huisarts', weight: 0.4 }]);
    expect(matcher.match('zeikenhuis')).toEqual([{ term: 'ziekenhuis', weight: 0.4 }]);
    expect(matcher.match('ziekenhuiz')).toEqual([{ term: 'ziekenhuis', weight: 0.4 }]);
    expect(matcher.match('ziekkenhuuis')).toEqual([{ term: 'ziekenhuis', weight: 0.3 }]);
    expect(matcher.match('huisart')).toEqual([{ term: 'huisarts', weight: 0.6 }]);
  });
});
