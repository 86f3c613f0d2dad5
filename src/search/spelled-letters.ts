/**
 * Abbreviations dictated letter by letter: "як отримати бе ес ен" is "як отримати bsn", "whats the phone
 * number of the eye en dee" asks about the IND. Names of letters in a row that spell one of the known
 * abbreviations (src/phrases/spelled-letters.yaml) become that word; the longest spelling wins, and
 * letter names that spell nothing stay as they are ("і у" is "and in").
 */
import { SPELLED_LETTERS, type SpelledLetters } from '../phrases/spelled-letters';

/** No abbreviation we know has more letters. */
const MAX_LETTERS = 5;
const TRAILING = /[.,!?;:]+$/u;

/** The abbreviation the names spell, if any (a name may stand for two letters: "ве" is V or W). */
function spelled(names: readonly string[], table: SpelledLetters): string | undefined {
  let words = [''];
  for (const name of names) {
    const letters = table.letters.get(name);
    if (!letters) return undefined;
    words = words.flatMap((w) => letters.map((l) => w + l));
  }
  return words.find((w) => table.abbreviations.has(w));
}

export function readSpelledLetters(text: string, table: SpelledLetters = SPELLED_LETTERS): string {
  const tokens = text.split(/\s+/).filter(Boolean);
  if (tokens.length < 2) return text;
  // Read once per message, not once per run tried: this runs on every question.
  const names = tokens.map((t) => t.toLowerCase().replace(TRAILING, ''));
  const out: string[] = [];
  let changed = false;
  for (let i = 0; i < tokens.length; ) {
    let taken = 0;
    for (let n = table.letters.has(names[i]!) ? Math.min(MAX_LETTERS, tokens.length - i) : 0; n >= 2 && !taken; n--) {
      const run = tokens.slice(i, i + n);
      // Punctuation may close the run, not break it.
      if (run.slice(0, -1).some((t) => TRAILING.test(t))) continue;
      const word = spelled(names.slice(i, i + n), table);
      if (word) {
        out.push(word + (run[n - 1]!.match(TRAILING)?.[0] ?? ''));
        taken = n;
      }
    }
    if (taken) {
      changed = true;
      i += taken;
    } else out.push(tokens[i++]!);
  }
  return changed ? out.join(' ') : text;
}
