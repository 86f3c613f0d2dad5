/**
 * Cheap tests that tell the term matcher a costly step cannot find anything, so it is skipped. Both are
 * exact — the step would have found nothing — and matter for words nothing matches: a 4,096-character
 * message of made-up words has a hundred of them, each new to the caches.
 *
 * - A typo look-up probes the index with every way of deleting one or two letters (up to 300 strings for a
 *   24-letter word). `DeletionKeys` marks the hash of each key the index has in a bit table, and a probe's
 *   hash is worked out from the word's prefix hashes without building the string: only a probe whose bit
 *   is set is built and looked up (a bit set by another key costs one look-up that finds nothing).
 * - fuse.js reads every known term with the word's first letter. A match with e errors lines up at least
 *   m − e letters of the m-letter word with the same letters of the term, and fuse.js tries e errors only
 *   while e / m is within its threshold; a term that shares fewer letters cannot match.
 */

const BASE = 0x01000193;

/** Polynomial hash of `s` (UTF-16 units), modulo 2³². */
function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0;
  return h;
}

export class DeletionKeys {
  /** One bit per hash value (its low bits), about 16 bits per key: a probe no key has is let through once in 16. */
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(keys: Iterable<string>, count: number) {
    let size = 1 << 10;
    while (size < count * 16 && size < 1 << 26) size *= 2;
    this.bits = new Uint32Array(size / 32);
    this.mask = size - 1;
    for (const key of keys) {
      const h = hashOf(key) & this.mask;
      this.bits[h >>> 5]! |= 1 << (h & 31);
    }
  }

  private has(hash: number): boolean {
    const h = hash & this.mask;
    return (this.bits[h >>> 5]! & (1 << (h & 31))) !== 0;
  }

  /**
   * Calls `visit` with the probes of `word` in the order the look-up reads them — the word, then each
   * one-letter deletion, each followed (with `two`) by its own one-letter deletions — leaving out those
   * no key can equal. A probe may come more than once, as it would from the deletions themselves.
   */
  forEachProbe(word: string, two: boolean, visit: (probe: string) => void): void {
    const n = word.length;
    // prefix[k]: hash of word[0, k); power[k]: BASE^k.
    const prefix = new Int32Array(n + 1);
    const power = new Int32Array(n + 1);
    power[0] = 1;
    for (let k = 0; k < n; k++) {
      prefix[k + 1] = (Math.imul(prefix[k]!, BASE) + word.charCodeAt(k)) | 0;
      power[k + 1] = Math.imul(power[k]!, BASE);
    }
    const part = (a: number, b: number) => (prefix[b]! - Math.imul(prefix[a]!, power[b - a]!)) | 0;

    if (this.has(prefix[n]!)) visit(word);
    for (let i = 0; i < n; i++) {
      // The word without letter i …
      if (this.has((Math.imul(prefix[i]!, power[n - 1 - i]!) + part(i + 1, n)) | 0)) visit(word.slice(0, i) + word.slice(i + 1));
      if (!two) continue;
      // … and without letters a < b: the deletions of (word without i), whose letter k is the word's k
      // below i and k + 1 from i on.
      for (let k = 0; k < n - 1; k++) {
        const a = k < i ? k : i;
        const b = k < i ? i : k + 1;
        const hash = (Math.imul(prefix[a]!, power[n - 2 - a]!) + Math.imul(part(a + 1, b), power[n - 1 - b]!) + part(b + 1, n)) | 0;
        if (this.has(hash)) visit(word.slice(0, a) + word.slice(a + 1, b) + word.slice(b + 1));
      }
    }
  }
}

/**
 * A test of whether fuse.js (bitap, location ignored) could match `pattern` in a term at `threshold`:
 * false means it cannot. fuse.js compares both in lower case, so this does too.
 */
export function couldApproximate(pattern: string, threshold: number): (term: string) => boolean {
  const p = pattern.toLowerCase();
  const m = p.length;
  // fuse.js tries 0, 1, … errors while errors / m ≤ threshold, and fewer than m.
  let errors = 0;
  while (errors + 1 < m && (errors + 1) / m <= threshold) errors++;
  const need = m - errors;
  const slotOf = new Map<number, number>();
  const counts: number[] = [];
  for (let i = 0; i < m; i++) {
    const c = p.charCodeAt(i);
    let slot = slotOf.get(c);
    if (slot === undefined) {
      slot = counts.length;
      slotOf.set(c, slot);
      counts.push(0);
    }
    counts[slot]! += 1;
  }
  const left = new Int32Array(counts.length);
  return (term) => {
    const t = term.toLowerCase();
    if (t.length < need) return false;
    left.set(counts);
    let shared = 0;
    for (let i = 0; i < t.length; i++) {
      const slot = slotOf.get(t.charCodeAt(i));
      if (slot !== undefined && left[slot]! > 0) {
        left[slot]! -= 1;
        if (++shared >= need) return true;
      }
    }
    return false;
  };
}
