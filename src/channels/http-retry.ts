/**
 * The retry mechanics the messenger API clients share. Which answers are refusals, rate limits or server
 * errors stays with each client: those are platform rules.
 */

/** Connection errors raised before a request could reach the server: safe to retry for any call. */
const CONNECT_ERRORS: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export type NetworkFailure = 'network' | 'timeout' | 'aborted' | 'bad-response';

/** What every client's "no usable answer" error carries. */
export interface NoAnswer {
  readonly reason: NetworkFailure;
  /** HTTP status when there was a response; the low-level error code (ECONNREFUSED…) otherwise. */
  readonly detail?: { status?: number; code?: string };
}

/**
 * Whether a request that got no usable answer may be sent again. A 5xx page (from a proxy) means the
 * request did not reach the API; a 2xx we cannot read may have acted. A timeout or a connection lost after
 * the request left may have acted too, so those are retried only for calls that may take effect twice.
 */
export function noAnswerRetryable(failure: NoAnswer, idempotent: boolean): boolean {
  switch (failure.reason) {
    case 'aborted':
      return false;
    case 'bad-response':
      return (failure.detail?.status ?? 0) >= 500;
    case 'timeout':
      return idempotent;
    case 'network':
      return idempotent || CONNECT_ERRORS.has(failure.detail?.code ?? '');
  }
}

/** "Equal jitter" on base × 2^attempt, capped: at least half of it, so retries for many people spread out. */
export function backoffMs(baseMs: number, maxMs: number, attempt: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Seconds from a Retry-After header (a number of seconds; HTTP dates are rare from APIs and ignored). */
export function parseRetryAfter(header: string | null): number | undefined {
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/** The socket error's code (ECONNREFUSED…) behind a failed fetch, if any. */
export function lowLevelCode(error: unknown): string | undefined {
  // undici wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }). Read
  // structurally: `instanceof Error` fails for errors made in another realm (vm contexts, test runners).
  const { code, cause } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; cause?: { code?: unknown } };
  if (typeof cause?.code === 'string') return cause.code;
  return typeof code === 'string' ? code : undefined;
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Milliseconds to wait before the next attempt, or undefined when the error is final. */
  delayMs: (error: unknown, attempt: number) => number | undefined;
  /** Told before each wait, for a log line; `attempt` counts from 0. */
  onRetry: (error: unknown, attempt: number, delayMs: number) => void;
  /** Waits between attempts; rejects to stop retrying (the caller aborted). */
  wait: (ms: number) => Promise<void>;
}

/** Runs `attempt` until it succeeds, the policy calls an error final, or the retries are used up. */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      // The delay is not asked for once retries are used up: it may draw jitter, and tests inject that.
      const delayMs = tries >= policy.maxRetries ? undefined : policy.delayMs(error, tries);
      if (delayMs === undefined) throw error;
      policy.onRetry(error, tries, delayMs);
      await policy.wait(delayMs);
    }
  }
}
