/**
 * Decides which entry (if any) a question gets, before anything is worded: the safety check first,
 * then search and its confidence policy.
 */
import type { Language } from '../knowledge/languages';
import type { SearchIndex, SearchResult } from '../search/search-index';
import { MAX_MESSAGE_CHARS, normalise, tokenize } from '../search/normalise';
import { safetyEntryFor, SAFETY_IDS } from './safety';
import { askingSentences } from '../search/asked-part';

export type Resolution =
  /** `via`: the safety check found danger in the words ('check'), or only the ranking put a safety entry first. */
  | { kind: 'safety'; id: string; alternatives: string[]; via: 'check' | 'ranking' }
  /** `also`: a message that asks two things ("How do I get a DigiD? And child benefit?") gets both answers. */
  | { kind: 'answer'; id: string; alternatives: string[]; also?: string }
  | { kind: 'suggest'; alternatives: string[] }
  | { kind: 'none'; alternatives: string[] };

export interface Resolved {
  resolution: Resolution;
  language: Language;
  languageConfident: boolean;
  search: SearchResult;
}

const MAX_SUGGESTIONS = 3;

/**
 * Danger is found by the safety check (phrases and cue scores over the words). The ranking alone puts a
 * safety entry first for everyday messages that share a word or two with its phrasings ("спасибо
 * большое" and a farewell, "driving licence" and a confiscated passport); a safety answer then frightens
 * and leaves the question unanswered. So a safety entry the ranking puts first is answered only when the
 * search is confident; otherwise it is the first "did you mean" choice, where one tap still reaches it.
 */

export function resolveQuestion(index: SearchIndex, question: string, languageHint?: Language): Resolved {
  const search = index.search(question, languageHint ? { languageHint } : {});
  const base = { language: search.language, languageConfident: search.languageConfident, search };
  const ids = search.ranked.map((r) => r.id).filter((id) => index.knowledge.has(id));

  // Search reads a long message in part (search/query-part.ts); the safety check reads all of it.
  // A message in Latin letters is read both as Ukrainian and as Russian: search needs one reading, the
  // safety check must not miss the other.
  const latin = search.repair === 'translit' ? index.transliterations(question.slice(0, MAX_MESSAGE_CHARS)) : [];
  const safety = safetyEntryFor([search.text, normalise(question, MAX_MESSAGE_CHARS), ...latin]) ?? misspeltSafety(index, search);
  if (safety && index.knowledge.has(safety)) {
    return { ...base, resolution: { kind: 'safety', id: safety, alternatives: ids.filter((id) => id !== safety).slice(0, MAX_SUGGESTIONS), via: 'check' } };
  }
  const top = search.ranked[0];
  if (top && SAFETY_IDS.includes(top.id) && search.decision === 'answer') {
    return { ...base, resolution: { kind: 'safety', id: top.id, alternatives: ids.slice(1, 1 + MAX_SUGGESTIONS), via: 'ranking' } };
  }
  const two = search.decision === 'none' ? undefined : twoQuestions(index, question, languageHint, ids);
  if (two) return { ...base, resolution: { kind: 'answer', id: two[0], also: two[1], alternatives: ids.filter((id) => !two.includes(id)).slice(0, MAX_SUGGESTIONS) } };
  switch (search.decision) {
    case 'answer':
      if (!singleWordAnswers(index, search.text, ids[0]!)) return { ...base, resolution: { kind: 'suggest', alternatives: ids.slice(0, MAX_SUGGESTIONS) } };
      return { ...base, resolution: { kind: 'answer', id: ids[0]!, alternatives: ids.slice(1, 1 + MAX_SUGGESTIONS) } };
    case 'suggest':
      return { ...base, resolution: { kind: 'suggest', alternatives: ids.slice(0, MAX_SUGGESTIONS) } };
    default:
      return { ...base, resolution: { kind: 'none', alternatives: [] } };
  }
}

/**
 * "How do I get a DigiD? And can I then apply for child benefit?": when two sentences each ask, and each
 * alone points to a different entry that the whole message also ranks among its first, one of them with
 * confidence, both answers are given (at most two), the one the whole message ranks higher first.
 */
const TWO_QUESTIONS_RANK = 4;
function twoQuestions(index: SearchIndex, question: string, languageHint: Language | undefined, ids: readonly string[]): [string, string] | undefined {
  const asking = askingSentences(question);
  if (asking.length !== 2) return undefined;
  const found: string[] = [];
  let sure = 0;
  for (const sentence of asking) {
    const alone = index.search(sentence, languageHint ? { languageHint } : {});
    const id = alone.ranked[0]?.id;
    if (alone.decision === 'none' || !id || SAFETY_IDS.includes(id) || !ids.slice(0, TWO_QUESTIONS_RANK).includes(id)) return undefined;
    if (alone.decision === 'answer') sure++;
    found.push(id);
  }
  // A second sentence is often vague alone ("and can I travel with it?"): one sure reading is enough
  // when the whole message ranks the other's entry near the top too.
  if (sure === 0) return undefined;
  const [a, b] = found as [string, string];
  if (a === b) return undefined;
  return ids.indexOf(a) <= ids.indexOf(b) ? [a, b] : [b, a];
}

/**
 * A misspelt message about danger ("чоловік мене бьє і погражує"): the safety check reads it with its
 * words put right. Correcting towards a small vocabulary also turns real words into others ("growing"
 * into "groping"), so the correction counts only when the search, which weighs the whole message, has
 * that safety entry among its first five candidates too.
 */
const MISSPELT_SAFETY_RANK = 5;
function misspeltSafety(index: SearchIndex, search: SearchResult): string | undefined {
  const corrected = index.spellingReading(search.text);
  if (corrected === search.text) return undefined;
  // Read beside the words as typed, on a line of their own (no phrase runs across): a correction may
  // also turn away a word that says the danger is another one ("там бомблять": home is Ukraine at war).
  const id = safetyEntryFor([`${corrected}\n${search.text}`]);
  return id && search.ranked.slice(0, MISSPELT_SAFETY_RANK).some((r) => r.id === id) ? id : undefined;
}

/**
 * One word alone is answered directly only when it is a term of the entry that people use whatever their
 * language — a keyword in two languages or more ("huisarts", "BSN", "leefgeld", "DigiD"). An everyday
 * word ("body", "лікар") is offered as "did you mean": it may come from anything, even a pasted field name.
 */
function singleWordAnswers(index: SearchIndex, text: string, id: string): boolean {
  const words = tokenize(text);
  if (words.length !== 1) return true;
  const entry = index.knowledge.get(id);
  if (!entry?.keywords) return false;
  const languages = Object.values(entry.keywords).filter((list) => list?.some((k) => normalise(k) === words[0]));
  return languages.length >= 2;
}

/** The entry the bot answers with, or null (did-you-mean and "I don't know" answer with no entry). */
export function answeredId(r: Resolution): string | null {
  return r.kind === 'safety' || r.kind === 'answer' ? r.id : null;
}
