/**
 * Spaces in the wrong place. A phone's autocorrect splits a word it does not know into two it does
 * ("huis arts", "leef geld", "rij bewijs"), and a hurried thumb runs words together ("деотриматиbsn",
 * "звернутисьввечері"). Each half of a split word, or the run-together whole, is unknown or means
 * something else, so the topic word is lost. Two neighbours are joined when together they make a word
 * the knowledge base uses; an unknown word is cut in two when both parts are words it knows.
 */
import { isFunctionWord } from './lexicon';
import { scriptOf } from './normalise';
import type { Vocabulary } from './vocabulary';

/** Joined words this short are too often two real words that happen to meet ("на ша", "de ze"). */
const MIN_JOINED = 6;
/** Words shorter than this are not cut: too many ways to read them. */
const MIN_CUT = 6;
/** Nothing typed in a hurry runs longer; a made-up word of 40 letters would cost 39 look-ups. */
const MAX_CUT = 24;
const MIN_PART = 3;
const LETTERS = /^[\p{L}ʼ]+$/u;


/** A topic word both halves make together (not a function word: "при вет" is a greeting anyway). */
function joinable(a: string, b: string, vocabulary: Vocabulary): boolean {
  if (!LETTERS.test(a) || !LETTERS.test(b) || scriptOf(a) !== scriptOf(b)) return false;
  const joined = a + b;
  // Two function words are two words ("met een" is no "meteen").
  if (joined.length < MIN_JOINED || isFunctionWord(joined) || (isFunctionWord(a) && isFunctionWord(b)) || !vocabulary.has(joined)) return false;
  // Two words of one language that make a word of another stay apart ("part time" is not nl "parttime").
  const [ma, mb] = [vocabulary.languagesOf(a), vocabulary.languagesOf(b)];
  return ma === 0 || mb === 0 || (ma & mb & vocabulary.languagesOf(joined)) !== 0;
}

/**
 * The two words an unknown word was typed from, or undefined; the cut that leaves the longer shorter part
 * wins. Both parts must be words in the very form the knowledge base (or the function-word lists) uses:
 * other forms of a word met too much by chance ("жити ми" → "житими"). Parts of one or two letters are
 * not tried: "насовсем" is no "на совсем".
 */
function cut(word: string, vocabulary: Vocabulary): [string, string] | undefined {
  if (word.length < MIN_CUT || word.length > MAX_CUT || !LETTERS.test(word)) return undefined;
  let best: [string, string] | undefined;
  for (let i = 1; i < word.length; i++) {
    const left = word.slice(0, i);
    const right = word.slice(i);
    if (best && Math.min(left.length, right.length) <= Math.min(best[0].length, best[1].length)) continue;
    if (left.length >= MIN_PART && right.length >= MIN_PART && vocabulary.has(left) && vocabulary.has(right)) best = [left, right];
  }
  return best;
}

/** Letters of two scripts in one word ("отриматиbsn"): its parts, when each is two letters or more. */
function byScript(word: string): string[] {
  const parts = word.split(/(?<=\p{Script=Cyrillic})(?=\p{Script=Latin})|(?<=\p{Script=Latin})(?=\p{Script=Cyrillic})/u);
  return parts.length > 1 && parts.every((p) => p.length >= 2) ? parts : [word];
}

/** A space-separated chunk as punctuation before, the word, punctuation after ("bsn?" → "", "bsn", "?"). */
function partsOf(chunk: string): { before: string; word: string; after: string } | undefined {
  const m = /^([^\p{L}ʼ]*)([\p{L}ʼ]+)([^\p{L}ʼ]*)$/u.exec(chunk);
  return m ? { before: m[1]!, word: m[2]!, after: m[3]! } : undefined;
}

/** `text` (normalised, words separated by spaces) with split words joined and run-together words cut. */
export function mendWordBreaks(text: string, vocabulary: Vocabulary): string {
  const chunks = text.split(' ');
  const out: string[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const here = partsOf(chunks[i]!);
    if (!here) {
      out.push(chunks[i]!);
      continue;
    }
    const next = chunks[i + 1] === undefined ? undefined : partsOf(chunks[i + 1]!);
    if (next && !here.after && !next.before && joinable(here.word, next.word, vocabulary)) {
      out.push(here.before + here.word + next.word + next.after);
      i++;
      continue;
    }
    // Only an unknown word is cut: the whole word is checked once, a part of two scripts on its own.
    const unknown = (part: string) => part === here.word || vocabulary.familiarity(part) === 0;
    const pieces =
      vocabulary.familiarity(here.word) > 0 ? [here.word] : byScript(here.word).flatMap((part) => (unknown(part) ? cut(part, vocabulary) : undefined) ?? [part]);
    out.push(here.before + pieces.join(' ') + here.after);
  }
  return out.join(' ');
}
