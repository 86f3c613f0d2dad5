/**
 * A small Telegram Bot API client: JSON POST to `${apiRoot}/bot${token}/${method}`, bounded retries,
 * request timeouts, and two error classes — `TelegramApiError` (Telegram answered and said no) and
 * `TelegramNetworkError` (no usable answer). The token is part of every URL, so URLs are never logged and
 * every error text is redacted.
 */
import { z } from 'zod';
import { abortableDelay, startDeadline } from '../abort';
import { httpClientSettings, type CallOptions, type HttpClientOptions, type HttpClientSettings } from '../http-client-options';
import { backoffMs, lowLevelCode, noAnswerRetryable, withRetries, type NetworkFailure } from '../http-retry';
import { redact } from '../redact';
import type { InlineKeyboardMarkup } from './render';

export type { CallOptions } from '../http-client-options';
export type { NetworkFailure } from '../http-retry';

export interface TelegramBotApiOptions extends HttpClientOptions {
  token: string;
  /** Default the real Bot API; tests point it at a local fake (TELEGRAM_API_ROOT). */
  apiRoot?: string;
  /** Per request; getUpdates adds its long-poll timeout to it. Default 15 s. */
  requestTimeoutMs?: number;
}

const DEFAULT_API_ROOT = 'https://api.telegram.org';

const responseEnvelope = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().int().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number().nonnegative().optional() }).optional(),
});

const botUser = z.object({ id: z.number().int(), is_bot: z.boolean(), first_name: z.string(), username: z.string().optional() });
const sentMessage = z.object({ message_id: z.number().int() });
const done = z.literal(true);

export type BotUser = z.infer<typeof botUser>;
export type SentMessage = z.infer<typeof sentMessage>;

export interface SendMessageParams {
  chat_id: number | string;
  text: string;
  parse_mode?: 'HTML';
  reply_markup?: InlineKeyboardMarkup;
  link_preview_options?: { is_disabled?: boolean };
  disable_notification?: boolean;
}

export interface SetWebhookParams {
  url: string;
  secret_token: string;
  allowed_updates?: string[];
  drop_pending_updates?: boolean;
  max_connections?: number;
}

/** Telegram answered, and the answer was "no". */
export class TelegramApiError extends Error {
  override readonly name = 'TelegramApiError';

  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
    /** Seconds Telegram asked us to wait (429 only). */
    readonly retryAfter?: number,
  ) {
    super(`Telegram ${method} failed: ${errorCode} ${description} — ${advice(errorCode, description, retryAfter)}`);
  }
}

/** No usable answer from Telegram: unreachable, too slow, aborted by us, or not the Bot API's JSON. */
export class TelegramNetworkError extends Error {
  override readonly name = 'TelegramNetworkError';

  constructor(
    readonly method: string,
    readonly reason: NetworkFailure,
    message: string,
    /** HTTP status when there was a response; the low-level error code (ECONNREFUSED…) otherwise. */
    readonly detail?: { status?: number; code?: string },
  ) {
    super(message);
  }
}

function advice(code: number, description: string, retryAfter: number | undefined): string {
  if (code === 401) return 'the bot token is wrong or was revoked; get one from @BotFather and set TELEGRAM_BOT_TOKEN';
  if (code === 403) return 'the person blocked the bot or never started it; nothing can be sent to this chat';
  if (code === 404) return 'unknown method or malformed token; check TELEGRAM_API_ROOT and TELEGRAM_BOT_TOKEN';
  if (code === 409) {
    return /webhook/i.test(description)
      ? 'a webhook is set for this bot; polling must call deleteWebhook first'
      : 'another process is polling with this token; run one poller, or use the webhook';
  }
  if (code === 429) return `Telegram asked to wait ${retryAfter ?? '?'} s before sending again`;
  if (code === 400 && /parse entities/i.test(description)) return 'the message HTML was refused; this is a bug in the Telegram renderer';
  if (code === 400) return 'Telegram refused the parameters; see the description';
  if (code >= 500) return 'Telegram had a server error; it usually passes, try again later';
  return 'see the Bot API documentation for this error';
}

export class TelegramBotApi {
  private readonly token: string;
  private readonly apiRoot: string;
  private readonly http: HttpClientSettings;

  constructor(options: TelegramBotApiOptions) {
    // Checked here so a pasted token with quotes or a newline fails at start-up, without echoing it.
    if (!/^\d+:[A-Za-z0-9_-]+$/.test(options.token)) {
      throw new Error('TelegramBotApi: the bot token does not look like "123456:ABC-def…"; copy it again from @BotFather');
    }
    const apiRoot = (options.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]+/.test(apiRoot)) throw new Error(`TelegramBotApi: apiRoot must be an http(s) URL, got "${apiRoot}"`);
    this.token = options.token;
    this.apiRoot = apiRoot;
    this.http = httpClientSettings(options);
  }

  /** Calls any Bot API method with retries; resolves with its `result`. */
  async call(method: string, params: Record<string, unknown> = {}, options: CallOptions = {}): Promise<unknown> {
    if (!/^[A-Za-z]+$/.test(method)) throw new Error(`TelegramBotApi: "${method}" is not a Bot API method name`);
    return withRetries(() => this.attempt(method, params, options), {
      maxRetries: options.maxRetries ?? this.http.maxRetries,
      delayMs: (error, attempt) => this.retryDelay(error, attempt, options.idempotent ?? true),
      onRetry: (error, attempt, delayMs) =>
        this.http.logger?.warn({ method, attempt: attempt + 1, delayMs, error: error instanceof Error ? error.message : String(error) }, 'telegram: call failed, retrying'),
      wait: (ms) => abortableSleep(ms, options.signal, method),
    });
  }

  /** Not retried when Telegram may already have delivered it (see `CallOptions.idempotent`). */
  async sendMessage(params: SendMessageParams, options: CallOptions = {}): Promise<SentMessage> {
    return this.typed(sentMessage, 'sendMessage', { ...params }, { idempotent: false, ...options });
  }

  async answerCallbackQuery(params: { callback_query_id: string; text?: string; show_alert?: boolean }, options: CallOptions = {}): Promise<true> {
    return this.typed(done, 'answerCallbackQuery', { ...params }, options);
  }

  /** Raw updates: the caller validates each one, so one odd update cannot hide the others. */
  async getUpdates(
    params: { offset?: number; timeout?: number; limit?: number; allowed_updates?: string[] },
    options: CallOptions = {},
  ): Promise<unknown[]> {
    const timeoutMs = options.timeoutMs ?? this.http.requestTimeoutMs + (params.timeout ?? 0) * 1000;
    return this.typed(z.array(z.unknown()), 'getUpdates', { ...params }, { ...options, timeoutMs });
  }

  async setWebhook(params: SetWebhookParams, options: CallOptions = {}): Promise<true> {
    return this.typed(done, 'setWebhook', { ...params }, options);
  }

  async deleteWebhook(params: { drop_pending_updates?: boolean } = {}, options: CallOptions = {}): Promise<true> {
    return this.typed(done, 'deleteWebhook', { ...params }, options);
  }

  async getMe(options: CallOptions = {}): Promise<BotUser> {
    return this.typed(botUser, 'getMe', {}, options);
  }

  private async typed<S extends z.ZodType>(schema: S, method: string, params: Record<string, unknown>, options: CallOptions): Promise<z.infer<S>> {
    const result = schema.safeParse(await this.call(method, params, options));
    if (!result.success) throw new TelegramNetworkError(method, 'bad-response', `Telegram answered ${method} with a result of an unexpected shape`);
    return result.data;
  }

  /** Milliseconds to wait before the next attempt, or undefined when the error is final. */
  private retryDelay(error: unknown, attempt: number, idempotent: boolean): number | undefined {
    if (error instanceof TelegramApiError) {
      if (error.errorCode === 429) {
        if (error.retryAfter === undefined) return this.backoff(attempt);
        return error.retryAfter <= this.http.maxRetryAfterSeconds ? error.retryAfter * 1000 : undefined;
      }
      return error.errorCode >= 500 ? this.backoff(attempt) : undefined;
    }
    if (error instanceof TelegramNetworkError) return noAnswerRetryable(error, idempotent) ? this.backoff(attempt) : undefined;
    return undefined;
  }

  private backoff(attempt: number): number {
    return backoffMs(this.http.backoffBaseMs, this.http.backoffMaxMs, attempt, this.http.random);
  }

  private async attempt(method: string, params: Record<string, unknown>, options: CallOptions): Promise<unknown> {
    const outer = options.signal;
    if (outer?.aborted) throw aborted(method);
    const timeoutMs = options.timeoutMs ?? this.http.requestTimeoutMs;
    const deadline = startDeadline(timeoutMs, outer);
    const failure = (error: unknown, status?: number): TelegramNetworkError => {
      if (outer?.aborted) return aborted(method);
      if (deadline.timedOut) return new TelegramNetworkError(method, 'timeout', `Telegram did not answer ${method} within ${timeoutMs} ms`, { status });
      const code = lowLevelCode(error);
      return new TelegramNetworkError(
        method,
        'network',
        redact(`Could not reach Telegram for ${method} (${code ?? 'connection failed'}): check the network and TELEGRAM_API_ROOT`, this.token),
        { status, code },
      );
    };

    try {
      let response: Response;
      try {
        response = await this.http.fetchImpl(`${this.apiRoot}/bot${this.token}/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(params),
          signal: deadline.signal,
        });
      } catch (error) {
        throw failure(error);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        if (outer?.aborted || deadline.timedOut) throw failure(error, response.status);
        throw new TelegramNetworkError(method, 'bad-response', `Telegram answered ${method} with HTTP ${response.status} and no Bot API JSON`, {
          status: response.status,
        });
      }
      const envelope = responseEnvelope.safeParse(body);
      if (!envelope.success) {
        throw new TelegramNetworkError(method, 'bad-response', `Telegram answered ${method} with HTTP ${response.status} and no Bot API JSON`, {
          status: response.status,
        });
      }
      const { ok, result, error_code, description, parameters } = envelope.data;
      if (ok) return result;
      throw new TelegramApiError(method, error_code ?? response.status, redact(description ?? `HTTP ${response.status}`, this.token), parameters?.retry_after);
    } finally {
      deadline.clear();
    }
  }
}

/**
 * Whether a failed sendMessage may be tried again because Telegram surely did not act on it: a 429 (with
 * the wait it asked for), a 5xx, or a connection that never reached Telegram. Undefined when the failure is
 * final — a refusal (400, 403…), or a timeout or lost connection after the request left, when Telegram may
 * have delivered the message and a retry could send it twice.
 */
export function retryableSendFailure(error: unknown): { retryAfterMs: number } | undefined {
  if (error instanceof TelegramApiError) {
    if (error.errorCode === 429) return { retryAfterMs: (error.retryAfter ?? 0) * 1000 };
    return error.errorCode >= 500 ? { retryAfterMs: 0 } : undefined;
  }
  if (error instanceof TelegramNetworkError) return noAnswerRetryable(error, false) ? { retryAfterMs: 0 } : undefined;
  return undefined;
}

function aborted(method: string): TelegramNetworkError {
  return new TelegramNetworkError(method, 'aborted', `Telegram ${method} was aborted`);
}

/** Waits `ms`, or rejects with an 'aborted' TelegramNetworkError as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined, method = 'wait'): Promise<void> {
  return abortableDelay(ms, signal, () => aborted(method));
}
