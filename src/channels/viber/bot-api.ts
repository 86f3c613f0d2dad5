/**
 * A small client for Viber's REST Bot API (`/pa/<method>`): typed methods, bounded retries, request
 * timeouts, and two error classes — `ViberApiError` (Viber answered and said no) and `ViberNetworkError`
 * (no usable answer). The auth token travels in a header and is never logged; error texts are redacted.
 *
 * Viber answers HTTP 200 with `{status, status_message}`; `status` 0 is success. Retried: status 12
 * (tooManyRequests), HTTP 429 (honouring Retry-After) and 5xx, with exponential backoff. send_message is
 * never retried after a timeout or a dropped connection, because Viber may already have delivered it.
 */
import { z } from 'zod';
import { abortableDelay, startDeadline } from '../abort';
import { httpClientSettings, type CallOptions, type HttpClientOptions, type HttpClientSettings } from '../http-client-options';
import { backoffMs, lowLevelCode, noAnswerRetryable, parseRetryAfter, withRetries, type NetworkFailure } from '../http-retry';
import { redact } from '../redact';
import type { ViberMessageBody } from './render';

export type { CallOptions } from '../http-client-options';
export type { NetworkFailure } from '../http-retry';

export interface ViberBotApiOptions extends HttpClientOptions {
  authToken: string;
  /** Default the real API; tests point it at a local fake (VIBER_API_ROOT). */
  apiRoot?: string;
}

const DEFAULT_API_ROOT = 'https://chatapi.viber.com';

/** Viber refuses requests over 30 KB; checked before sending so the error says why. */
const MAX_REQUEST_BYTES = 30 * 1024;

/** Viber's status codes we act on (the rest are reported with their status_message). */
const VIBER_STATUS = Object.freeze({
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
  private readonly http: HttpClientSettings;

  constructor(options: ViberBotApiOptions) {
    if (!/^[\x21-\x7e]+$/.test(options.authToken)) throw new Error('ViberBotApi: the auth token must be visible ASCII characters; copy it again from the Viber Admin Panel');
    const apiRoot = (options.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]+/.test(apiRoot)) throw new Error(`ViberBotApi: apiRoot must be an http(s) URL, got "${apiRoot}"`);
    this.token = options.authToken;
    this.apiRoot = apiRoot;
    this.http = httpClientSettings(options);
  }

  /** Calls `/pa/<method>` with retries; resolves with Viber's answer (status 0). */
  async call(method: string, params: object, options: CallOptions = {}): Promise<Record<string, unknown>> {
    if (!/^[a-z_]+$/.test(method)) throw new Error(`ViberBotApi: "${method}" is not a Viber API method name`);
    const body = JSON.stringify(params);
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes > MAX_REQUEST_BYTES) throw new Error(`ViberBotApi: the ${method} request is ${bytes} bytes; Viber accepts at most ${MAX_REQUEST_BYTES}`);
    return withRetries(() => this.attempt(method, body, options), {
      maxRetries: options.maxRetries ?? this.http.maxRetries,
      delayMs: (error, attempt) => this.retryDelay(error, attempt, options.idempotent ?? true),
      onRetry: (error, attempt, delayMs) => this.http.logger?.warn({ method, attempt: attempt + 1, delayMs, error: errorText(error) }, 'viber: call failed, retrying'),
      wait: (ms) => abortableDelay(ms, options.signal, () => aborted(method)),
    });
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
      if (error.retryAfter !== undefined) return error.retryAfter <= this.http.maxRetryAfterSeconds ? error.retryAfter * 1000 : undefined;
      return this.backoff(attempt);
    }
    if (error instanceof ViberNetworkError) return noAnswerRetryable(error, idempotent) ? this.backoff(attempt) : undefined;
    return undefined;
  }

  private backoff(attempt: number): number {
    return backoffMs(this.http.backoffBaseMs, this.http.backoffMaxMs, attempt, this.http.random);
  }

  private async attempt(method: string, body: string, options: CallOptions): Promise<Record<string, unknown>> {
    const outer = options.signal;
    if (outer?.aborted) throw aborted(method);
    const timeoutMs = options.timeoutMs ?? this.http.requestTimeoutMs;
    const deadline = startDeadline(timeoutMs, outer);
    const failure = (error: unknown, status?: number): ViberNetworkError => {
      if (outer?.aborted) return aborted(method);
      if (deadline.timedOut) return new ViberNetworkError(method, 'timeout', `Viber did not answer ${method} within ${timeoutMs} ms`, { status });
      const code = lowLevelCode(error);
      return new ViberNetworkError(method, 'network', redact(`Could not reach Viber for ${method} (${code ?? 'connection failed'}): check the network and VIBER_API_ROOT`, this.token), {
        status,
        code,
      });
    };

    try {
      let response: Response;
      try {
        response = await this.http.fetchImpl(`${this.apiRoot}/pa/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-viber-auth-token': this.token },
          body,
          signal: deadline.signal,
        });
      } catch (error) {
        throw failure(error);
      }
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      let json: unknown;
      try {
        json = await response.json();
      } catch (error) {
        if (outer?.aborted || deadline.timedOut) throw failure(error, response.status);
        json = undefined;
      }
      const answer = envelope.safeParse(json);
      if (!response.ok) {
        // 429 and 5xx often come from a proxy in front of Viber, without Viber's JSON.
        const status = answer.success ? answer.data.status : -1;
        throw new ViberApiError(method, status, redact(answer.success ? (answer.data.status_message ?? '') : `HTTP ${response.status}`, this.token), response.status, retryAfter);
      }
      if (!answer.success) {
        throw new ViberNetworkError(method, 'bad-response', `Viber answered ${method} with HTTP ${response.status} and no Viber API JSON`, { status: response.status });
      }
      if (answer.data.status !== VIBER_STATUS.ok) {
        throw new ViberApiError(method, answer.data.status, redact(answer.data.status_message ?? 'no status_message', this.token), response.status, retryAfter);
      }
      return json as Record<string, unknown>;
    } finally {
      deadline.clear();
    }
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
  if (error instanceof ViberNetworkError) return noAnswerRetryable(error, false) ? { retryAfterMs: 0 } : undefined;
  return undefined;
}

function aborted(method: string): ViberNetworkError {
  return new ViberNetworkError(method, 'aborted', `Viber ${method} was aborted`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
