/**
 * Reads and writes knowledge files the way volunteers wrote them: an edit changes only the fields that
 * changed, through the YAML document model, so comments, order and layout of the rest survive, and an
 * unchanged file is written back byte for byte.
 */
import { createHash } from 'node:crypto';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, type Node, type YAMLMap } from 'yaml';
import { LANGUAGES } from '../knowledge/languages';

/** Field order of a knowledge file, as docs/design.md shows it. */
const FIELD_ORDER = ['id', 'topic', 'reviewed', 'sources', 'questions', 'keywords', 'answer', 'related', 'translated'] as const;

const TO_STRING = { lineWidth: 0, flowCollectionPadding: false } as const;

/** The version a form carries: a hash of the file's bytes as they were when the form was opened. */
export function versionOf(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex').slice(0, 32);
}

export type FieldPath = readonly [string] | readonly [string, string];

export interface FieldChange {
  path: FieldPath;
  /** undefined removes the field. */
  value: string | readonly string[] | undefined;
}

function styled(doc: Document, path: FieldPath, value: string | readonly string[]): Node {
  const [field] = path;
  if (typeof value === 'string') {
    if (field === 'answer') {
      const scalar = new Scalar(value.endsWith('\n') ? value : `${value}\n`);
      scalar.type = Scalar.BLOCK_LITERAL;
      return scalar;
    }
    return doc.createNode(value) as Node;
  }
  const seq = doc.createNode([...value]) as Node;
  // Short lists of ids and words stay on one line, phrasings and sources one per line, as in the files.
  if (isSeq(seq)) seq.flow = field === 'keywords' || field === 'related';
  return seq;
}

function keyName(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function sortMap(map: YAMLMap, order: readonly string[]): void {
  const rank = (k: unknown) => {
    const i = order.indexOf(keyName(k));
    return i === -1 ? order.length : i;
  };
  map.items.sort((x, y) => rank(x.key) - rank(y.key));
}

function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => (typeof v === 'string' ? v.trim() : Array.isArray(v) ? v.map(norm) : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * Applies field changes to a knowledge file's text. New language keys go in uk, ru, nl, en order, new
 * fields in the usual field order; a language map left empty is removed.
 */
export function applyChanges(source: string, changes: readonly FieldChange[]): string {
  const doc = parseDocument(source, { keepSourceTokens: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) throw new Error('the file is not a YAML map; fix it by hand first');
  const root = doc.contents as YAMLMap<unknown, unknown>;
  let touched = false;
  for (const { path, value } of changes) {
    const current: unknown = doc.getIn(path);
    const currentJs = current && typeof current === 'object' && 'toJSON' in current ? (current as { toJSON(): unknown }).toJSON() : current;
    if (value === undefined) {
      if (current === undefined) continue;
      doc.deleteIn(path);
      const parentPath = path.slice(0, -1);
      if (parentPath.length === 1) {
        const parent = doc.getIn(parentPath);
        if (isMap(parent) && parent.items.length === 0) doc.deleteIn(parentPath);
      }
      touched = true;
      continue;
    }
    if (sameValue(currentJs, value)) continue;
    const hadField = root.items.some((p) => keyName(p.key) === path[0]);
    if (path.length === 2 && !hadField) {
      const map = doc.createNode({}) as YAMLMap;
      map.flow = false;
      root.set(path[0], map);
    }
    const container = path.length === 2 ? doc.getIn([path[0]]) : root;
    if (!isMap(container)) throw new Error(`${path[0]} is not a map in this file; fix it by hand first`);
    const key = path[path.length - 1]!;
    const existing = container.get(key, true);
    const node = styled(doc, path, value);
    if (isScalar(existing) && isScalar(node) && existing.type === Scalar.BLOCK_LITERAL) node.type = Scalar.BLOCK_LITERAL;
    container.set(key, node);
    if (path.length === 2) sortMap(container, LANGUAGES);
    if (!hadField) sortMap(root, FIELD_ORDER);
    touched = true;
  }
  return touched ? doc.toString(TO_STRING) : source;
}

export interface NewEntryFields {
  id: string;
  topic: string;
  reviewed: string;
  sources: readonly string[];
  questions: Partial<Record<string, readonly string[]>>;
  keywords?: Partial<Record<string, readonly string[]>>;
  answer: Partial<Record<string, string>>;
  related: readonly string[];
  translated?: Partial<Record<string, string>>;
}

/** The text of a new knowledge file, laid out like the ones volunteers wrote by hand. */
export function serialiseNewEntry(entry: NewEntryFields): string {
  let source = `id: ${entry.id}\n`;
  const changes: FieldChange[] = [
    { path: ['topic'], value: entry.topic },
    { path: ['reviewed'], value: entry.reviewed },
    { path: ['sources'], value: entry.sources },
  ];
  for (const l of LANGUAGES) {
    const q = entry.questions[l];
    if (q?.length) changes.push({ path: ['questions', l], value: q });
  }
  for (const l of LANGUAGES) {
    const k = entry.keywords?.[l];
    if (k?.length) changes.push({ path: ['keywords', l], value: k });
  }
  for (const l of LANGUAGES) {
    const a = entry.answer[l];
    if (a) changes.push({ path: ['answer', l], value: a });
  }
  changes.push({ path: ['related'], value: entry.related });
  for (const l of LANGUAGES) {
    const t = entry.translated?.[l];
    if (t) changes.push({ path: ['translated', l], value: t });
  }
  source = applyChanges(source, changes);
  return source;
}
