/**
 * The letters a regular expression's every match must start with, read from its source: one string per
 * way it can start ("погрож" for `погрож\S* (\S+ ){0,2}вбити`, "лінія" and "line" for `(лінія|line) 113`).
 * Used to find where a safety pattern could match before trying it (word-start-pattern.ts). Only what is
 * certain counts; anything else — a class, a dot, an optional group, a look-around first — gives no
 * letters, and the pattern is then tried everywhere.
 */

const SPECIAL = new Set('\\^$.|?*+()[]{}');
/** Quantifiers that let the character or group before them be left out. */
const OPTIONAL = new Set('?*{');

/** Index of the `]` closing the class opened at `open`, or -1. */
function classEnd(source: string, open: number): number {
  for (let i = open + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return -1;
}

/** Index of the `)` closing the group opened at `open`, or -1. */
function groupEnd(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') {
      i = classEnd(source, i);
      if (i < 0) return -1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** `source` split at its top-level `|`; undefined when its brackets do not close. */
function alternatives(source: string): string[] | undefined {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[' || c === '(') {
      i = c === '(' ? groupEnd(source, i) : classEnd(source, i);
      if (i < 0) return undefined;
    } else if (c === '|') {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  out.push(source.slice(start));
  return out;
}

/**
 * Letters every match of `source` starts with, one string per way it can start; undefined when some
 * alternative can start otherwise (then nothing is skipped). Only what is certain counts: a letter
 * before `?`, `*` or `{…}` may be left out, so it is not counted.
 */
export function leadingLetters(source: string): string[] | undefined {
  const out: string[] = [];
  const parts = alternatives(source);
  if (!parts) return undefined;
  for (const alternative of parts) {
    let literal = '';
    let i = 0;
    while (i < alternative.length && !SPECIAL.has(alternative[i]!)) literal += alternative[i++];
    if (OPTIONAL.has(alternative[i] ?? '')) literal = literal.slice(0, -1);
    if (literal) {
      out.push(literal);
      continue;
    }
    // Nothing plain first: a group that must be there, e.g. (?:a|b)c or (a|b) c, starts as its parts do.
    if (alternative[0] !== '(') return undefined;
    const end = groupEnd(alternative, 0);
    if (end < 0 || OPTIONAL.has(alternative[end + 1] ?? '')) return undefined;
    let inner = alternative.slice(1, end);
    if (inner.startsWith('?:')) inner = inner.slice(2);
    else if (inner.startsWith('?')) return undefined; // a look-around or a named group
    const leads = leadingLetters(inner);
    if (!leads) return undefined;
    out.push(...leads);
  }
  return out;
}
