/** The transport and retry options every messenger API client takes, with the same defaults. */
import type { Logger } from 'pino';

export interface HttpClientOptions {
  logger?: Pick<Logger, 'warn'>;
  fetchImpl?: typeof fetch;
  /** Retries after the first attempt (on rate limits, server errors, connection errors). Default 3. */
  maxRetries?: number;
  /** A rate limit asking to wait longer than this fails at once instead of blocking the sender. Default 60. */
  maxRetryAfterSeconds?: number;
  /** Exponential backoff for server and connection errors: base × 2^attempt, at least half of it, capped. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Per request. Default 15 s. */
  requestTimeoutMs?: number;
  /** Jitter source in [0, 1), injectable for tests. */
  random?: () => number;
}

export const HTTP_CLIENT_DEFAULTS = Object.freeze({
  maxRetries: 3,
  maxRetryAfterSeconds: 60,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  requestTimeoutMs: 15_000,
});

export type HttpClientSettings = Readonly<Required<Omit<HttpClientOptions, 'logger'>> & Pick<HttpClientOptions, 'logger'>>;

export function httpClientSettings(options: HttpClientOptions): HttpClientSettings {
  return {
    logger: options.logger,
    fetchImpl: options.fetchImpl ?? fetch,
    maxRetries: options.maxRetries ?? HTTP_CLIENT_DEFAULTS.maxRetries,
    maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? HTTP_CLIENT_DEFAULTS.maxRetryAfterSeconds,
    backoffBaseMs: options.backoffBaseMs ?? HTTP_CLIENT_DEFAULTS.backoffBaseMs,
    backoffMaxMs: options.backoffMaxMs ?? HTTP_CLIENT_DEFAULTS.backoffMaxMs,
    requestTimeoutMs: options.requestTimeoutMs ?? HTTP_CLIENT_DEFAULTS.requestTimeoutMs,
    random: options.random ?? Math.random,
  };
}

export interface CallOptions {
  /** Aborts the request and any retry wait (e.g. the poller stopping). */
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * False for calls that must not take effect twice (sending a message): then a timeout or a connection
   * lost after the request may have reached the platform is not retried, because it may have acted on it.
   */
  idempotent?: boolean;
  /** Retries for this call instead of the client's `maxRetries` (the outbox passes 0: it retries itself). */
  maxRetries?: number;
}
