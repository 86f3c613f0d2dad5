/**
 * What a change changed, as the audit log and the review queue name it: "answer.uk, places.GM0344.uk,
 * counter.text.nl". A volunteer scanning the history sees which language of which part was touched.
 */
import { LANGUAGES } from '../knowledge/languages';
import type { KnowledgeEntry } from '../knowledge/schema';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Field paths that differ between two versions of an entry, e.g. "answer.uk, questions.uk". */
export function changedFields(before: KnowledgeEntry | undefined, after: KnowledgeEntry | undefined): string[] {
  if (!before || !after) return [];
  const out: string[] = [];
  for (const field of ['reviewed', 'sources', 'related'] as const) if (!same(before[field], after[field])) out.push(field);
  for (const field of ['questions', 'keywords', 'answer', 'translated'] as const) {
    for (const l of LANGUAGES) if (!same(before[field]?.[l], after[field]?.[l])) out.push(`${field}.${l}`);
  }
  const codes = [...new Set([...Object.keys(before.places ?? {}), ...Object.keys(after.places ?? {})])].sort();
  for (const code of codes) {
    const was = before.places?.[code];
    const now = after.places?.[code];
    if (!was || !now) {
      if (was || now) out.push(`places.${code} ${now ? 'added' : 'removed'}`);
      continue;
    }
    for (const field of ['reviewed', 'sources'] as const) if (!same(was[field], now[field])) out.push(`places.${code}.${field}`);
    for (const l of LANGUAGES) if (!same(was.answer[l], now.answer[l])) out.push(`places.${code}.${l}`);
  }
  for (const part of ['ask', 'text'] as const) {
    for (const l of LANGUAGES) if (!same(before.counter?.[part]?.[l], after.counter?.[part]?.[l])) out.push(`counter.${part}.${l}`);
  }
  return out;
}
