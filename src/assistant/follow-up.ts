/**
 * Short follow-ups ("а скільки?", "а на дітей?", "en voor kinderen?", "and for children?") mean little on
 * their own: read alone they reach no entry, or a wrong one with confidence ("children" is in the family
 * reunification phrasings). They are read together with the question that led to the last answer, and
 * the answer stays within that answer's topic: the entry of the topic that answers it, or a "did you
 * mean" over the topic's entries.
 */
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { hasMoreWordsThan, normalise, tokenize } from '../search/normalise';
import type { Resolution } from './resolve';

/** Words (one or two) that open a follow-up in our four languages: "and …?", "but …?", "what about …?". */
const OPENERS = new Set(
  [
    'а', 'і', 'й', 'и', 'та', 'також', 'ще', 'але', 'тоже', 'также', 'ещё', 'еще', 'но',
    'а як', 'а що', 'а чи', 'а якщо', 'а что', 'а если', 'а как', 'и ещё', 'и еще',
    'and', 'but', 'also', 'what about', 'how about', 'what if', 'en', 'maar', 'ook', 'wat als', 'en als',
  ],
);
/** A follow-up is a few words at most; anything longer carries its own topic. */
const MAX_WORDS = 5;

export interface FollowUpContext {
  lastAnswerId: string;
  lastQuestion: string;
}

/** True for a message shaped like a follow-up: short, and opening with "and/but/also" or very short. */
export function followUpShape(raw: string): { opener: boolean } | undefined {
  if (hasMoreWordsThan(raw, MAX_WORDS)) return undefined;
  const words = tokenize(normalise(raw));
  if (words.length === 0 || words.length > MAX_WORDS) return undefined;
  const opener = OPENERS.has(words[0]!) || OPENERS.has(words.slice(0, 2).join(' '));
  return opener || words.length <= 3 ? { opener } : undefined;
}

const topicOf = (id: string) => id.slice(0, id.indexOf('.'));

const MAX_CHOICES = 3;

/**
 * What a follow-up resolves to, given its reading alone and its reading together with the last question.
 * Undefined when the message is better read on its own (a new short question with a confident answer).
 */
export function resolveFollowUp(
  knowledge: KnowledgeBase,
  context: FollowUpContext,
  shape: { opener: boolean },
  alone: Resolution,
  together: Resolution,
): Resolution | undefined {
  if (alone.kind === 'safety' && alone.via === 'check') return undefined;
  const topic = topicOf(context.lastAnswerId);
  const ranked = [...(together.kind === 'answer' || together.kind === 'safety' ? [together.id] : []), ...together.alternatives].filter((id) => knowledge.has(id));
  const inTopic = ranked.filter((id) => topicOf(id) === topic);
  const first = ranked[0];
  const firstInTopic = first !== undefined && topicOf(first) === topic;
  // A short new question with its own confident answer ("huisarts", "а де знайти лікаря?") is just that.
  if (alone.kind === 'answer' && (!shape.opener || !firstInTopic)) return undefined;
  if (firstInTopic && (together.kind === 'answer' || first === context.lastAnswerId)) {
    return { kind: 'answer', id: first, alternatives: ranked.filter((id) => id !== first).slice(0, MAX_CHOICES) };
  }
  if (inTopic.length === 0 && alone.kind === 'suggest') return undefined;
  const topicEntries = knowledge.entries.map((e) => e.id).filter((id) => topicOf(id) === topic);
  // Every id here is known: ranked was filtered above, the last answer by the caller, the rest are entries.
  const choices = [...new Set([...inTopic, context.lastAnswerId, ...topicEntries])];
  return { kind: 'suggest', alternatives: choices.slice(0, MAX_CHOICES) };
}
