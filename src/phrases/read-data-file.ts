/**
 * Reads a YAML data file that ships with the code (the safety words and patterns, the chat words) and
 * checks it with a zod schema. These files are read once, when the module that needs them is loaded, so
 * a broken file stops the program at start — the bot must never run with half its safety words — with
 * every problem as `file:line: message`, the way knowledge files report theirs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import type { z } from 'zod';

export interface DataProblem {
  file: string;
  line: number;
  message: string;
}

/** All problems of one or more data files, one `file:line: message` a line, in the order of the files. */
export class DataFileError extends Error {
  readonly problems: readonly DataProblem[];

  constructor(problems: readonly DataProblem[]) {
    const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    super(sorted.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
    this.name = 'DataFileError';
    this.problems = sorted;
  }
}

export type DataPath = readonly (string | number)[];

export interface DataFile<T> {
  data: T;
  /** The file as it is named in messages: relative to the working folder when inside it. */
  file: string;
  /** The line of the value at `at` (or of its nearest enclosing value), for later checks. */
  lineOf(at: DataPath): number;
}

/**
 * How a file is named in messages: relative to the working folder when inside it, and the file under
 * src/ rather than the build's copy of it under dist/src/ when the two are the same — that is the one to edit.
 */
function shown(full: string, source?: string): string {
  const original = full.replace(/([\\/])dist[\\/](src[\\/])/, '$1$2');
  const name = original !== full && source !== undefined && sameText(original, source) ? original : full;
  return path.relative(process.cwd(), name) || name;
}

function sameText(file: string, text: string): boolean {
  try {
    return readFileSync(file, 'utf8') === text;
  } catch {
    return false;
  }
}

/** Parses and validates `full`; throws a DataFileError naming every problem by line. */
export function readDataFile<S extends z.ZodType>(full: string, schema: S): DataFile<z.output<S>> {
  let source: string;
  try {
    source = readFileSync(full, 'utf8');
  } catch (err) {
    throw new DataFileError([{ file: shown(full), line: 1, message: `cannot read the file: ${(err as Error).message}` }]);
  }
  const file = shown(full, source);
  const lineCounter = new LineCounter();
  const doc: Document.Parsed = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [first, ...more] = doc.errors;
  if (first) {
    // One mistake (a missing bracket or quote) makes the parser trip over everything after it.
    const after = more.length ? ` (fix this first: ${more.length} more problem${more.length > 1 ? 's' : ''} after it may come from it)` : '';
    throw new DataFileError([{ file, line: lineCounter.linePos(first.pos[0]).line, message: `YAML syntax: ${first.message.split('\n')[0]}${after}` }]);
  }
  const lineOf = (at: DataPath): number => {
    for (let depth = at.length; depth >= 0; depth--) {
      // A key's own line, not its value's (a group's name rather than the first line of its words).
      const parent = depth === 0 ? undefined : doc.getIn(at.slice(0, depth - 1), true);
      const key = isMap(parent) ? parent.items.find((pair) => isScalar(pair.key) && pair.key.value === at[depth - 1])?.key : undefined;
      const node = isNode(key) ? key : depth === 0 ? doc.contents : doc.getIn(at.slice(0, depth), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  const parsed = schema.safeParse(doc.toJS({ maxAliasCount: 50 }));
  if (!parsed.success) {
    throw new DataFileError(
      parsed.error.issues.map((issue) => {
        const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        // An unknown key is easier to find at its own line than at its parent's.
        const line = lineOf(issue.code === 'unrecognized_keys' && issue.keys[0] ? [...at, issue.keys[0]] : at);
        return { file, line, message: `${at.length ? `${at.join('.')}: ` : ''}${issue.message}` };
      }),
    );
  }
  return { data: parsed.data, file, lineOf };
}
