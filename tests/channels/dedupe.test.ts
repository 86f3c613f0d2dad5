import fc from 'fast-check';
import { RecentIds } from '../../src/channels/dedupe';

function clock(start = 0): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('RecentIds: a platform redelivers a message', () => {
  test('the first delivery is handled, a repeat within the TTL is dropped', () => {
    const ids = new RecentIds({ ttlMs: 60_000, maxEntries: 100 });
    expect(ids.firstTime('telegram:1')).toBe(true);
    expect(ids.firstTime('telegram:1')).toBe(false);
    expect(ids.firstTime('telegram:2')).toBe(true);
  });

  test('after the TTL the key is forgotten, and a repeat does not extend its life', () => {
    const time = clock();
    const ids = new RecentIds({ ttlMs: 1000, maxEntries: 100, now: time.now });
    expect(ids.firstTime('a')).toBe(true);
    time.advance(600);
    expect(ids.firstTime('a')).toBe(false);
    time.advance(400);
    expect(ids.firstTime('a')).toBe(true);
  });

  test('memory stays bounded: beyond maxEntries the oldest key is forgotten first', () => {
    const ids = new RecentIds({ ttlMs: 60_000, maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) expect(ids.firstTime(key)).toBe(true);
    expect(ids.size).toBe(3);
    expect(ids.firstTime('d')).toBe(false);
    expect(ids.firstTime('b')).toBe(false);
    expect(ids.firstTime('a')).toBe(true);
  });

  test('expired keys are released, not kept until the bound is hit', () => {
    const time = clock();
    const ids = new RecentIds({ ttlMs: 10, maxEntries: 1000, now: time.now });
    for (let k = 0; k < 50; k++) ids.firstTime(`k${k}`);
    time.advance(11);
    ids.firstTime('fresh');
    expect(ids.size).toBe(1);
  });

  test('matches a simple model for any sequence of keys and clock steps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.integer({ min: 0, max: 30 })), { maxLength: 60 }),
        (maxEntries, steps) => {
          const time = clock();
          const ttlMs = 50;
          const ids = new RecentIds({ ttlMs, maxEntries, now: time.now });
          // Model: keys first seen, in order, with their time; expired and overflowing ones dropped.
          let model: Array<{ key: string; at: number }> = [];
          for (const [key, step] of steps) {
            time.advance(step);
            model = model.filter((entry) => entry.at + ttlMs > time.now());
            const expected = !model.some((entry) => entry.key === key);
            if (expected) model.push({ key, at: time.now() });
            model = model.slice(-maxEntries);
            expect(ids.firstTime(key)).toBe(expected);
            expect(ids.size).toBeLessThanOrEqual(maxEntries);
          }
        },
      ),
    );
  });

  test('rejects options that would make it unbounded', () => {
    expect(() => new RecentIds({ ttlMs: 0, maxEntries: 10 })).toThrow(/ttlMs/);
    expect(() => new RecentIds({ ttlMs: 10, maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
