/**
 * A small WhatsApp Cloud API client: `POST ${apiRoot}/${version}/${phoneNumberId}/messages` with a Bearer
 * token, bounded retries, request timeouts, and two error classes — `WhatsAppApiError` (the Graph API
 * answered and said no) and `WhatsAppNetworkError` (no usable answer).
 *
 * Sending is not idempotent, so a message is retried only when it certainly was not sent: a rate-limit
 * answer (HTTP 429; Graph codes 4, 80007, 130429, 131056), a server error, or a connection that never
 * reached Meta. A timeout or a connection lost after the request left is final — Meta may have delivered.
 *
 * Nothing that identifies the person is logged: not the request body (it holds the number), not the
 * response (`contacts[].wa_id`, a wamid that embeds the number), and digit runs in Meta's error texts are
 * masked. The token travels in a header, never in a URL.
 */
import { z } from 'zod';
import { abortableDelay, startDeadline } from '../abort';
import { HTTP_CLIENT_DEFAULTS, httpClientSettings, type HttpClientOptions, type HttpClientSettings } from '../http-client-options';
import { backoffMs, lowLevelCode, noAnswerRetryable, parseRetryAfter, withRetries, type NetworkFailure } from '../http-retry';
import { WHATSAPP_DEFAULTS } from './config';
import type { WhatsAppAddress } from './message';
import type { WhatsAppOutgoing } from './render';

export interface WhatsAppCloudApiOptions extends HttpClientOptions {
  token: string;
  phoneNumberId: string;
  /** Default https://graph.facebook.com; tests point it at a local fake (WHATSAPP_API_ROOT). */
  apiRoot?: string;
  /** Default v21.0 (WHATSAPP_API_VERSION). */
  apiVersion?: string;
  /** Rate limits: base × 2^attempt, at least half of it. Meta's pair limit is about one message per 6 s. */
  rateLimitBaseMs?: number;
}

const CLOUD_API_DEFAULTS = Object.freeze({ ...WHATSAPP_DEFAULTS, ...HTTP_CLIENT_DEFAULTS, rateLimitBaseMs: 2000 });

/** Graph error codes that mean "too many, slow down": the message was not sent. */
const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([4, 80007, 130429, 131056]);
/** More than 24 hours since the person last wrote: only templates may be sent. */
const OUTSIDE_WINDOW_CODE = 131047;
/**
 * Message undeliverable: the number is not (or no longer) on WhatsApp, or the person blocked the business
 * — Meta does not say which. Nothing more can reach this person now.
 */
export const UNDELIVERABLE_CODE = 131026;

const graphError = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().int().optional(),
    error_subcode: z.number().int().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
    fbtrace_id: z.string().optional(),
  }),
});

const sendResult = z.object({
  messaging_product: z.literal('whatsapp').optional(),
  messages: z.array(z.object({ id: z.string().min(1) })).min(1),
});

/** The Graph API answered, and the answer was "no". */
export class WhatsAppApiError extends Error {
  override readonly name = 'WhatsAppApiError';

  constructor(
    readonly httpStatus: number,
    /** Graph's `error.code` (e.g. 131047); undefined when the answer had none. */
    readonly code: number | undefined,
    readonly description: string,
    /** From a Retry-After header, when Meta sent one. */
    readonly retryAfterSeconds?: number,
    readonly fbtraceId?: string,
  ) {
    super(`WhatsApp send failed: HTTP ${httpStatus}${code !== undefined ? `, code ${code}` : ''}: ${description} — ${advice(httpStatus, code)}`);
  }

  get rateLimited(): boolean {
    return this.httpStatus === 429 || (this.code !== undefined && RATE_LIMIT_CODES.has(this.code));
  }

  get outsideWindow(): boolean {
    return this.code === OUTSIDE_WINDOW_CODE;
  }
}

export type { NetworkFailure } from '../http-retry';

/** No usable answer: unreachable, too slow, aborted by us, or not the Graph API's JSON. */
export class WhatsAppNetworkError extends Error {
  override readonly name = 'WhatsAppNetworkError';

  constructor(
    readonly reason: NetworkFailure,
    message: string,
    /** HTTP status when there was a response; the low-level error code (ECONNREFUSED…) otherwise. */
    readonly detail?: { status?: number; code?: string },
  ) {
    super(message);
  }
}

function advice(status: number, code: number | undefined): string {
  if (code === 190 || status === 401) return 'the access token is wrong or expired; set WHATSAPP_TOKEN to a system user token with whatsapp_business_messaging';
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) return 'the token lacks the whatsapp_business_messaging permission for this number';
  if (code === OUTSIDE_WINDOW_CODE) return 'more than 24 hours since the person last wrote; only a template message may be sent now';
  if (code === 131026) return 'the message could not be delivered (not on WhatsApp, an old app, or the person blocked the number)';
  if (code === 131030) return 'the recipient is not in the test number\'s allowed list; add it in the app dashboard or use a production number';
  if (code === 131056) return 'too many messages to this person in a short time (pair rate limit); slow down';
  if (code === 130429 || code === 80007 || code === 4 || status === 429) return 'a throughput or rate limit was reached; slow down and retry later';
  if (code === 100 || code === 131009 || code === 131008) return 'a parameter was refused; if it is the message, this is a bug in the WhatsApp renderer (check WHATSAPP_PHONE_NUMBER_ID too)';
  if (code === 133010) return 'the business phone number is not registered with the Cloud API';
  if (status >= 500) return 'Meta had a server error; it usually passes';
  return 'see the WhatsApp Cloud API error codes';
}

export class WhatsAppCloudApi {
  private readonly token: string;
  private readonly url: string;
  private readonly http: HttpClientSettings;
  private readonly rateLimitBaseMs: number;

  constructor(options: WhatsAppCloudApiOptions) {
    // Checked here so a pasted token with quotes or a newline fails at start-up, without echoing it.
    if (!/^[^\s"'`]+$/.test(options.token)) throw new Error('WhatsAppCloudApi: the access token is empty or contains spaces or quotes; copy it again');
    if (!/^\d+$/.test(options.phoneNumberId)) throw new Error('WhatsAppCloudApi: phoneNumberId must be the numeric phone number ID, not the phone number');
    const apiRoot = (options.apiRoot ?? CLOUD_API_DEFAULTS.apiRoot).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]+/.test(apiRoot)) throw new Error(`WhatsAppCloudApi: apiRoot must be an http(s) URL, got "${apiRoot}"`);
    const version = options.apiVersion ?? CLOUD_API_DEFAULTS.apiVersion;
    if (!/^v\d+\.\d+$/.test(version)) throw new Error(`WhatsAppCloudApi: apiVersion must look like v21.0, got "${version}"`);
    this.token = options.token;
    this.url = `${apiRoot}/${version}/${options.phoneNumberId}/messages`;
    this.http = httpClientSettings(options);
    this.rateLimitBaseMs = options.rateLimitBaseMs ?? CLOUD_API_DEFAULTS.rateLimitBaseMs;
  }

  /** Sends one message; resolves with Meta's id for it (a wamid: do not log it, it embeds the number). */
  async sendMessage(to: WhatsAppAddress, message: WhatsAppOutgoing, options: { signal?: AbortSignal; maxRetries?: number } = {}): Promise<{ messageId: string }> {
    const body = JSON.stringify({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      ...(to.kind === 'phone' ? { to: to.id } : { recipient: to.id }),
      ...message,
    });
    return withRetries(() => this.attempt(body, options.signal), {
      maxRetries: options.maxRetries ?? this.http.maxRetries,
      delayMs: (error, attempt) => this.retryDelay(error, attempt),
      onRetry: (error, attempt, delayMs) =>
        this.http.logger?.warn({ attempt: attempt + 1, delayMs, error: error instanceof Error ? error.message : String(error) }, 'whatsapp: send failed, retrying'),
      wait: (ms) => abortableDelay(ms, options.signal, aborted),
    });
  }

  /** Milliseconds to wait before the next attempt, or undefined when the error is final. */
  private retryDelay(error: unknown, attempt: number): number | undefined {
    if (error instanceof WhatsAppApiError) {
      if (error.rateLimited) {
        if (error.retryAfterSeconds === undefined) return this.backoff(this.rateLimitBaseMs, attempt);
        return error.retryAfterSeconds <= this.http.maxRetryAfterSeconds ? error.retryAfterSeconds * 1000 : undefined;
      }
      return error.httpStatus >= 500 ? this.backoff(this.http.backoffBaseMs, attempt) : undefined;
    }
    // Sending is never idempotent: only failures that certainly sent nothing are retried.
    if (error instanceof WhatsAppNetworkError) return noAnswerRetryable(error, false) ? this.backoff(this.http.backoffBaseMs, attempt) : undefined;
    return undefined;
  }

  private backoff(base: number, attempt: number): number {
    return backoffMs(base, this.http.backoffMaxMs, attempt, this.http.random);
  }

  private async attempt(body: string, outer: AbortSignal | undefined): Promise<{ messageId: string }> {
    if (outer?.aborted) throw aborted();
    const deadline = startDeadline(this.http.requestTimeoutMs, outer);
    const failure = (error: unknown, status?: number): WhatsAppNetworkError => {
      if (outer?.aborted) return aborted();
      if (deadline.timedOut) return new WhatsAppNetworkError('timeout', `WhatsApp did not answer within ${this.http.requestTimeoutMs} ms`, { status });
      const code = lowLevelCode(error);
      return new WhatsAppNetworkError('network', `Could not reach the WhatsApp Cloud API (${code ?? 'connection failed'}): check the network and WHATSAPP_API_ROOT`, {
        status,
        code,
      });
    };

    try {
      let response: Response;
      try {
        response = await this.http.fetchImpl(this.url, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
          body,
          signal: deadline.signal,
        });
      } catch (error) {
        throw failure(error);
      }
      let json: unknown;
      try {
        json = await response.json();
      } catch (error) {
        if (outer?.aborted || deadline.timedOut) throw failure(error, response.status);
        throw new WhatsAppNetworkError('bad-response', `WhatsApp answered with HTTP ${response.status} and no Graph API JSON`, { status: response.status });
      }
      if (response.ok) {
        const sent = sendResult.safeParse(json);
        const messageId = sent.success ? sent.data.messages[0]?.id : undefined;
        if (messageId === undefined) throw new WhatsAppNetworkError('bad-response', `WhatsApp answered HTTP ${response.status} without a message id`, { status: response.status });
        return { messageId };
      }
      const error = graphError.safeParse(json);
      if (!error.success) throw new WhatsAppNetworkError('bad-response', `WhatsApp answered with HTTP ${response.status} and no Graph API error`, { status: response.status });
      const { message, code, error_data: data, fbtrace_id: trace } = error.data.error;
      const description = maskNumbers([message, data?.details].filter(Boolean).join(' — ') || `HTTP ${response.status}`).slice(0, 300);
      throw new WhatsAppApiError(response.status, code, description, parseRetryAfter(response.headers.get('retry-after')), trace);
    } finally {
      deadline.clear();
    }
  }
}

/**
 * Whether a failed send may be tried again because Meta surely did not send it: a rate limit (with the
 * wait Meta asked for), a server error, or a connection that never reached Meta. Undefined when the failure
 * is final — a refusal (131047, 131026, bad parameters…), or a timeout or lost connection after the request
 * left, when Meta may have delivered and a retry could send it twice.
 */
export function retryableSendFailure(error: unknown): { retryAfterMs: number } | undefined {
  if (error instanceof WhatsAppApiError) {
    if (error.rateLimited) return { retryAfterMs: (error.retryAfterSeconds ?? 0) * 1000 };
    return error.httpStatus >= 500 ? { retryAfterMs: 0 } : undefined;
  }
  if (error instanceof WhatsAppNetworkError) return noAnswerRetryable(error, false) ? { retryAfterMs: 0 } : undefined;
  return undefined;
}

/** Digit runs long enough to be a phone number become "<number>"; error codes (≤ 6 digits) stay. */
export function maskNumbers(text: string): string {
  return text.replace(/\+?\d[\d\s().-]{5,}\d/g, (run) => (run.replace(/\D/g, '').length >= 7 ? '<number>' : run));
}

function aborted(): WhatsAppNetworkError {
  return new WhatsAppNetworkError('aborted', 'WhatsApp send was aborted');
}
