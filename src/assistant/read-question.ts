/**
 * How a question is read: the safety check, the search and the confidence policy (resolve.ts), and
 * whether the message is a greeting or a thank-you. Pure and dependent only on the text, the language
 * hint and the index, so it is what the question cache keeps and what a search worker thread computes
 * (src/workers/) — the same function in either place.
 */
import type { Language } from '../knowledge/languages';
import type { SearchIndex } from '../search/search-index';
import { resolveQuestion } from './resolve';
import { isGreeting, isThanks } from './chat-phrases';
import type { QuestionReading } from './question-cache';

export function readQuestion(index: SearchIndex, raw: string, hint: Language | undefined): QuestionReading {
  const resolved = resolveQuestion(index, raw, hint);
  const read = resolved.search.text; // "ghbdsn" is "привіт" typed on the wrong layout
  return {
    resolution: resolved.resolution,
    language: resolved.language,
    languageConfident: resolved.languageConfident,
    greeting: isGreeting(raw) || isGreeting(read),
    thanks: isThanks(raw) || isThanks(read),
  };
}
