import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { KnowledgeProblem } from '../knowledge/problems';
import { MUNICIPALITIES_FILE, Municipalities, municipalitiesFileSchema, PLACES_FOLDER } from './municipalities';

/**
 * Reads `<knowledge>/places/municipalities.yaml`. Without the file the bot still answers (no place is
 * recognised); a broken file is an error located by line, like any knowledge file.
 */
export async function loadMunicipalities(root: string): Promise<{ municipalities: Municipalities; problems: KnowledgeProblem[] }> {
  const full = path.join(root, PLACES_FOLDER, MUNICIPALITIES_FILE);
  const file = path.relative(process.cwd(), full) || full;
  let source: string;
  try {
    source = await fs.readFile(full, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { municipalities: new Municipalities(), problems: [] };
    return { municipalities: new Municipalities(), problems: [{ file, line: 1, severity: 'error', message: `cannot read the file: ${(err as Error).message}` }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: KnowledgeProblem[] = doc.errors.map((e) => ({ file, line: lineCounter.linePos(e.pos[0]).line, severity: 'error', message: `YAML syntax: ${e.message.split('\n')[0]}` }));
  if (problems.length) return { municipalities: new Municipalities(), problems };
  const lineOf = (at: readonly PropertyKey[]): number => {
    const node = doc.getIn(at.filter((p): p is string | number => typeof p !== 'symbol'), true);
    return isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : 1;
  };
  const parsed = municipalitiesFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      municipalities: new Municipalities(),
      problems: parsed.error.issues.map((i) => ({ file, line: lineOf(i.path), severity: 'error', message: `${i.path.join('.')}: ${i.message}` })),
    };
  }
  const seen = new Set<string>();
  parsed.data.municipalities.forEach((m, i) => {
    if (seen.has(m.code)) problems.push({ file, line: lineOf(['municipalities', i, 'code']), severity: 'error', message: `${m.code} is listed twice` });
    seen.add(m.code);
  });
  return { municipalities: new Municipalities(parsed.data.municipalities), problems };
}
