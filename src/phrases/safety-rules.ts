/**
 * The safety check's data — strong phrases, cue groups and signs per category — read from
 * `src/phrases/safety/*.yaml` and compiled into regular expressions once, when this module is loaded.
 * The files ship with the code (the build copies them next to the compiled JavaScript), so they are
 * part of the program, not configuration: a broken file stops the start with `file:line: message`.
 *
 * Cue words are written in a shorthand (explained in each file's header): `'` stands for an optional
 * apostrophe, `#` for the end of a word and `~` for a gap of up to three words; each word is matched
 * only at the start of a word.
 */
import path from 'node:path';
import { readDataFile, DataFileError, type DataFile, type DataPath, type DataProblem } from './read-data-file';
import type { z } from 'zod';
import { categoryFileSchema, sharedFileSchema, type GroupData, type SignData } from './safety-schema';
import { LeadIndex, WordStartPattern, notAfter, notAfterLetter, type WordStart } from './word-start-pattern';

/** The safety entries with cue files, by file name: `crisis.yaml` holds what calls for `safety.crisis`. */
export const SAFETY_CATEGORIES = ['crisis', 'domestic-violence', 'exploitation', 'emergency'] as const;
const SHARED = 'shared';
/** The group the code reads for signs marked `not-with-laugh`. */
const LAUGH = 'laugh';

/** A compiled group or list of phrases: a RegExp, or a WordStartPattern that answers as its source would. */
export interface CuePattern {
  readonly source: string;
  test(text: string): boolean;
  exec(text: string): RegExpExecArray | null;
}

export interface CompiledSign {
  /** Shown when the safety check is explained (tests, debugging). */
  name: string;
  weight: number;
  /** Every one must match … */
  all: readonly CuePattern[];
  /** … and none of these. */
  none: readonly CuePattern[];
  /** … and at least `count` of `of`. */
  atLeast?: { count: number; of: readonly CuePattern[] };
  /** Cancelled when the message laughs (only for idioms that are jokes when they come with a laugh). */
  notWithLaugh: boolean;
  /** Signs marked act (a control act) or actor (who does it) count only when both kinds are found. */
  part?: 'act' | 'actor';
}

export interface SafetyCategory {
  /** The safety entry, e.g. `safety.crisis`. */
  id: string;
  /** Any of the strong phrases, each enough on its own; undefined when the file lists none. */
  phrases: CuePattern | undefined;
  signs: readonly CompiledSign[];
}

export interface SafetyRules {
  categories: readonly SafetyCategory[];
  /** A laugh anywhere in the message (tested on the normalised text, not the cue text). */
  laugh: CuePattern;
  /** Lets go of the last texts the patterns read (they remember where their words are in them). */
  forgetTexts(): void;
}

/**
 * A letter or digit of the cue text. The scripts people write to us in, spelled out: a Unicode property
 * class costs a table lookup at every position of every cue, and the check runs on every message.
 */
const WORD_CHAR = 'a-z0-9\\u00c0-\\u024f\\u0400-\\u04ff\\u02bc';
const WORD_START = `(?<![${WORD_CHAR}])`;
const AT_WORD_START: WordStart = notAfter(WORD_CHAR);
/** Strong phrases start after anything but a letter of any script. */
const PHRASE_START = '(?<![\\p{L}])';

/** One cue word in regular-expression syntax: the shorthand `'`, `#` and `~` spelled out. */
function expand(word: string): string {
  return word.replace(/'/g, 'ʼ?').replace(/#/g, `(?![${WORD_CHAR}])`).replace(/~/g, '(?:[^ ]+ ){0,3}');
}

/** Cue words as a pattern: `source` is the whole of it, `body` the same without the look-behind that opens it. */
interface Source {
  source: string;
  body?: string;
}

const atWordStart = (words: readonly string[]): Required<Source> => {
  const body = `(?:${words.map(expand).join('|')})`;
  return { source: `${WORD_START}${body}`, body };
};

interface Located<T> {
  value: T;
  data: DataFile<unknown>;
  at: DataPath;
}

/** Reads and compiles the safety files in `dir`; throws a DataFileError listing every problem. */
export function loadSafetyRules(dir: string = path.join(__dirname, 'safety')): SafetyRules {
  const problems: DataProblem[] = [];
  const problem = (data: DataFile<unknown>, at: DataPath, message: string) => problems.push({ file: data.file, line: data.lineOf(at), message });
  const read = <S extends z.ZodType>(name: string, schema: S): DataFile<z.output<S>> | undefined => {
    try {
      return readDataFile(path.join(dir, `${name}.yaml`), schema);
    } catch (err) {
      if (!(err instanceof DataFileError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };

  const shared = read(SHARED, sharedFileSchema);
  const files = SAFETY_CATEGORIES.map((c) => ({ category: c, data: read(c, categoryFileSchema) }));
  if (problems.length) throw new DataFileError(problems);

  // Every group by name, wherever it is defined: the files share one set of names.
  const groups = new Map<string, Located<GroupData>>();
  for (const data of [shared!, ...files.map((f) => f.data!)]) {
    for (const [name, value] of Object.entries(data.data.groups ?? {})) {
      const other = groups.get(name);
      if (other) problem(data, ['groups', name], `the group ${name} is already defined in ${other.data.file}`);
      else groups.set(name, { value, data, at: ['groups', name] });
    }
  }

  const used = new Set<string>([LAUGH]);
  // Every pattern's leading words, so a text is walked once for all of them (word-start-pattern.ts).
  const leads = new LeadIndex();
  const compiled = new Map<string, CuePattern>();
  for (const [name, g] of groups) {
    const source = groupSource(g, groups, used, problem);
    if (source !== undefined) compiled.set(name, compile(source, AT_WORD_START, leads, g.data, g.at, problem));
  }
  if (!groups.has(LAUGH)) problem(shared!, ['groups'], `the group ${LAUGH} is missing (the code reads it for signs marked not-with-laugh)`);

  const ref = (data: DataFile<unknown>, at: DataPath, names: readonly string[] | undefined): CuePattern[] =>
    (names ?? []).flatMap((n, i) => {
      used.add(n);
      const r = compiled.get(n);
      if (!r && !groups.has(n)) problem(data, [...at, i], `no group is called ${n}`);
      return r ? [r] : [];
    });

  const categories = files.map(({ category, data }): SafetyCategory => {
    const file = data!;
    const names = new Set<string>();
    const signs = (file.data.signs ?? []).map((s: SignData, i): CompiledSign => {
      const at = ['signs', i];
      if (names.has(s.name)) problem(file, [...at, 'name'], `the sign ${s.name} is listed twice`);
      names.add(s.name);
      return {
        name: s.name,
        weight: s.weight,
        all: ref(file, [...at, 'all'], s.all),
        none: ref(file, [...at, 'none'], s.none),
        ...(s['at-least'] !== undefined ? { atLeast: { count: s['at-least'], of: ref(file, [...at, 'of'], s.of) } } : {}),
        notWithLaugh: s['not-with-laugh'] ?? false,
        ...(s.part ? { part: s.part } : {}),
      };
    });
    const phrases = file.data.phrases;
    const phrasesOk = (phrases ?? []).map((p, i) => check(`(?:${p})`, file, ['phrases', i], problem)).every(Boolean);
    return {
      id: `safety.${category}`,
      phrases: phrases && phrasesOk ? compile(phraseSource(phrases), notAfterLetter, leads, file, ['phrases'], problem) : undefined,
      signs,
    };
  });

  for (const [name, g] of groups) {
    if (!used.has(name)) problem(g.data, g.at, `the group ${name} is not used: name it in a sign (all:, none: or of:) or in words-of:, or remove it`);
  }
  if (problems.length) throw new DataFileError(problems);
  return { categories, laugh: compiled.get(LAUGH)!, forgetTexts: () => leads.forget() };
}

type Report = (data: DataFile<unknown>, at: DataPath, message: string) => void;

function phraseSource(phrases: readonly string[]): Source {
  const body = `(?:${phrases.join('|')})`;
  return { source: `${PHRASE_START}${body}`, body };
}

/** The regular expression of one group, each word checked on its own so a mistake is found by its line. */
function groupSource(g: Located<GroupData>, groups: ReadonlyMap<string, Located<GroupData>>, used: Set<string>, problem: Report): Source | undefined {
  const { value, data, at } = g;
  const checkWords = (words: readonly string[], wordsAt: DataPath) => words.map((w, i) => check(atWordStart([w]).source, data, [...wordsAt, i], problem)).every(Boolean);
  // A pattern is the volunteer's own regular expression, used as it is.
  if (value.pattern !== undefined) return check(value.pattern, data, [...at, 'pattern'], problem) ? { source: value.pattern } : undefined;
  if (value.words) return checkWords(value.words, [...at, 'words']) ? atWordStart(value.words) : undefined;
  const near = value.near!;
  const side = (s: typeof near.first, key: 'first' | 'then'): Required<Source> | undefined => {
    const sideAt = [...at, 'near', key];
    if (Array.isArray(s)) return checkWords(s, sideAt) ? atWordStart(s) : undefined;
    used.add(s['words-of']);
    const words = groups.get(s['words-of'])?.value.words;
    if (!words) {
      problem(data, [...sideAt, 'words-of'], `words-of: no group with words: is called ${s['words-of']}`);
      return undefined;
    }
    const except = new Set(s.except ?? []);
    (s.except ?? []).forEach((w, i) => words.includes(w) || problem(data, [...sideAt, 'except', i], `except: ${w} is not among the words of ${s['words-of']}`));
    return atWordStart(words.filter((w) => !except.has(w)));
  };
  const a = side(near.first, 'first');
  const b = side(near.then, 'then');
  if (a === undefined || b === undefined) return undefined;
  const gap = `[^ ]* (?:[^ ]+ ){0,${near.gap}}`;
  // Each alternative opens with its first side's look-behind; the body leaves out just those.
  const ab = { source: `${a.source}${gap}${b.source}`, body: `${a.body}${gap}${b.source}` };
  const ba = { source: `${b.source}${gap}${a.source}`, body: `${b.body}${gap}${a.source}` };
  return near['either-order'] ? { source: `${ab.source}|${ba.source}`, body: `${ab.body}|${ba.body}` } : ab;
}

/** Whether `source` compiles; reports it at `at` when not. */
function check(source: string, data: DataFile<unknown>, at: DataPath, problem: Report): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch (err) {
    problem(data, at, notValid(err));
    return false;
  }
}

/** The pattern of `source`; one that opens with `starts` is read through `leads` (see word-start-pattern.ts). */
function compile({ source, body }: Source, starts: WordStart, leads: LeadIndex, data: DataFile<unknown>, at: DataPath, problem: Report): CuePattern {
  try {
    const whole = new RegExp(source, 'u');
    return body === undefined ? whole : new WordStartPattern(source, body, starts, leads);
  } catch (err) {
    problem(data, at, notValid(err));
    return /(?!)/u;
  }
}

/** Why a pattern does not compile, without the whole expanded pattern JavaScript quotes. */
function notValid(err: unknown): string {
  const message = (err as Error).message;
  return `not a valid pattern: ${/: ([^:]+)$/.exec(message)?.[1] ?? message}`;
}

/** The shipped rules, compiled once. */
export const SAFETY_RULES: SafetyRules = loadSafetyRules();
