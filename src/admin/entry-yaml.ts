/**
 * Reads and writes knowledge files the way volunteers wrote them: an edit changes only the fields that
 * changed, through the YAML document model, so comments, order and layout of the rest survive, and an
 * unchanged file is written back byte for byte.
 */
import { createHash } from 'node:crypto';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, type Node, type YAMLMap } from 'yaml';
import { LANGUAGES } from '../knowledge/languages';

/**
 * Field order of a knowledge file, as the volunteers write them (`translated` is kept by these pages, so
 * it comes last): a new field goes to its place among these.
 */
const FIELD_ORDER = ['id', 'topic', 'reviewed', 'sources', 'questions', 'keywords', 'answer', 'related', 'counter', 'places', 'translated'] as const;
const VARIANT_ORDER = ['reviewed', 'sources', 'answer'] as const;
const COUNTER_ORDER = ['ask', 'text'] as const;

const TO_STRING = { lineWidth: 0, flowCollectionPadding: false } as const;

/** The version a form carries: a hash of the file's bytes as they were when the form was opened. */
export function versionOf(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex').slice(0, 32);
}

/**
 * Where a value lives: a top-level field (`['sources']`), a language of one (`['answer', 'uk']`), or
 * deeper for place variants and the counter card (`['places', 'GM0344', 'answer', 'uk']`, `['counter', 'text', 'nl']`).
 */
export type FieldPath = readonly [string, ...string[]];

export interface FieldChange {
  path: FieldPath;
  /** undefined removes the field. */
  value: string | readonly string[] | undefined;
}

/** Texts people read as paragraphs and lists: written as block literals (`|`), as volunteers write them. */
function isLongText(path: FieldPath): boolean {
  return path[path.length - 2] === 'answer' || (path[0] === 'counter' && path[1] === 'text' && path.length === 3);
}

function styled(doc: Document, path: FieldPath, value: string | readonly string[]): Node {
  const [field] = path;
  if (typeof value === 'string') {
    if (isLongText(path)) {
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

/** The order new keys of the map at `parent` take; undefined: at the end (a new municipality's variant). */
function orderOf(parent: readonly string[]): readonly string[] | undefined {
  if (parent.length === 0) return FIELD_ORDER;
  const [field] = parent;
  if (field === 'places') return parent.length === 1 ? undefined : parent.length === 2 ? VARIANT_ORDER : LANGUAGES;
  if (field === 'counter') return parent.length === 1 ? COUNTER_ORDER : LANGUAGES;
  return LANGUAGES;
}

/**
 * Puts a new key in its place without moving any key already there: right after the last key that comes
 * before it in the usual order (else first). Sorting the whole map instead would move fields the
 * volunteer never touched (a hand-written file may keep `places` before `related`).
 */
function insertKey(doc: Document, map: YAMLMap, parent: readonly string[], key: string, node: Node): void {
  const order = orderOf(parent);
  if (!order || !order.includes(key)) {
    map.items.push(doc.createPair(key, node));
    return;
  }
  const before = (other: string): boolean => {
    const theirs = order.indexOf(other);
    return theirs !== -1 && theirs < order.indexOf(key);
  };
  let at = 0;
  map.items.forEach((p, i) => {
    if (before(keyName(p.key))) at = i + 1;
  });
  map.items.splice(at, 0, doc.createPair(key, node));
}

function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => (typeof v === 'string' ? v.trim() : Array.isArray(v) ? v.map(norm) : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** The map at `path`, made (empty, in block style, at its ordered place) where it is missing. */
function mapAt(doc: Document, path: readonly string[]): YAMLMap {
  let map = doc.contents as YAMLMap;
  for (let depth = 0; depth < path.length; depth++) {
    const key = path[depth]!;
    let next: unknown = map.get(key, true);
    if (next === undefined) {
      const created = doc.createNode({}) as YAMLMap;
      created.flow = false;
      insertKey(doc, map, path.slice(0, depth), key, created);
      next = created;
    }
    if (!isMap(next)) throw new Error(`${path.slice(0, depth + 1).join('.')} is not a map in this file; fix it by hand first`);
    map = next;
  }
  return map;
}

/** Removes `path` and then every map above it that the removal left empty (an empty `answer:` means nothing). */
function removeAt(doc: Document, path: FieldPath): boolean {
  if (doc.getIn(path) === undefined) return false;
  doc.deleteIn(path);
  for (let depth = path.length - 1; depth >= 1; depth--) {
    const parent = doc.getIn(path.slice(0, depth));
    if (!isMap(parent) || parent.items.length > 0) break;
    doc.deleteIn(path.slice(0, depth));
  }
  return true;
}

/**
 * The yaml library moves a comment written after a key (`GM0344:   # Utrecht`) to a line of its own
 * under the key when it writes the file. Put such comments back where the volunteer wrote them.
 */
function keepKeyComments(original: string, written: string): string {
  const byKey = new Map<string, string>();
  for (const line of original.split('\n')) {
    const m = /^(\s*[^\s#][^#]*?:)\s+(#.*)$/.exec(line);
    if (m && !/:\s*[|>]/.test(m[1]!)) byKey.set(`${m[1]}\u0000${m[2]!.trimEnd()}`, line);
  }
  if (byKey.size === 0) return written;
  const lines = written.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const joined = i + 1 < lines.length ? byKey.get(`${lines[i]}\u0000${lines[i + 1]!.trim()}`) : undefined;
    if (joined !== undefined) {
      out.push(joined);
      i++;
    } else out.push(lines[i]!);
  }
  return out.join('\n');
}

/**
 * Applies field changes to a knowledge file's text. New keys go to their usual place (languages in uk,
 * ru, nl, en order, fields in FIELD_ORDER, a new municipality last) and nothing else moves; a map
 * left empty is removed.
 */
export function applyChanges(source: string, changes: readonly FieldChange[]): string {
  const doc = parseDocument(source, { keepSourceTokens: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) throw new Error('the file is not a YAML map; fix it by hand first');
  let touched = false;
  for (const { path, value } of changes) {
    if (value === undefined) {
      touched = removeAt(doc, path) || touched;
      continue;
    }
    const current: unknown = doc.getIn(path);
    const currentJs = current && typeof current === 'object' && 'toJSON' in current ? (current as { toJSON(): unknown }).toJSON() : current;
    if (sameValue(currentJs, value)) continue;
    const parent = path.slice(0, -1);
    const container = mapAt(doc, parent);
    const key = path[path.length - 1]!;
    const existing = container.get(key, true);
    const node = styled(doc, path, value);
    if (isScalar(existing) && isScalar(node) && existing.type === Scalar.BLOCK_LITERAL) node.type = Scalar.BLOCK_LITERAL;
    if (existing === undefined) insertKey(doc, container, parent, key, node);
    else container.set(key, node);
    touched = true;
  }
  return touched ? keepKeyComments(source, doc.toString(TO_STRING)) : source;
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
