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
import type { Logger } from 'pino';
import { z } from 'zod';
import { WHATSAPP_DEFAULTS } from './config';
import type { WhatsAppAddress } from './message';
import type { WhatsAppOutgoing } from './render';

export interface WhatsAppCloudApiOptions {
  token: string;
  phoneNumberId: string;
  /** Default https://graph.facebook.com; tests point it at a local fake (WHATSAPP_API_ROOT). */
  apiRoot?: string;
  /** Default v21.0 (WHATSAPP_API_VERSION). */
  apiVersion?: string;
  logger?: Pick<Logger, 'warn'>;
  fetchImpl?: typeof fetch;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** Rate limits: base × 2^attempt, halved at random. Meta's pair limit is about one message per 6 s. */
  rateLimitBaseMs?: number;
  /** Server and connection errors: base × 2^attempt, halved at random. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A Retry-After asking to wait longer than this fails at once instead of blocking the sender. Default 60. */
  maxRetryAfterSeconds?: number;
  /** Per request. Default 15 s. */
  requestTimeoutMs?: number;
  /** Jitter source in [0, 1), injectable for tests. */
  random?: () => number;
}

export const CLOUD_API_DEFAULTS = Object.freeze({
  ...WHATSAPP_DEFAULTS,
  maxRetries: 3,
  rateLimitBaseMs: 2000,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  maxRetryAfterSeconds: 60,
  requestTimeoutMs: 15_000,
});

/** Graph error codes that mean "too many, slow down": the message was not sent. */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([4, 80007, 130429, 131056]);
/** More than 24 hours since the person last wrote: only templates may be sent. */
export const OUTSIDE_WINDOW_CODE = 131047;
/** Connection errors raised before a request could reach the server: safe to retry. */
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

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

export type NetworkFailure = 'network' | 'timeout' | 'aborted' | 'bad-response';

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
  private readonly logger: Pick<Logger, 'warn'> | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly maxRetries: number;
  private readonly rateLimitBaseMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly maxRetryAfterSeconds: number;
  private readonly requestTimeoutMs: number;
  private readonly random: () => number;

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
    this.logger = options.logger;
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.maxRetries = options.maxRetries ?? CLOUD_API_DEFAULTS.maxRetries;
    this.rateLimitBaseMs = options.rateLimitBaseMs ?? CLOUD_API_DEFAULTS.rateLimitBaseMs;
    this.backoffBaseMs = options.backoffBaseMs ?? CLOUD_API_DEFAULTS.backoffBaseMs;
    this.backoffMaxMs = options.backoffMaxMs ?? CLOUD_API_DEFAULTS.backoffMaxMs;
    this.maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? CLOUD_API_DEFAULTS.maxRetryAfterSeconds;
    this.requestTimeoutMs = options.requestTimeoutMs ?? CLOUD_API_DEFAULTS.requestTimeoutMs;
    this.random = options.random ?? Math.random;
  }

  /** Sends one message; resolves with Meta's id for it (a wamid: do not log it, it embeds the number). */
  async sendMessage(to: WhatsAppAddress, message: WhatsAppOutgoing, options: { signal?: AbortSignal; maxRetries?: number } = {}): Promise<{ messageId: string }> {
    const body = JSON.stringify({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      ...(to.kind === 'phone' ? { to: to.id } : { recipient: to.id }),
      ...message,
    });
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(body, options.signal);
      } catch (error) {
        const delayMs = attempt >= (options.maxRetries ?? this.maxRetries) ? undefined : this.retryDelay(error, attempt);
        if (delayMs === undefined) throw error;
        this.logger?.warn({ attempt: attempt + 1, delayMs, error: error instanceof Error ? error.message : String(error) }, 'whatsapp: send failed, retrying');
        await abortableSleep(delayMs, options.signal);
      }
    }
  }

  /** Milliseconds to wait before the next attempt, or undefined when the error is final. */
  private retryDelay(error: unknown, attempt: number): number | undefined {
    if (error instanceof WhatsAppApiError) {
      if (error.rateLimited) {
        if (error.retryAfterSeconds === undefined) return this.backoff(this.rateLimitBaseMs, attempt);
        return error.retryAfterSeconds <= this.maxRetryAfterSeconds ? error.retryAfterSeconds * 1000 : undefined;
      }
      return error.httpStatus >= 500 ? this.backoff(this.backoffBaseMs, attempt) : undefined;
    }
    if (error instanceof WhatsAppNetworkError) {
      switch (error.reason) {
        case 'bad-response':
          // A 5xx page from a proxy: the request did not reach the API. A 2xx we cannot read may have sent.
          return (error.detail?.status ?? 0) >= 500 ? this.backoff(this.backoffBaseMs, attempt) : undefined;
        case 'network':
          return CONNECT_ERRORS.has(error.detail?.code ?? '') ? this.backoff(this.backoffBaseMs, attempt) : undefined;
        case 'timeout':
        case 'aborted':
          return undefined;
      }
    }
    return undefined;
  }

  /** "Equal jitter": at least half the exponential delay, so retries for many people spread out. */
  private backoff(base: number, attempt: number): number {
    const ceiling = Math.min(this.backoffMaxMs, base * 2 ** attempt);
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
  }

  private async attempt(body: string, outer: AbortSignal | undefined): Promise<{ messageId: string }> {
    if (outer?.aborted) throw new WhatsAppNetworkError('aborted', 'WhatsApp send was aborted');
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.requestTimeoutMs);
    const forwardAbort = (): void => controller.abort();
    outer?.addEventListener('abort', forwardAbort, { once: true });
    const failure = (error: unknown, status?: number): WhatsAppNetworkError => {
      if (outer?.aborted) return new WhatsAppNetworkError('aborted', 'WhatsApp send was aborted');
      if (timedOut) return new WhatsAppNetworkError('timeout', `WhatsApp did not answer within ${this.requestTimeoutMs} ms`, { status });
      const code = lowLevelCode(error);
      return new WhatsAppNetworkError('network', `Could not reach the WhatsApp Cloud API (${code ?? 'connection failed'}): check the network and WHATSAPP_API_ROOT`, {
        status,
        code,
      });
    };

    try {
      let response: Response;
      try {
        response = await this.fetchImpl(this.url, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
          body,
          signal: controller.signal,
        });
      } catch (error) {
        throw failure(error);
      }
      let json: unknown;
      try {
        json = await response.json();
      } catch (error) {
        if (outer?.aborted || timedOut) throw failure(error, response.status);
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
      throw new WhatsAppApiError(response.status, code, description, retryAfter(response.headers.get('retry-after')), trace);
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forwardAbort);
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
  if (error instanceof WhatsAppNetworkError) {
    if (error.reason === 'bad-response') return (error.detail?.status ?? 0) >= 500 ? { retryAfterMs: 0 } : undefined;
    if (error.reason === 'network') return CONNECT_ERRORS.has(error.detail?.code ?? '') ? { retryAfterMs: 0 } : undefined;
  }
  return undefined;
}

/** Digit runs long enough to be a phone number become "<number>"; error codes (≤ 6 digits) stay. */
export function maskNumbers(text: string): string {
  return text.replace(/\+?\d[\d\s().-]{5,}\d/g, (run) => (run.replace(/\D/g, '').length >= 7 ? '<number>' : run));
}

function retryAfter(header: string | null): number | undefined {
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

function lowLevelCode(error: unknown): string | undefined {
  // undici wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  const { code, cause } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; cause?: { code?: unknown } };
  if (typeof cause?.code === 'string') return cause.code;
  return typeof code === 'string' ? code : undefined;
}

/** Waits `ms`, or rejects with an 'aborted' WhatsAppNetworkError as soon as `signal` aborts. */
function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = (): WhatsAppNetworkError => new WhatsAppNetworkError('aborted', 'WhatsApp send was aborted');
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
