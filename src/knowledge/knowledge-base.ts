import type { KnowledgeEntry } from './schema';
import type { Language } from './languages';
import { Municipalities } from '../places/municipalities';

/** An immutable snapshot of every entry; a reload builds a new one and swaps it in whole. */
export class KnowledgeBase {
  readonly entries: readonly KnowledgeEntry[];
  private readonly byId: ReadonlyMap<string, KnowledgeEntry>;

  constructor(
    entries: readonly KnowledgeEntry[],
    /** Every Dutch municipality, for recognising where a person lives; empty when the list is absent. */
    readonly municipalities: Municipalities = new Municipalities(),
  ) {
    this.entries = Object.freeze([...entries].sort((a, b) => a.id.localeCompare(b.id)));
    this.byId = new Map(this.entries.map((e) => [e.id, e]));
  }

  get(id: string): KnowledgeEntry | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get size(): number {
    return this.entries.length;
  }
}

/** The answer text in `language`, or in the first language that has one, saying which. */
export function answerIn(
  entry: KnowledgeEntry,
  language: Language,
  fallbackOrder: readonly Language[],
): { text: string; language: Language } | undefined {
  for (const l of [language, ...fallbackOrder]) {
    const text = entry.answer[l];
    if (text) return { text, language: l };
  }
  return undefined;
}
