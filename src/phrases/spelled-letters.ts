/**
 * The names of letters said one by one and the abbreviations they may spell, from
 * `src/phrases/spelled-letters.yaml` (its header explains them), read once when this module is loaded; a
 * broken file stops the start with `file:line: message`.
 */
import path from 'node:path';
import { z } from 'zod';
import { readDataFile } from './read-data-file';

const names = z.string().trim().min(1, 'write the names people say for this letter').transform((s) => s.toLowerCase().split(/\s+/));
const spelledLettersSchema = z.strictObject({
  letters: z.record(z.string(), names).superRefine((letters, ctx) => {
    for (const key of Object.keys(letters)) {
      if (!/^[a-z]$/.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'a letter is one Latin letter, a to z' });
    }
  }),
  abbreviations: z.string().trim().min(1, 'write the abbreviations letters may spell').transform((s) => s.toLowerCase().split(/\s+/)),
});

export interface SpelledLetters {
  /** Each name, with the letters it may stand for. */
  letters: ReadonlyMap<string, readonly string[]>;
  abbreviations: ReadonlySet<string>;
}

export function loadSpelledLetters(file: string = path.join(__dirname, 'spelled-letters.yaml')): SpelledLetters {
  const { data } = readDataFile(file, spelledLettersSchema);
  const letters = new Map<string, string[]>();
  // A letter typed as itself ("b s n") is its own name.
  for (const [letter, said] of Object.entries(data.letters)) {
    for (const name of new Set([letter, ...said])) letters.set(name, [...(letters.get(name) ?? []), letter]);
  }
  return { letters, abbreviations: new Set(data.abbreviations) };
}

export const SPELLED_LETTERS: SpelledLetters = loadSpelledLetters();
