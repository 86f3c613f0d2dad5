import type { Logger } from '../logger';
import type { ScryptCost } from '../admin/passwords';

/** What a caller may tune when it puts the application together (`main.ts` takes the defaults; tests shorten them). */
export interface AppOptions {
  logger?: Logger;
  /** Outbox pacing for Telegram (tests use 0). */
  telegramPacing?: { perChatIntervalMs: number; globalPerSecond: number };
  /** Outbox pacing for WhatsApp (tests use 0). */
  whatsappPacing?: { perRecipientIntervalMs: number; globalPerSecond: number };
  /** Outbox pacing for Viber (tests use 0). */
  viberPacing?: { perChatIntervalMs: number; globalPerSecond: number };
  /**
   * Backoff of replies a messenger API did not take for a passing reason (down, 5xx, rate limit): every
   * outbox keeps them and tries again after base × 2^n ms with jitter, at most `maxMs` apart (default 1 s
   * and 60 s; tests use a few ms).
   */
  outboxRetry?: { baseMs?: number; maxMs?: number; random?: () => number };
  /**
   * How long a write waits for a database another process has locked (default 250 ms; start-up
   * migrations keep the longer timeout of openDatabase), and how long writes are then skipped without
   * waiting (default 2 s), so a locked database does not stall every turn.
   */
  storage?: { busyTimeoutMs?: number; lockCoolDownMs?: number; flushMs?: number };
  /**
   * How the instance notices knowledge changed elsewhere: fs.watch on the folder (default on; tests turn
   * it off to show that instances on PostgreSQL keep together without it) and how often the shared save
   * counter is read (default 5 s).
   */
  knowledge?: { watch?: boolean; pollMs?: number };
  /**
   * The scrypt cost of the volunteers' password hashes (default SCRYPT_COST, OWASP's minimum). Only in
   * code, never from the environment: tests whose subject is not hashing pass a cheap cost, as each
   * sign-in at the real one takes 0.4–0.8 s of CPU.
   */
  passwordCost?: ScryptCost;
}

/** The application cannot start as configured (e.g. the knowledge base has errors); `main.ts` prints it and exits. */
export class StartupError extends Error {}
