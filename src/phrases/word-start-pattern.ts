/**
 * Safety patterns that may only match where a word starts, read in one pass over the message. The
 * safety words compile to `(?<![letters])(?:word|word|…)`; read one by one, V8 tries every word of every
 * pattern at every character — some 140 patterns over messages of up to 4,096 characters, a few
 * milliseconds a message, the part of a turn that grows with the whole message.
 *
 * Every match of such a pattern starts with letters it cannot match without ("погрож" in
 * `погрож\S* (\S+ ){0,2}вбити`, see leading-letters.ts). `LeadIndex` holds the leading letters of all
 * patterns in one tree and walks a text once, from each place a word may start, noting for each pattern
 * where its letters occur. A pattern is then tried only there: does a word start there (its look-behind,
 * checked by hand), and does it match from there. The answer is the original pattern's: the same first
 * match, at the same place. A pattern with an alternative that can start otherwise is read whole.
 */
import { leadingLetters } from './leading-letters';

/** The original pattern's look-behind: where a match may start. */
export interface WordStart {
  allows(text: string, at: number): boolean;
  /** True when no match may start right after this UTF-16 unit, whatever stands before it. */
  blocksAfter(unit: number): boolean;
}

/** Nothing of `letters` (a character class of BMP letters and digits, e.g. `a-z0-9`) just before `at`. */
export function notAfter(letters: string): WordStart {
  const letter = new RegExp(`[${letters}]`);
  return {
    // One UTF-16 unit is enough: no BMP class holds a surrogate, and in a pair neither half is in the class.
    allows: (text, at) => at === 0 || !letter.test(text[at - 1]!),
    blocksAfter: (unit) => letter.test(String.fromCharCode(unit)),
  };
}

const LETTER = /\p{L}/u;
const isSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdfff;

/** No letter of any script just before `at` (`(?<![\p{L}])`): the code point that ends there, a pair's too. */
export const notAfterLetter: WordStart = {
  allows(text, at) {
    if (at === 0) return true;
    const last = text.charCodeAt(at - 1);
    const high = at >= 2 ? text.charCodeAt(at - 2) : 0;
    const pair = last >= 0xdc00 && last <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
    return !LETTER.test(pair ? text.slice(at - 2, at) : text[at - 1]!);
  },
  // Half of a pair says nothing alone; the whole check decides there.
  blocksAfter: (unit) => !isSurrogate(unit) && LETTER.test(String.fromCharCode(unit)),
};

interface Node {
  next: Map<number, Node>;
  /** Patterns with leading letters that end here. */
  ends: number[];
}

const node = (): Node => ({ next: new Map(), ends: [] });

/** The leading letters of many patterns, found in one walk over a text (a trie, walked from each character). */
export class LeadIndex {
  private readonly root = node();
  private count = 0;
  /** The look-behinds of the patterns added: the walk skips a place none of them allows. */
  private readonly starts = new Set<WordStart>();
  /** Per UTF-16 unit: 0 not known yet, 1 every look-behind refuses a start after it, 2 not. */
  private readonly blocking = new Uint8Array(0x10000);
  /** The last texts walked: a turn tests every pattern on the same two or three texts in a row. */
  private recent: Array<{ text: string; at: number[][] }> = [];

  /** Adds a pattern's leading letters and look-behind; returns its number for `positions`. */
  add(leads: readonly string[], start: WordStart): number {
    const id = this.count++;
    this.starts.add(start);
    this.blocking.fill(0);
    for (const lead of new Set(leads)) {
      let n = this.root;
      for (let i = 0; i < lead.length; i++) {
        const c = lead.charCodeAt(i);
        let child = n.next.get(c);
        if (!child) n.next.set(c, (child = node()));
        n = child;
      }
      n.ends.push(id);
    }
    this.recent = [];
    return id;
  }

  /** Lets go of the texts walked (a message is not kept past its check). */
  forget(): void {
    this.recent = [];
  }

  /** Where pattern `id`'s leading letters occur in `text`, in order. */
  positions(text: string, id: number): readonly number[] {
    let walked = this.recent.find((r) => r.text === text);
    if (!walked) {
      walked = { text, at: this.walk(text) };
      this.recent = [walked, ...this.recent.slice(0, 2)];
    }
    return walked.at[id] ?? [];
  }

  /** Whether no pattern may start right after `unit` (inside a word, for every look-behind). */
  private blocks(unit: number): boolean {
    let known = this.blocking[unit]!;
    if (known === 0) {
      known = [...this.starts].every((s) => s.blocksAfter(unit)) ? 1 : 2;
      this.blocking[unit] = known;
    }
    return known === 1;
  }

  private walk(text: string): number[][] {
    const at: number[][] = [];
    for (let start = 0; start < text.length; start++) {
      if (start > 0 && this.blocks(text.charCodeAt(start - 1))) continue;
      let n: Node | undefined = this.root;
      for (let i = start; n && i < text.length; i++) {
        n = n.next.get(text.charCodeAt(i));
        if (!n) break;
        for (const id of n.ends) {
          const list = (at[id] ??= []);
          // Two leads of one pattern can end at different depths from the same start.
          if (list[list.length - 1] !== start) list.push(start);
        }
      }
    }
    return at;
  }
}

export class WordStartPattern {
  /** The pattern without its look-behind, tried at one place at a time. */
  private readonly body: RegExp;
  private readonly whole: RegExp;
  /** Its number in the lead index; undefined when some alternative has no leading letters. */
  private readonly id: number | undefined;

  /**
   * @param source the whole pattern, look-behind included (what it stands for, in messages and tests)
   * @param body the pattern without the look-behind that opens each of its alternatives
   * @param startsWord that look-behind
   * @param index where the leading letters of this and its sibling patterns are looked up
   */
  constructor(
    readonly source: string,
    body: string,
    private readonly startsWord: WordStart,
    private readonly index: LeadIndex,
  ) {
    this.whole = new RegExp(source, 'u');
    this.body = new RegExp(body, 'uy');
    const leads = leadingLetters(body);
    this.id = leads ? index.add(leads, startsWord) : undefined;
  }

  /** The first match, as `new RegExp(source, 'u').exec(text)` finds it. */
  exec(text: string): RegExpExecArray | null {
    if (this.id === undefined) return this.whole.exec(text);
    for (const at of this.index.positions(text, this.id)) {
      if (!this.startsWord.allows(text, at)) continue;
      this.body.lastIndex = at;
      const m = this.body.exec(text);
      if (m) return m;
    }
    return null;
  }

  test(text: string): boolean {
    return this.exec(text) !== null;
  }
}
