/**
 * Telegram and WhatsApp let a person edit a message they sent. An edit is a new question when it changes
 * the words, so each message's words are remembered — as a keyed digest, never the text — and an edit is
 * answered only when its words are new for that message: an edit that changes nothing (a formatting
 * touch) and a second delivery of the same edit are not answered again.
 */
import { createHash } from 'node:crypto';
import { RecentIds } from './dedupe';

export interface MessageVersionsOptions {
  /** How long a message's words are remembered. Default a day: edits come soon after the message. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class MessageVersions {
  private readonly seen: RecentIds;

  constructor(options: MessageVersionsOptions = {}) {
    this.seen = new RecentIds({ ttlMs: options.ttlMs ?? 24 * 60 * 60 * 1000, maxEntries: options.maxEntries ?? 100_000, ...(options.now ? { now: options.now } : {}) });
  }

  /**
   * Records these words for the message and says whether they are new for it. `message` names the
   * message within the person's conversation (for an edit: the message edited); `userKey` is the
   * pseudonymous key, so nothing in memory points at a platform id or holds what was written.
   */
  firstTime(userKey: string, message: string, words: string): boolean {
    const digest = createHash('sha256').update(userKey).update('\u0000').update(message).update('\u0000').update(words).digest('base64url');
    return this.seen.firstTime(digest);
  }
}
