/**
 * Groups the inbox so a volunteer sees each gap once, with how often it was asked.
 *
 * How two questions end up in one group:
 * - the same language: their content words (after the bot's own keyboard-layout and transliteration
 *   repair, function words dropped, stemmed as search stems them) overlap by at least half (Jaccard ≥ 0.5);
 *   identical wording is the special case of this;
 * - different languages: we have no translation, but the knowledge base is parallel in four languages, so
 *   the search is our dictionary: they go together when the search ranks the same entry first for both and
 *   that entry explains at least `ANCHOR_COVERAGE` of each question.
 * Groups are built around a leader (the most frequent wording, then the newest) and every question is
 * compared with leaders only, so a chain of small resemblances never glues unrelated questions together.
 * The leader's top entry is offered as the entry to add the question to.
 */
import type { Language } from '../knowledge/languages';
import type { SearchIndex } from '../search/search-index';
import { tokenize } from '../search/normalise';
import { isFunctionWord } from '../search/lexicon';
import { termOf } from '../search/terms';
import type { InboxItem } from '../storage/inbox-store';

const SAME_LANGUAGE_JACCARD = 0.5;
const ANCHOR_COVERAGE = 0.3;

export interface InboxGroup {
  leader: InboxItem;
  items: InboxItem[];
  /** The entry the search ranks first for the leader, when it explains enough of it. */
  suggestion?: string;
  languages: Language[];
  firstAt: number;
  lastAt: number;
  unanswered: number;
  notHelpful: number;
  /** Entries whose answers got 👎 for questions in this group. */
  answeredWith: string[];
}

interface Signature {
  terms: Set<string>;
  anchor?: string;
}

const cache = new WeakMap<SearchIndex, Map<string, Signature>>();

function signature(index: SearchIndex, item: InboxItem): Signature {
  let perIndex = cache.get(index);
  if (!perIndex) {
    perIndex = new Map();
    cache.set(index, perIndex);
  }
  const key = `${item.language}\u0000${item.normalised}`;
  const known = perIndex.get(key);
  if (known) return known;
  const result = index.search(item.text, { languageHint: item.language });
  const terms = new Set(
    tokenize(result.text)
      .filter((t) => /\p{L}/u.test(t) && !isFunctionWord(t))
      .map(termOf),
  );
  const top = result.ranked[0];
  const sig: Signature = { terms, ...(top && top.coverage >= ANCHOR_COVERAGE ? { anchor: top.id } : {}) };
  if (perIndex.size > 20_000) perIndex.clear();
  perIndex.set(key, sig);
  return sig;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

function sameQuestion(a: InboxItem, sa: Signature, b: InboxItem, sb: Signature): boolean {
  if (a.normalised === b.normalised) return true;
  if (a.language === b.language) return sa.terms.size > 0 && jaccard(sa.terms, sb.terms) >= SAME_LANGUAGE_JACCARD;
  return sa.anchor !== undefined && sa.anchor === sb.anchor;
}

export function groupInbox(items: readonly InboxItem[], index: SearchIndex): InboxGroup[] {
  const frequency = new Map<string, number>();
  for (const item of items) frequency.set(item.normalised, (frequency.get(item.normalised) ?? 0) + 1);
  const ordered = [...items].sort((x, y) => (frequency.get(y.normalised) ?? 0) - (frequency.get(x.normalised) ?? 0) || y.createdAt - x.createdAt || y.id - x.id);

  const groups: Array<{ leader: InboxItem; sig: Signature; items: InboxItem[] }> = [];
  for (const item of ordered) {
    const sig = signature(index, item);
    const home = groups.find((g) => sameQuestion(g.leader, g.sig, item, sig));
    if (home) home.items.push(item);
    else groups.push({ leader: item, sig, items: [item] });
  }

  return groups
    .map(({ leader, sig, items: members }) => {
      const sorted = [...members].sort((x, y) => y.createdAt - x.createdAt);
      return {
        leader,
        items: sorted,
        ...(sig.anchor ? { suggestion: sig.anchor } : {}),
        languages: [...new Set(sorted.map((i) => i.language))],
        firstAt: Math.min(...sorted.map((i) => i.createdAt)),
        lastAt: Math.max(...sorted.map((i) => i.createdAt)),
        unanswered: sorted.filter((i) => i.reason === 'unanswered').length,
        notHelpful: sorted.filter((i) => i.reason === 'not-helpful').length,
        answeredWith: [...new Set(sorted.flatMap((i) => (i.answerId ? [i.answerId] : [])))],
      };
    })
    .sort((x, y) => y.items.length - x.items.length || y.lastAt - x.lastAt);
}
