/**
 * A small client for Viber's REST Bot API (`/pa/<method>`): typed methods, bounded retries, request
 * timeouts, and two error classes — `ViberApiError` (Viber answered and said no) and `ViberNetworkError`
 * (no usable answer). The auth token travels in a header and is never logged; error texts are redacted.
 *
 * Viber answers HTTP 200 with `{status, status_message}`; `status` 0 is success. Retried: status 12
 * (tooManyRequests), HTTP 429 (honouring Retry-After) and 5xx, with exponential backoff. send_message is
 * never retried after a timeout or a dropped connection, because Viber may already have delivered it.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ViberMessageBody } from './render';

export interface ViberBotApiOptions {
  authToken: string;
  /** Default the real API; tests point it at a local fake (VIBER_API_ROOT). */
  apiRoot?: string;
  logger?: Pick<Logger, 'warn'>;
  fetchImpl?: typeof fetch;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** A Retry-After longer than this fails at once instead of blocking the sender. Default 60. */
  maxRetryAfterSeconds?: number;
  /** Exponential backoff: base × 2^attempt, at least half of it, capped. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Per request. Default 15 s. */
  requestTimeoutMs?: number;
  /** Jitter source in [0, 1), injectable for tests. */
  random?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** False for calls that must not take effect twice (send_message); see the file comment. */
  idempotent?: boolean;
  /** Retries for this call instead of the client's `maxRetries` (the outbox passes 0: it retries itself). */
  maxRetries?: number;
}

const DEFAULTS = Object.freeze({
  apiRoot: 'https://chatapi.viber.com',
  maxRetries: 3,
  maxRetryAfterSeconds: 60,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  requestTimeoutMs: 15_000,
});

/** Viber refuses requests over 30 KB; checked before sending so the error says why. */
export const MAX_REQUEST_BYTES = 30 * 1024;

/** Viber's status codes we act on (the rest are reported with their status_message). */
export const VIBER_STATUS = Object.freeze({
  ok: 0,
  invalidUrl: 1,
  invalidAuthToken: 2,
  badData: 3,
  missingData: 4,
  receiverNotRegistered: 5,
  receiverNotSubscribed: 6,
  publicAccountBlocked: 7,
  publicAccountNotFound: 8,
  publicAccountSuspended: 9,
  webhookNotSet: 10,
  receiverNoSuitableDevice: 11,
  tooManyRequests: 12,
  apiVersionNotSupported: 13,
});

/** Errors after which nothing more can reach this person (they left, or never were on Viber). */
export const RECEIVER_GONE: ReadonlySet<number> = new Set([VIBER_STATUS.receiverNotRegistered, VIBER_STATUS.receiverNotSubscribed]);

const ACCOUNT_UNUSABLE: ReadonlySet<number> = new Set([VIBER_STATUS.publicAccountBlocked, VIBER_STATUS.publicAccountNotFound, VIBER_STATUS.publicAccountSuspended]);

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const envelope = z.object({ status: z.number().int(), status_message: z.string().optional() });

export interface SendMessageParams extends ViberMessageBody {
  /** The raw Viber user id: in memory for the request only, never logged. */
  receiver: string;
}

export interface SetWebhookParams {
  url: string;
  /** Without it Viber sends every event; `message` and the subscription events always come. */
  event_types?: string[];
  /** False: Viber then leaves the person's name (and photo) out of callbacks — we have no use for them. */
  send_name?: boolean;
  send_photo?: boolean;
}

/** Viber answered, and the answer was "no" (a non-zero status, or an HTTP error). */
export class ViberApiError extends Error {
  override readonly name = 'ViberApiError';

  constructor(
    readonly method: string,
    /** Viber's status (12 = tooManyRequests…); -1 when the HTTP answer carried none. */
    readonly status: number,
    readonly statusMessage: string,
    readonly httpStatus: number,
    /** Seconds from a Retry-After header. */
    readonly retryAfter?: number,
  ) {
    super(`Viber ${method} failed: status ${status} ${statusMessage} (HTTP ${httpStatus}) — ${advice(status, httpStatus)}`);
  }
}

export type NetworkFailure = 'network' | 'timeout' | 'aborted' | 'bad-response';

/** No usable answer from Viber: unreachable, too slow, aborted by us, or not the API's JSON. */
export class ViberNetworkError extends Error {
  override readonly name = 'ViberNetworkError';

  constructor(
    readonly method: string,
    readonly reason: NetworkFailure,
    message: string,
    readonly detail?: { status?: number; code?: string },
  ) {
    super(message);
  }
}

function advice(status: number, httpStatus: number): string {
  if (status === VIBER_STATUS.invalidAuthToken) return 'the auth token is wrong or was replaced; copy it again from the Viber Admin Panel into VIBER_AUTH_TOKEN';
  if (RECEIVER_GONE.has(status)) return 'the person unsubscribed or is not on Viber; nothing can be sent to them';
  if (status === VIBER_STATUS.tooManyRequests || httpStatus === 429) return 'Viber asked to slow down (also: at most 100 messages a person may get per hour without answering)';
  if (status === VIBER_STATUS.invalidUrl) return 'Viber could not reach the webhook URL; it must be https with a certificate from a trusted CA, and answer 200';
  if (status === VIBER_STATUS.badData || status === VIBER_STATUS.missingData) return 'Viber refused the request body; this is a bug in the Viber renderer';
  if (ACCOUNT_UNUSABLE.has(status)) {
    return 'the bot account is blocked, suspended or unknown; see the Viber Admin Panel';
  }
  if (status === VIBER_STATUS.webhookNotSet) return 'no webhook is set; set VIBER_REGISTER_WEBHOOK=true or register it with curl (see the README)';
  if (httpStatus >= 500) return 'Viber had a server error; it usually passes';
  return 'see the Viber REST Bot API error codes';
}

export class ViberBotApi {
  private readonly token: string;
  private readonly apiRoot: string;
  private readonly logger: Pick<Logger, 'warn'> | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly maxRetries: number;
  private readonly maxRetryAfterSeconds: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly requestTimeoutMs: number;
  private readonly random: () => number;

  constructor(options: ViberBotApiOptions) {
    if (!/^[\x21-\x7e]+$/.test(options.authToken)) throw new Error('ViberBotApi: the auth token must be visible ASCII characters; copy it again from the Viber Admin Panel');
    const apiRoot = (options.apiRoot ?? DEFAULTS.apiRoot).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]+/.test(apiRoot)) throw new Error(`ViberBotApi: apiRoot must be an http(s) URL, got "${apiRoot}"`);
    this.token = options.authToken;
    this.apiRoot = apiRoot;
    this.logger = options.logger;
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.maxRetries = options.maxRetries ?? DEFAULTS.maxRetries;
    this.maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? DEFAULTS.maxRetryAfterSeconds;
    this.backoffBaseMs = options.backoffBaseMs ?? DEFAULTS.backoffBaseMs;
    this.backoffMaxMs = options.backoffMaxMs ?? DEFAULTS.backoffMaxMs;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
    this.random = options.random ?? Math.random;
  }

  /** Calls `/pa/<method>` with retries; resolves with Viber's answer (status 0). */
  async call(method: string, params: object, options: CallOptions = {}): Promise<Record<string, unknown>> {
    if (!/^[a-z_]+$/.test(method)) throw new Error(`ViberBotApi: "${method}" is not a Viber API method name`);
    const body = JSON.stringify(params);
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes > MAX_REQUEST_BYTES) throw new Error(`ViberBotApi: the ${method} request is ${bytes} bytes; Viber accepts at most ${MAX_REQUEST_BYTES}`);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(method, body, options);
      } catch (error) {
        const delayMs = attempt >= (options.maxRetries ?? this.maxRetries) ? undefined : this.retryDelay(error, attempt, options.idempotent ?? true);
        if (delayMs === undefined) throw error;
        this.logger?.warn({ method, attempt: attempt + 1, delayMs, error: errorText(error) }, 'viber: call failed, retrying');
        await abortableSleep(delayMs, options.signal, method);
      }
    }
  }

  /** Not retried when Viber may already have delivered it (see `CallOptions.idempotent`). */
  async sendMessage(params: SendMessageParams, options: CallOptions = {}): Promise<void> {
    await this.call('send_message', params, { idempotent: false, ...options });
  }

  /** Viber calls the URL with a `webhook` event before it answers, so the server must already listen. */
  async setWebhook(params: SetWebhookParams, options: CallOptions = {}): Promise<string[]> {
    const answer = await this.call('set_webhook', params, options);
    const events = z.array(z.string()).safeParse(answer.event_types);
    return events.success ? events.data : [];
  }

  /** Milliseconds to wait before the next attempt, or undefined when the error is final. */
  private retryDelay(error: unknown, attempt: number, idempotent: boolean): number | undefined {
    if (error instanceof ViberApiError) {
      const retryable = error.status === VIBER_STATUS.tooManyRequests || error.httpStatus === 429 || error.httpStatus >= 500;
      if (!retryable) return undefined;
      if (error.retryAfter !== undefined) return error.retryAfter <= this.maxRetryAfterSeconds ? error.retryAfter * 1000 : undefined;
      return this.backoff(attempt);
    }
    if (error instanceof ViberNetworkError) {
      switch (error.reason) {
        case 'aborted':
          return undefined;
        case 'bad-response':
          return (error.detail?.status ?? 0) >= 500 ? this.backoff(attempt) : undefined;
        case 'timeout':
          return idempotent ? this.backoff(attempt) : undefined;
        case 'network':
          return idempotent || CONNECT_ERRORS.has(error.detail?.code ?? '') ? this.backoff(attempt) : undefined;
      }
    }
    return undefined;
  }

  /** "Equal jitter": at least half the exponential delay, so retries for many people spread out. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** attempt);
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
  }

  private async attempt(method: string, body: string, options: CallOptions): Promise<Record<string, unknown>> {
    const outer = options.signal;
    if (outer?.aborted) throw new ViberNetworkError(method, 'aborted', `Viber ${method} was aborted`);
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forwardAbort = (): void => controller.abort();
    outer?.addEventListener('abort', forwardAbort, { once: true });
    const failure = (error: unknown, status?: number): ViberNetworkError => {
      if (outer?.aborted) return new ViberNetworkError(method, 'aborted', `Viber ${method} was aborted`);
      if (timedOut) return new ViberNetworkError(method, 'timeout', `Viber did not answer ${method} within ${timeoutMs} ms`, { status });
      const code = lowLevelCode(error);
      return new ViberNetworkError(method, 'network', this.redact(`Could not reach Viber for ${method} (${code ?? 'connection failed'}): check the network and VIBER_API_ROOT`), {
        status,
        code,
      });
    };

    try {
      let response: Response;
      try {
        response = await this.fetchImpl(`${this.apiRoot}/pa/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-viber-auth-token': this.token },
          body,
          signal: controller.signal,
        });
      } catch (error) {
        throw failure(error);
      }
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      let json: unknown;
      try {
        json = await response.json();
      } catch (error) {
        if (outer?.aborted || timedOut) throw failure(error, response.status);
        json = undefined;
      }
      const answer = envelope.safeParse(json);
      if (!response.ok) {
        // 429 and 5xx often come from a proxy in front of Viber, without Viber's JSON.
        const status = answer.success ? answer.data.status : -1;
        throw new ViberApiError(method, status, this.redact(answer.success ? (answer.data.status_message ?? '') : `HTTP ${response.status}`), response.status, retryAfter);
      }
      if (!answer.success) {
        throw new ViberNetworkError(method, 'bad-response', `Viber answered ${method} with HTTP ${response.status} and no Viber API JSON`, { status: response.status });
      }
      if (answer.data.status !== VIBER_STATUS.ok) {
        throw new ViberApiError(method, answer.data.status, this.redact(answer.data.status_message ?? 'no status_message'), response.status, retryAfter);
      }
      return json as Record<string, unknown>;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forwardAbort);
    }
  }

  private redact(text: string): string {
    return text.split(this.token).join('<token>');
  }
}

/**
 * Whether a failed send_message may be tried again because Viber surely did not act on it: status 12
 * (tooManyRequests), HTTP 429 (with the wait asked for), a 5xx, or a connection that never reached Viber.
 * Undefined when the failure is final — a refusal (5/6 receiver gone, bad data…), or a timeout or lost
 * connection after the request left, when Viber may have delivered and a retry could send it twice.
 */
export function retryableSendFailure(error: unknown): { retryAfterMs: number } | undefined {
  if (error instanceof ViberApiError) {
    const retryable = error.status === VIBER_STATUS.tooManyRequests || error.httpStatus === 429 || error.httpStatus >= 500;
    return retryable ? { retryAfterMs: (error.retryAfter ?? 0) * 1000 } : undefined;
  }
  if (error instanceof ViberNetworkError) {
    if (error.reason === 'bad-response') return (error.detail?.status ?? 0) >= 500 ? { retryAfterMs: 0 } : undefined;
    if (error.reason === 'network') return CONNECT_ERRORS.has(error.detail?.code ?? '') ? { retryAfterMs: 0 } : undefined;
  }
  return undefined;
}

/** Seconds from a Retry-After header (a number of seconds; HTTP dates are rare from APIs and ignored). */
function parseRetryAfter(header: string | null): number | undefined {
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

function lowLevelCode(error: unknown): string | undefined {
  // undici wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  const { code, cause } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; cause?: { code?: unknown } };
  if (typeof cause?.code === 'string') return cause.code;
  return typeof code === 'string' ? code : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Waits `ms`, or rejects with an 'aborted' ViberNetworkError as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined, method = 'wait'): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = (): ViberNetworkError => new ViberNetworkError(method, 'aborted', `Viber ${method} was aborted`);
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
