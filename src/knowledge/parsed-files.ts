/**
 * Knowledge files already read, by name and exact text. A volunteer's save reloads the folder, and the
 * folder's watcher reloads it again a moment later; parsing YAML is most of a reload (76 files, about
 * half a second), so a file whose text has not changed since it was last read is not parsed again.
 *
 * Only files that parsed without a problem are kept, and only their entry: the YAML document that gives
 * line numbers is read again on the rare occasion a later check needs a line. Entries are frozen, since
 * one object is now shared by every reload that reads the same text.
 */
import { parseEntry, type ParsedEntry } from './parse-entry';

interface Kept {
  source: string;
  entry: NonNullable<ParsedEntry['entry']>;
}

/** More files than any knowledge base holds; the map is emptied when full, so it cannot grow without end. */
const MAX_FILES = 2_000;

export class ParsedFiles {
  private readonly kept = new Map<string, Kept>();

  /**
   * What `parseEntry(file, source)` gives, without parsing when this text of this file was read before.
   * @param key where the file is (an absolute path): `file` is only the name problems show
   */
  parse(key: string, file: string, source: string): ParsedEntry {
    const hit = this.kept.get(key);
    if (hit && hit.source === source) {
      let full: ParsedEntry | undefined;
      return { entry: hit.entry, problems: [], lineOf: (at) => (full ??= parseEntry(file, source)).lineOf(at) };
    }
    const parsed = parseEntry(file, source);
    if (parsed.entry && parsed.problems.length === 0) {
      if (this.kept.size >= MAX_FILES) this.kept.clear();
      this.kept.set(key, { source, entry: deepFreeze(parsed.entry) });
    } else {
      this.kept.delete(key);
    }
    return parsed;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
