/**
 * A local stand-in for Viber's REST Bot API, speaking real HTTP on 127.0.0.1 (port 0), so the client,
 * outbox and channel are tested through fetch, sockets and JSON exactly as in production.
 *
 * It checks the X-Viber-Auth-Token header, validates send_message the way Viber does where we could get it
 * wrong (text length, request size, sender name, keyboard shape and limits), records every call, can be
 * scripted to fail (`failNext`), and on set_webhook calls the webhook with a signed `webhook` event first,
 * as Viber does.
 *
 * `ViberCallbacks` builds signed callbacks in Viber's real shape (64-bit message tokens written as JSON
 * numbers, optional `\uXXXX` escaping), and `postCallback` sends one, in several TCP writes if asked.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { post } from './raw-http';
import { readAll, RecordingServer } from './recording-server';

export const FAKE_VIBER_TOKEN = '4a1f0c3e9b2d7f60-8c5e1a2b3d4f5a6b-9e8d7c6b5a4f3e2d';

export interface RecordedViberCall {
  method: string;
  params: Record<string, unknown>;
  /** The X-Viber-Auth-Token header as received. */
  authToken: string | undefined;
  /** performance.now() when the request arrived. */
  at: number;
  httpStatus?: number;
  /** Viber's `status` in the answer (0 = ok); undefined for answers without Viber JSON. */
  status?: number;
}

export type ViberFailure =
  /** HTTP 200 with a non-zero Viber status, e.g. 12 tooManyRequests or 6 receiverNotSubscribed. */
  | { status: number; message?: string }
  /** An HTTP error without Viber's JSON, as a proxy in front of Viber answers. */
  | { http: 429; retryAfter?: number }
  | { http: 500 | 502 | 503 | 504 }
  /** Close the connection without an answer. */
  | { drop: true }
  /** Never answer (until close): the client's timeout must fire. */
  | { hang: true };

type Answer = { httpStatus: number; json?: string; text?: string; headers?: Record<string, string> };

/** Viber's limits as its documentation states them. */
export const FAKE_VIBER_LIMITS = Object.freeze({
  requestBytes: 30 * 1024,
  textLength: 7000,
  senderNameLength: 28,
  buttonTextLength: 250,
  /** Viber documents no bound for ActionBody; tracking_data's 4000 is used so a runaway payload is caught. */
  actionBodyLength: 4000,
  /** "The keyboard can contain up to 12 rows in portrait mode." */
  keyboardRows: 12,
});

const STATUS_MESSAGES: Record<number, string> = {
  1: 'invalidUrl',
  2: 'invalidAuthToken',
  3: 'badData',
  4: 'missingData',
  5: 'receiverNotRegistered',
  6: 'receiverNotSubscribed',
  12: 'tooManyRequests',
};

export class FakeViber extends RecordingServer<RecordedViberCall> {
  webhook: { url: string; event_types?: unknown; send_name?: unknown; send_photo?: unknown } | undefined;
  /** Receivers that are not subscribed: send_message to them answers status 6. */
  readonly unsubscribed = new Set<string>();

  private readonly failures = new Map<string, ViberFailure[]>();
  private nextToken = 5_741_311_803_571_721_087n;

  private constructor(readonly authToken: string) {
    super('FakeViber');
  }

  static async start(options: { authToken?: string } = {}): Promise<FakeViber> {
    const fake = new FakeViber(options.authToken ?? FAKE_VIBER_TOKEN);
    await fake.listen();
    return fake;
  }

  /** The next `times` calls of `method` fail as described. */
  failNext(method: string, failure: ViberFailure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let k = 0; k < times; k++) queue.push(failure);
    this.failures.set(method, queue);
  }

  callsOf(method: string): RecordedViberCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Calls of `method` Viber accepted (status 0), in order. */
  accepted(method = 'send_message'): RecordedViberCall[] {
    return this.callsOf(method).filter((call) => call.status === 0);
  }

  /** Resolves once at least `n` calls of `method` match `filter` (default: accepted ones). */
  waitForCalls(method: string, n: number, timeoutMs = 3000, filter: (call: RecordedViberCall) => boolean = (call) => call.status === 0): Promise<RecordedViberCall[]> {
    return this.waitUntil(() => this.callsOf(method).filter(filter), n, timeoutMs, `${method} call(s)`);
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readAll(req);
    const method = /^\/pa\/([a-z_]+)$/.exec((req.url ?? '').split('?')[0] ?? '')?.[1];
    if (req.method !== 'POST' || !method) return this.send(res, undefined, { httpStatus: 404, text: 'Not Found' });

    const header = req.headers['x-viber-auth-token'];
    const call: RecordedViberCall = { method, params: {}, authToken: typeof header === 'string' ? header : undefined, at: performance.now() };
    this.record(call);

    let params: unknown;
    try {
      params = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.send(res, call, viberAnswer(3, 'badData: the request is not JSON'));
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params)) return this.send(res, call, viberAnswer(3, 'badData'));
    call.params = params as Record<string, unknown>;

    if (call.authToken === undefined) return this.send(res, call, viberAnswer(2, 'missing_auth_token'));
    if (call.authToken !== this.authToken) return this.send(res, call, viberAnswer(2, 'invalidAuthToken'));

    const failure = this.failures.get(method)?.shift();
    if (failure) {
      if ('drop' in failure) {
        req.socket.destroy();
        return;
      }
      if ('hang' in failure) return;
      if ('http' in failure) {
        const headers: Record<string, string> = 'retryAfter' in failure && failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
        return this.send(res, call, { httpStatus: failure.http, text: failure.http === 429 ? 'Too Many Requests' : 'Internal Server Error', headers });
      }
      return this.send(res, call, viberAnswer(failure.status, failure.message ?? STATUS_MESSAGES[failure.status] ?? 'generalError'));
    }

    switch (method) {
      case 'send_message':
        return this.send(res, call, this.sendMessage(call.params, raw.length));
      case 'set_webhook':
        return this.send(res, call, await this.setWebhook(call.params));
      case 'get_account_info':
        return this.send(res, call, okAnswer({ id: 'pa:fake', name: 'Prykhystok (test)', webhook: this.webhook?.url ?? '' }));
      default:
        return this.send(res, call, { httpStatus: 404, text: 'Not Found' });
    }
  }

  private send(res: ServerResponse, call: RecordedViberCall | undefined, answer: Answer): void {
    if (call) {
      call.httpStatus = answer.httpStatus;
      if (answer.json !== undefined) {
        const status = (JSON.parse(answer.json) as { status?: unknown }).status;
        if (typeof status === 'number') call.status = status;
      }
      this.answered();
    }
    if (res.destroyed) return;
    const body = answer.json ?? answer.text ?? '';
    res.writeHead(answer.httpStatus, {
      'content-type': answer.json !== undefined ? 'application/json' : 'text/plain',
      'content-length': Buffer.byteLength(body),
      ...answer.headers,
    });
    res.end(body);
  }

  // ---- methods ---------------------------------------------------------------------------------------------

  private sendMessage(params: Record<string, unknown>, bytes: number): Answer {
    if (bytes > FAKE_VIBER_LIMITS.requestBytes) return viberAnswer(3, `badData: request of ${bytes} bytes is over 30 KB`);
    const error = validateSendMessage(params);
    if (error) return viberAnswer(error.status, error.message);
    if (this.unsubscribed.has(params.receiver as string)) return viberAnswer(6, 'receiverNotSubscribed');
    // Written as a raw JSON number: Viber's tokens are 64-bit integers.
    const token = (this.nextToken++).toString();
    return { httpStatus: 200, json: `{"status":0,"status_message":"ok","message_token":${token},"chat_hostname":"SN-CHAT-FAKE_","billing_status":1}` };
  }

  /** Like Viber: calls the URL with a signed `webhook` event and accepts the URL only if it answers 200. */
  private async setWebhook(params: Record<string, unknown>): Promise<Answer> {
    const { url } = params;
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return viberAnswer(1, 'invalidUrl');
    const callback = new ViberCallbacks(this.authToken).webhook();
    try {
      const answer = await postCallback(new URL(url), callback);
      if (answer.status !== 200) return viberAnswer(1, `invalidUrl: the webhook answered ${answer.status}`);
    } catch {
      return viberAnswer(1, 'invalidUrl: the webhook could not be reached');
    }
    this.webhook = { url, event_types: params.event_types, send_name: params.send_name, send_photo: params.send_photo };
    const events = Array.isArray(params.event_types) ? params.event_types : ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'];
    return okAnswer({ event_types: events });
  }
}

/** Checks a send_message body like Viber; returns the status and message of the refusal, or undefined. */
export function validateSendMessage(params: Record<string, unknown>): { status: number; message: string } | undefined {
  const { receiver, type, text, sender, keyboard, min_api_version: minApi } = params;
  if (typeof receiver !== 'string' || receiver === '') return { status: 4, message: 'missingData: receiver' };
  const name = (sender as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || name === '') return { status: 4, message: 'missingData: sender.name' };
  if (name.length > FAKE_VIBER_LIMITS.senderNameLength) return { status: 3, message: 'badData: sender.name is over 28 characters' };
  if (type !== 'text') return { status: 3, message: 'badData: this fake knows text messages only' };
  if (typeof text !== 'string' || text.trim() === '') return { status: 4, message: 'missingData: text' };
  if (text.length > FAKE_VIBER_LIMITS.textLength) return { status: 3, message: `badData: text of ${text.length} characters is over 7000` };
  if (minApi !== undefined && (!Number.isInteger(minApi) || (minApi as number) < 1)) return { status: 3, message: 'badData: min_api_version' };
  if (keyboard !== undefined) {
    const error = validateKeyboard(keyboard);
    if (error) return { status: 3, message: `badData: keyboard: ${error}` };
  }
  return undefined;
}

const ACTION_TYPES = new Set(['reply', 'open-url', 'location-picker', 'share-phone', 'none']);
const TEXT_SIZES = new Set(['small', 'regular', 'large']);

/** Viber's keyboard rules: 6 columns, buttons 1–6 wide and 1–2 high, filled in order into rows. */
export function validateKeyboard(keyboard: unknown): string | undefined {
  const { Type, Buttons, DefaultHeight } = (keyboard ?? {}) as { Type?: unknown; Buttons?: unknown; DefaultHeight?: unknown };
  if (Type !== 'keyboard') return 'Type must be "keyboard"';
  if (DefaultHeight !== undefined && typeof DefaultHeight !== 'boolean') return 'DefaultHeight must be a boolean';
  if (!Array.isArray(Buttons) || Buttons.length === 0) return 'Buttons must be a non-empty array';
  let rows = 0;
  let used = 6;
  for (const [k, button] of (Buttons as unknown[]).entries()) {
    const b = (button ?? {}) as Record<string, unknown>;
    const columns = b.Columns ?? 6;
    const height = b.Rows ?? 1;
    if (!Number.isInteger(columns) || (columns as number) < 1 || (columns as number) > 6) return `button ${k}: Columns must be 1–6`;
    if (!Number.isInteger(height) || (height as number) < 1 || (height as number) > 2) return `button ${k}: Rows must be 1–2`;
    const action = b.ActionType ?? 'reply';
    if (typeof action !== 'string' || !ACTION_TYPES.has(action)) return `button ${k}: unknown ActionType`;
    if (typeof b.ActionBody !== 'string' || b.ActionBody === '') return `button ${k}: ActionBody is required`;
    if (b.ActionBody.length > FAKE_VIBER_LIMITS.actionBodyLength) return `button ${k}: ActionBody is too long`;
    if (b.Text !== undefined && (typeof b.Text !== 'string' || b.Text.length > FAKE_VIBER_LIMITS.buttonTextLength)) return `button ${k}: Text must be at most 250 characters`;
    if (b.Text === undefined && b.BgMedia === undefined && b.Image === undefined && b.BgColor === undefined) return `button ${k}: needs Text, BgMedia, Image or BgColor`;
    if (b.TextSize !== undefined && !TEXT_SIZES.has(b.TextSize as string)) return `button ${k}: TextSize must be small, regular or large`;
    if (b.Silent !== undefined && typeof b.Silent !== 'boolean') return `button ${k}: Silent must be a boolean`;
    if (used + (columns as number) > 6) {
      rows += height as number;
      used = 0;
    }
    used += columns as number;
  }
  if (rows > FAKE_VIBER_LIMITS.keyboardRows) return `${rows} rows; at most ${FAKE_VIBER_LIMITS.keyboardRows}`;
  return undefined;
}

function viberAnswer(status: number, message: string): Answer {
  return { httpStatus: 200, json: JSON.stringify({ status, status_message: message }) };
}

function okAnswer(extra: Record<string, unknown>): Answer {
  return { httpStatus: 200, json: JSON.stringify({ status: 0, status_message: 'ok', ...extra }) };
}

// ---- callbacks, as Viber sends them ----------------------------------------------------------------------------

export interface ViberPerson {
  id: string;
  name?: string;
  language?: string;
  country?: string;
  apiVersion?: number;
}

export interface SignedCallback {
  /** The exact bytes to POST. */
  body: Buffer;
  headers: Record<string, string>;
  /** The message_token digits, when the callback has one. */
  token?: string;
}

export interface CallbackOptions {
  /** A fixed message_token (digits), e.g. to send the same callback twice. */
  token?: string;
  /** Write every non-ASCII character as `\uXXXX`, as some JSON encoders do; Viber signs those bytes. */
  escapeUnicode?: boolean;
}

/** Replaced by the token's digits after stringifying, so the token is a JSON number as Viber writes it. */
const TOKEN_PLACEHOLDER = '__MESSAGE_TOKEN__';

/** Builds signed callbacks in Viber's shape. Tokens are 64-bit and increase from one callback to the next. */
export class ViberCallbacks {
  private next = 4_912_661_846_655_238_145n;

  constructor(private readonly authToken: string = FAKE_VIBER_TOKEN) {}

  /** A new token; neighbouring tokens differ by 1, below what a JS number can tell apart. */
  newToken(): string {
    return (this.next++).toString();
  }

  message(person: ViberPerson, text: string, options: CallbackOptions = {}): SignedCallback {
    return this.build({ event: 'message', timestamp: Date.now(), message_token: TOKEN_PLACEHOLDER, sender: user(person), message: { type: 'text', text } }, options);
  }

  /** A reply-keyboard press: Viber sends the button's ActionBody as the person's text message. */
  keyboardPress(person: ViberPerson, actionBody: string, options: CallbackOptions = {}): SignedCallback {
    return this.message(person, actionBody, options);
  }

  sticker(person: ViberPerson, options: CallbackOptions = {}): SignedCallback {
    return this.build({ event: 'message', timestamp: Date.now(), message_token: TOKEN_PLACEHOLDER, sender: user(person), message: { type: 'sticker', sticker_id: 46105 } }, options);
  }

  /**
   * A picture, video or file, as Viber's "message" callback carries it; `text` is what the person wrote
   * under it (Viber sends no `text` when they wrote nothing).
   */
  media(person: ViberPerson, type: 'picture' | 'video' | 'file', text?: string, options: CallbackOptions = {}): SignedCallback {
    const media = {
      picture: { media: 'https://dl-media.viber.com/1/share/2/long/vibes/icon/image/0x0/95e0/fake.jpg', thumbnail: 'https://dl-media.viber.com/fake-thumb.jpg', file_name: 'IMG_0042.jpg', size: 123456 },
      video: { media: 'https://dl-media.viber.com/fake.mp4', thumbnail: 'https://dl-media.viber.com/fake-thumb.jpg', size: 2345678, duration: 12 },
      file: { media: 'https://dl-media.viber.com/fake.pdf', file_name: 'brief-gemeente.pdf', size: 345678 },
    }[type];
    const message = { type, ...(text !== undefined ? { text } : {}), ...media };
    return this.build({ event: 'message', timestamp: Date.now(), message_token: TOKEN_PLACEHOLDER, sender: user(person), message }, options);
  }

  conversationStarted(person: ViberPerson, options: CallbackOptions & { subscribed?: boolean } = {}): SignedCallback {
    return this.build(
      { event: 'conversation_started', timestamp: Date.now(), message_token: TOKEN_PLACEHOLDER, type: 'open', user: user(person), subscribed: options.subscribed ?? false },
      options,
    );
  }

  subscribed(person: ViberPerson, options: CallbackOptions = {}): SignedCallback {
    return this.build({ event: 'subscribed', timestamp: Date.now(), user: user(person), message_token: TOKEN_PLACEHOLDER }, options);
  }

  unsubscribed(userId: string, options: CallbackOptions = {}): SignedCallback {
    return this.build({ event: 'unsubscribed', timestamp: Date.now(), user_id: userId, message_token: TOKEN_PLACEHOLDER }, options);
  }

  delivered(userId: string, options: CallbackOptions = {}): SignedCallback {
    return this.build({ event: 'delivered', timestamp: Date.now(), message_token: TOKEN_PLACEHOLDER, user_id: userId }, options);
  }

  webhook(options: CallbackOptions = {}): SignedCallback {
    return this.build({ event: 'webhook', timestamp: Date.now(), chat_hostname: 'SN-FAKE_', message_token: TOKEN_PLACEHOLDER }, options);
  }

  /** Any body, signed as Viber would sign it. */
  raw(body: string | Buffer): SignedCallback {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    return { body: bytes, headers: { 'content-type': 'application/json', 'x-viber-content-signature': sign(bytes, this.authToken) } };
  }

  private build(callback: Record<string, unknown>, options: CallbackOptions): SignedCallback {
    const token = options.token ?? this.newToken();
    let json = JSON.stringify(callback).replace(`"${TOKEN_PLACEHOLDER}"`, token);
    if (options.escapeUnicode) json = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return { ...this.raw(json), token };
  }
}

function user(person: ViberPerson): Record<string, unknown> {
  return {
    id: person.id,
    ...(person.name !== undefined ? { name: person.name } : {}),
    avatar: 'https://media-direct.cdn.viber.com/download_photo?dlid=fake',
    language: person.language ?? 'uk',
    country: person.country ?? 'NL',
    api_version: person.apiVersion ?? 10,
  };
}

export function sign(body: Buffer, authToken: string): string {
  return createHmac('sha256', authToken).update(body).digest('hex');
}

/**
 * POSTs a callback. `splitAt` cuts the body at these byte offsets into separate writes (separate TCP
 * segments, 20 ms apart); `headers` replaces the callback's headers or leaves one out (undefined), e.g. to
 * forge or drop the signature.
 */
export function postCallback(
  url: URL,
  callback: SignedCallback,
  options: { splitAt?: number[]; headers?: Record<string, string | undefined> } = {},
): Promise<{ status: number; body: string }> {
  const cuts = [0, ...(options.splitAt ?? []), callback.body.length];
  const chunks = cuts.slice(1).map((end, k) => callback.body.subarray(cuts[k], end));
  return post(url, chunks, { ...callback.headers, ...options.headers }).then(({ status, body }) => ({ status, body }));
}
