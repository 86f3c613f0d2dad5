/**
 * The term matcher remembers its look-ups, and must not become a store of what people typed: its keys
 * are hashes, its values the knowledge base's own terms, and it stays bounded.
 */
import { TermMatcher, type TermMatch } from '../../src/search/term-matcher';

const KNOWN = ['huisarts', 'leefgeld', 'лікар', 'zorgverzekering'];
const cacheOf = (matcher: TermMatcher) => (matcher as unknown as { cache: Map<number, TermMatch[]> }).cache;

test('after matching what people typed, the cache holds none of it: hashed keys, known terms only', () => {
  const matcher = new TermMatcher(KNOWN);
  const typed = ['huisartz', 'leefgelt', 'лікарр', 'olenashevchenko', 'шевченко', 'zorgverzekring', 'nl91abna0417164300'];
  for (const word of typed) matcher.match(word);
  const cache = cacheOf(matcher);
  expect(cache.size).toBeGreaterThan(0);
  const dump = JSON.stringify([...cache]);
  for (const word of typed) expect(dump).not.toContain(word);
  for (const matches of cache.values()) for (const m of matches) expect(KNOWN).toContain(m.term);
  // Still a cache: the same word gives the same answer.
  expect(matcher.match('huisartz')).toEqual(matcher.match('huisartz'));
  expect(matcher.match('huisartz')[0]?.term).toBe('huisarts');
});

test('the cache stays bounded whatever is typed', () => {
  const matcher = new TermMatcher(KNOWN);
  for (let i = 0; i < 30_000; i++) matcher.match(`slovo${i.toString(36)}`);
  expect(cacheOf(matcher).size).toBeLessThanOrEqual(20_000);
});
