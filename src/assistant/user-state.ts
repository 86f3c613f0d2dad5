import { z } from 'zod';
import { LANGUAGES } from '../knowledge/languages';
import { MUNICIPALITY_CODE } from '../knowledge/schema';

/**
 * What the bot remembers about a person, under their pseudonymous key: only what features need.
 * Read back from storage, so it is validated like any other input.
 */
const userStateSchema = z.object({
  /** Chosen explicitly with /lang or a language button; wins over detection. */
  language: z.enum(LANGUAGES).optional(),
  /** The language of the last reply, for replies to button presses that carry no text. */
  lastLanguage: z.enum(LANGUAGES).optional(),
  /** The entry last answered, so 👍/👎 refer to it. */
  lastAnswerId: z.string().max(100).optional(),
  /** The question that led to it (scrubbed of personal data before storage), for a 👎 in the inbox. */
  lastQuestion: z.string().max(600).optional(),
  /** A question answered with "did you mean" (scrubbed before storage): it follows the choice made. */
  pendingQuestion: z.string().max(600).optional(),
  /** ISO time of the last message, for expiry. */
  lastSeen: z.string().max(40).optional(),
  greeted: z.boolean().optional(),
  /**
   * The municipality the person said they live in (its CBS code, nothing finer), for local parts of
   * answers. Only ever set by the person; deleted with everything else by /forget.
   */
  place: z.string().regex(MUNICIPALITY_CODE).optional(),
  /** The bot just asked where the person lives: their next message is read as a place first. */
  askingPlace: z.boolean().optional(),
});

export type UserState = z.infer<typeof userStateSchema>;

export function parseUserState(value: unknown): UserState {
  const parsed = userStateSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}
