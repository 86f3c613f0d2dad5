import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { entrySchema, type KnowledgeEntry } from './schema';
import type { KnowledgeProblem } from './problems';

export interface ParsedEntry {
  entry?: KnowledgeEntry;
  problems: KnowledgeProblem[];
  /** Line of each top-level field and list item, for later cross-file checks. */
  lineOf(path: readonly (string | number)[]): number;
}

/**
 * Parses and validates one knowledge file. Never throws: every problem comes back located
 * by file and line, worded so a volunteer knows what to change.
 */
export function parseEntry(file: string, source: string): ParsedEntry {
  const lineCounter = new LineCounter();
  const problems: KnowledgeProblem[] = [];
  let doc: Document.Parsed;
  try {
    doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    return {
      problems: [{ file, line: 1, severity: 'error', message: `cannot read YAML: ${(err as Error).message}` }],
      lineOf: () => 1,
    };
  }

  const lineOf = (path: readonly (string | number)[]): number => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };

  for (const e of doc.errors) {
    const line = lineCounter.linePos(e.pos[0]).line;
    problems.push({ file, line, severity: 'error', message: `YAML syntax: ${firstLine(e.message)}` });
  }
  if (problems.length > 0) return { problems, lineOf };

  const data: unknown = doc.toJS({ maxAliasCount: 50 });
  const result = entrySchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const where = path.length ? `${path.join('.')}: ` : '';
      const missing = issue.code === 'invalid_type' && valueAt(data, path) === undefined;
      const message = missing ? 'is missing' : issue.message;
      // An unknown key is easier to find at its own line than at its parent's.
      const at = issue.code === 'unrecognized_keys' && issue.keys[0] ? [...path, issue.keys[0]] : path;
      problems.push({ file, line: lineOf(at), severity: 'error', message: `${where}${message}` });
    }
    return { problems, lineOf };
  }
  return { entry: result.data, problems, lineOf };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}
