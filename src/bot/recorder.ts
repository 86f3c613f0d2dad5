/** Where the conversation's side effects go: the volunteers' inbox, feedback counts, metrics. */
import type { Language } from '../knowledge/languages';
import type { ChannelName } from '../messages';
import type { Outcome } from '../assistant/assistant';

export interface ConversationRecorder {
  /** A question the bot could not answer, or one whose answer got 👎 (scrubbed by the store). */
  question(text: string, language: Language, reason: 'unanswered' | 'not-helpful', answerId?: string): void;
  feedback(answerId: string, helpful: boolean): void;
  outcome(channel: ChannelName, outcome: Outcome): void;
  rateLimited(channel: ChannelName): void;
  /** A turn's state was not saved: another turn changed or deleted it meanwhile. */
  stateConflict?(): void;
}
