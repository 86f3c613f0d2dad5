import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ParsedEntry } from './parse-entry';
import { ParsedFiles } from './parsed-files';
import { LANGUAGES } from './languages';
import { KnowledgeBase } from './knowledge-base';
import type { KnowledgeEntry } from './schema';
import type { KnowledgeProblem } from './problems';
import { loadMunicipalities } from '../places/load-municipalities';
import { PLACES_FOLDER, type Municipalities } from '../places/municipalities';

export interface LoadResult {
  /** Present only when there are no errors (warnings allowed). */
  knowledge?: KnowledgeBase;
  entries: KnowledgeEntry[];
  problems: KnowledgeProblem[];
  municipalities?: Municipalities;
}

/**
 * Where an entry with `id` lives under the knowledge directory. Callers check ids before they get here;
 * this checks again on its own (defence in depth), as the path is read and written by the admin pages:
 * an id like `../../etc.passwd` must never name a file outside the knowledge directory.
 */
export function entryPath(root: string, id: string): string {
  const [topic = '', slug = ''] = id.split('.', 2);
  const file = path.join(root, topic, `${slug}.yaml`);
  const inside = path.relative(path.resolve(root), path.resolve(file));
  if (!topic || !slug || /[\\/]/.test(id) || inside.startsWith('..') || path.isAbsolute(inside) || path.dirname(inside) !== topic) {
    throw new Error(`"${id.slice(0, 80)}" is not an entry id: its file would not be <topic>/<slug>.yaml inside the knowledge directory`);
  }
  return file;
}

/** Files read by earlier loads in this process: a reload parses only the files that changed. */
const parsedFiles = new ParsedFiles();

/**
 * Reads `<root>/<topic>/<slug>.yaml`, validates every file and the links between them.
 * File names in problems are relative to the current directory, as editors expect.
 */
export async function loadKnowledgeDirectory(root: string): Promise<LoadResult> {
  const problems: KnowledgeProblem[] = [];
  const entries: KnowledgeEntry[] = [];
  const lines = new Map<string, ParsedEntry['lineOf']>();
  const files = new Map<string, string>();

  let topics: string[];
  try {
    topics = (await fs.readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name !== PLACES_FOLDER).map((d) => d.name);
  } catch (err) {
    problems.push({ file: root, line: 1, severity: 'error', message: `cannot read the knowledge folder: ${(err as Error).message}` });
    return { entries, problems };
  }

  for (const topic of topics.sort()) {
    const dir = path.join(root, topic);
    let names: string[];
    try {
      names = (await fs.readdir(dir)).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort();
    } catch (err) {
      // The folder can change while we read it (a checkout, a volunteer's save): say so, do not throw.
      problems.push({ file: dir, line: 1, severity: 'error', message: `cannot read the folder: ${(err as Error).message}` });
      continue;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      const file = path.relative(process.cwd(), full) || full;
      let source: string;
      try {
        source = await fs.readFile(full, 'utf8');
      } catch (err) {
        problems.push({ file, line: 1, severity: 'error', message: `cannot read the file: ${(err as Error).message}` });
        continue;
      }
      const parsed = parsedFiles.parse(path.resolve(full), file, source);
      problems.push(...parsed.problems);
      const entry = parsed.entry;
      if (!entry) continue;
      const expected = `${topic}.${name.replace(/\.ya?ml$/, '')}`;
      if (entry.id !== expected) {
        problems.push({ file, line: parsed.lineOf(['id']), severity: 'error', message: `id "${entry.id}" does not match the file's place; a file at ${topic}/${name} must have id "${expected}"` });
        continue;
      }
      entries.push(entry);
      lines.set(entry.id, parsed.lineOf);
      files.set(entry.id, file);
    }
  }

  const places = await loadMunicipalities(root);
  problems.push(...places.problems);
  problems.push(...crossCheck(entries, files, lines));
  problems.push(...checkPlaces(entries, files, lines, places.municipalities));
  const hasErrors = problems.some((p) => p.severity === 'error');
  return {
    entries,
    problems,
    municipalities: places.municipalities,
    ...(hasErrors ? {} : { knowledge: new KnowledgeBase(entries, places.municipalities) }),
  };
}

/** Longer answers do not fit a phone screen: people under stress stop reading. */
const MAX_ANSWER_CHARS = 900;

/** Checks that need every entry: links between entries and missing translations. */
export function crossCheck(
  entries: readonly KnowledgeEntry[],
  files: ReadonlyMap<string, string>,
  lines: ReadonlyMap<string, (path: readonly (string | number)[]) => number>,
): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const ids = new Set(entries.map((e) => e.id));
  for (const entry of entries) {
    const file = files.get(entry.id) ?? entry.id;
    const lineOf = lines.get(entry.id) ?? (() => 1);
    entry.related.forEach((rel, i) => {
      if (!ids.has(rel)) {
        problems.push({ file, line: lineOf(['related', i]), severity: 'error', message: `related: no entry has the id "${rel}"` });
      }
    });
    for (const lang of LANGUAGES) {
      const answer = entry.answer[lang];
      if (!answer) {
        problems.push({ file, line: lineOf(['answer']), severity: 'warning', message: `answer.${lang} is missing; the bot will show another language instead` });
      } else if (answer.length > MAX_ANSWER_CHARS) {
        problems.push({ file, line: lineOf(['answer', lang]), severity: 'warning', message: `answer.${lang} has ${answer.length} characters; keep it to ${MAX_ANSWER_CHARS} so it fits a phone screen (action first, short sentences)` });
      }
      if (!entry.questions[lang]) {
        problems.push({ file, line: lineOf(['questions']), severity: 'warning', message: `questions.${lang} is missing; people asking in this language will find the entry less often` });
      }
    }
  }
  return problems;
}

/** A place variant must name a municipality the bot knows, or nobody could ever see it. */
export function checkPlaces(
  entries: readonly KnowledgeEntry[],
  files: ReadonlyMap<string, string>,
  lines: ReadonlyMap<string, (path: readonly (string | number)[]) => number>,
  municipalities: Municipalities,
): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  for (const entry of entries) {
    const file = files.get(entry.id) ?? entry.id;
    const lineOf = lines.get(entry.id) ?? (() => 1);
    for (const [code, variant] of Object.entries(entry.places ?? {})) {
      if (!municipalities.get(code)) {
        problems.push({ file, line: lineOf(['places', code]), severity: 'error', message: `places: ${code} is not in ${PLACES_FOLDER}/municipalities.yaml` });
      }
      for (const lang of LANGUAGES) {
        if (!variant.answer[lang]) problems.push({ file, line: lineOf(['places', code, 'answer']), severity: 'warning', message: `places.${code}.answer.${lang} is missing; people writing in it see another language` });
      }
    }
  }
  return problems;
}
