/**
 * A local stand-in for the Telegram Bot API, speaking real HTTP on 127.0.0.1 (port 0), so the client,
 * outbox and poller are tested through fetch, sockets and JSON exactly as in production.
 *
 * It validates what Telegram validates and we could get wrong (HTML entities and tags, message length,
 * callback_data size), records every call, and can be scripted to fail (`failNext`, `block`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readAll, RecordingServer } from './recording-server';

export const FAKE_TOKEN = '123456:TEST-fake_token_for_tests_only';

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** performance.now() when the request arrived. */
  at: number;
  /** HTTP status of the answer; undefined while it is pending (long poll) or if none was sent. */
  status?: number;
  ok?: boolean;
  result?: unknown;
}

export type FailureSpec =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 | 504 }
  | { status: 400 | 403 | 409; description: string }
  /** Close the connection without an answer (a network error for the client). */
  | { drop: true }
  /** Never answer (until close): the client's timeout must fire. */
  | { hang: true };

type ApiAnswer = { status: number; body: Record<string, unknown> };

const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'blockquote']);
const ALLOWED_ATTRIBUTES: Record<string, string[]> = { a: ['href'], code: ['class'], blockquote: ['expandable'] };
const MAX_TEXT_LENGTH = 4096;

export class FakeTelegram extends RecordingServer<RecordedCall> {
  webhook: { url: string; secret_token?: string } | undefined;

  private readonly failures = new Map<string, FailureSpec[]>();
  private readonly blocked = new Map<string, FailureSpec>();
  private updates: Array<Record<string, unknown> & { update_id: number }> = [];
  private nextUpdateId = 1000;
  private nextMessageId = 1;

  private constructor(readonly token: string) {
    super('FakeTelegram');
  }

  static async start(options: { token?: string } = {}): Promise<FakeTelegram> {
    const fake = new FakeTelegram(options.token ?? FAKE_TOKEN);
    await fake.listen();
    return fake;
  }

  /** Queues an update for getUpdates; assigns an increasing update_id when the update has none. */
  pushUpdate(update: Record<string, unknown>): number {
    const id = typeof update.update_id === 'number' ? update.update_id : this.nextUpdateId++;
    this.nextUpdateId = Math.max(this.nextUpdateId, id + 1);
    this.updates.push({ ...update, update_id: id });
    this.events.emit('update');
    return id;
  }

  /** The next `times` calls of `method` fail as described. */
  failNext(method: string, failure: FailureSpec, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let k = 0; k < times; k++) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** Every call of `method` fails as described (after any `failNext`), until `unblock`. */
  block(method: string, failure: FailureSpec): void {
    this.blocked.set(method, failure);
  }

  unblock(method: string): void {
    this.blocked.delete(method);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** sendMessage calls Telegram accepted, in order. */
  accepted(method = 'sendMessage'): RecordedCall[] {
    return this.callsOf(method).filter((call) => call.ok === true);
  }

  /** Resolves with the calls of `method` once there are at least `n`; rejects after `timeoutMs`. */
  waitForCalls(method: string, n: number, timeoutMs = 2000, filter: (call: RecordedCall) => boolean = () => true): Promise<RecordedCall[]> {
    return this.waitUntil(() => this.callsOf(method).filter(filter), n, timeoutMs, `${method} call(s)`);
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    const raw = await readAll(req);
    if (!match) return this.send(res, undefined, { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });

    const [, token, method = ''] = match;
    let params: Record<string, unknown> = {};
    if (raw.length > 0) {
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) params = parsed as Record<string, unknown>;
      } catch {
        return this.send(res, undefined, badRequest("can't parse JSON"));
      }
    }
    const call: RecordedCall = { method, params, at: performance.now() };
    this.record(call);

    if (token !== this.token) return this.send(res, call, { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });

    const failure = this.failures.get(method)?.shift() ?? this.blocked.get(method);
    if (failure) {
      if ('drop' in failure) {
        req.socket.destroy();
        return;
      }
      if ('hang' in failure) return;
      return this.send(res, call, failureAnswer(failure));
    }

    switch (method) {
      case 'getMe':
        return this.send(res, call, okAnswer({ id: 123456, is_bot: true, first_name: 'Prykhystok (test)', username: 'prykhystok_test_bot' }));
      case 'sendMessage':
        return this.send(res, call, this.sendMessage(params));
      case 'answerCallbackQuery':
        return this.send(res, call, typeof params.callback_query_id === 'string' ? okAnswer(true) : badRequest('query is too old and response timeout expired or query ID is invalid'));
      case 'setWebhook':
        if (typeof params.url !== 'string') return this.send(res, call, badRequest('bad webhook: URL is empty'));
        this.webhook = { url: params.url, ...(typeof params.secret_token === 'string' ? { secret_token: params.secret_token } : {}) };
        return this.send(res, call, okAnswer(true));
      case 'deleteWebhook':
        this.webhook = undefined;
        return this.send(res, call, okAnswer(true));
      case 'getUpdates':
        return this.getUpdates(params, res, call);
      default:
        return this.send(res, call, { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
    }
  }

  private send(res: ServerResponse, call: RecordedCall | undefined, answer: ApiAnswer): void {
    if (call) {
      call.status = answer.status;
      call.ok = answer.body.ok === true;
      call.result = answer.body.result;
      this.answered();
    }
    if (res.destroyed) return;
    const body = JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  // ---- methods ---------------------------------------------------------------------------------------------

  private sendMessage(params: Record<string, unknown>): ApiAnswer {
    const chatId = params.chat_id;
    if (typeof chatId !== 'number' && typeof chatId !== 'string') return badRequest('chat_id is empty');
    if (typeof params.text !== 'string') return badRequest('message text is empty');
    let visible = params.text;
    if (params.parse_mode === 'HTML') {
      const checked = validateTelegramHtml(params.text);
      if (!checked.ok) return badRequest(`can't parse entities: ${checked.error}`);
      visible = checked.text;
    } else if (params.parse_mode !== undefined) {
      return badRequest('unsupported parse_mode in this fake');
    }
    if (visible.trim() === '') return badRequest('message text is empty');
    if (visible.length > MAX_TEXT_LENGTH) return badRequest('message is too long');
    const keyboardError = validateReplyMarkup(params.reply_markup);
    if (keyboardError) return badRequest(keyboardError);
    return okAnswer({
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private' },
      text: visible,
    });
  }

  private getUpdates(params: Record<string, unknown>, res: ServerResponse, call: RecordedCall): void {
    if (this.webhook) {
      return this.send(res, call, {
        status: 409,
        body: { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" },
      });
    }
    const offset = typeof params.offset === 'number' ? params.offset : undefined;
    const limit = typeof params.limit === 'number' ? params.limit : 100;
    const timeoutSeconds = typeof params.timeout === 'number' ? params.timeout : 0;
    // Asking for an offset confirms every update below it: Telegram forgets them.
    if (offset !== undefined) this.updates = this.updates.filter((update) => update.update_id >= offset);
    const ready = (): Array<Record<string, unknown>> => this.updates.slice(0, limit);

    if (ready().length > 0 || timeoutSeconds <= 0) return this.send(res, call, okAnswer(ready()));
    const answer = (): void => {
      cleanup();
      this.send(res, call, okAnswer(ready()));
    };
    const timer = setTimeout(answer, timeoutSeconds * 1000);
    const cleanup = (): void => {
      clearTimeout(timer);
      this.events.off('update', answer);
      this.events.off('closing', answer);
      res.off('close', cleanup);
    };
    this.events.on('update', answer);
    this.events.on('closing', answer);
    // The client went away (the poller stopped): forget the waiter.
    res.on('close', cleanup);
  }
}

function okAnswer(result: unknown): ApiAnswer {
  return { status: 200, body: { ok: true, result } };
}

function badRequest(description: string): ApiAnswer {
  return { status: 400, body: { ok: false, error_code: 400, description: `Bad Request: ${description}` } };
}

function failureAnswer(failure: Exclude<FailureSpec, { drop: true } | { hang: true }>): ApiAnswer {
  if (failure.status === 429) {
    return {
      status: 429,
      body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${failure.retryAfter}`, parameters: { retry_after: failure.retryAfter } },
    };
  }
  const description = 'description' in failure ? failure.description : failure.status === 500 ? 'Internal Server Error' : 'Bad Gateway';
  return { status: failure.status, body: { ok: false, error_code: failure.status, description } };
}

/** Checks an inline keyboard like Telegram does; returns the error description or undefined. */
function validateReplyMarkup(markup: unknown): string | undefined {
  if (markup === undefined) return undefined;
  let value = markup;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return "can't parse reply keyboard markup JSON object";
    }
  }
  const keyboard = (value as { inline_keyboard?: unknown } | null)?.inline_keyboard;
  if (!Array.isArray(keyboard) || !keyboard.every((row) => Array.isArray(row))) return 'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays';
  for (const row of keyboard as unknown[][]) {
    for (const button of row) {
      const { text, callback_data: data, url } = (button ?? {}) as { text?: unknown; callback_data?: unknown; url?: unknown };
      if (typeof text !== 'string' || text.trim() === '') return 'BUTTON_TEXT_INVALID';
      if (url === undefined && data === undefined) return "can't find field \"callback_data\"";
      if (data !== undefined) {
        const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : 0;
        if (bytes < 1 || bytes > 64) return 'BUTTON_DATA_INVALID';
      }
    }
  }
  return undefined;
}

/**
 * Telegram's HTML parse mode, as the Bot API documents it: only the supported tags (a needs href), properly
 * nested and closed, no link inside a link, nothing inside code/pre but code in pre, `&lt; &gt; &amp; &quot;`
 * and numeric entities. Stricter than Telegram on one point: a raw ">" or an "&" that starts no entity is an
 * error, because our renderer escapes both and should be caught if it stops doing so.
 * Returns the visible text (entities decoded, tags removed) when valid.
 */
export function validateTelegramHtml(html: string): { ok: true; text: string } | { ok: false; error: string } {
  let text = '';
  const stack: string[] = [];
  const at = (index: number): string => `at byte offset ${Buffer.byteLength(html.slice(0, index), 'utf8')}`;
  let i = 0;
  while (i < html.length) {
    const ch = html.charAt(i);
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end === -1) return { ok: false, error: `Unclosed start tag ${at(i)}` };
      const inner = html.slice(i + 1, end);
      if (inner.startsWith('/')) {
        const name = inner.slice(1).trim().toLowerCase();
        const open = stack.pop();
        if (open !== name) return { ok: false, error: `Unmatched end tag ${at(i)}, expected "</${open ?? ''}>", found "</${name}>"` };
      } else {
        const tag = /^([a-zA-Z][a-zA-Z-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*"[^"]*")?)*)\s*$/.exec(inner);
        const name = (tag?.[1] ?? inner.split(/\s/)[0] ?? '').toLowerCase();
        if (!tag || !ALLOWED_TAGS.has(name)) return { ok: false, error: `Unsupported start tag "${name}" ${at(i)}` };
        const attributes = new Map<string, string>();
        for (const attr of (tag[2] ?? '').matchAll(/([a-zA-Z-]+)(?:\s*=\s*"([^"]*)")?/g)) attributes.set((attr[1] ?? '').toLowerCase(), attr[2] ?? '');
        for (const attr of attributes.keys()) {
          if (!(ALLOWED_ATTRIBUTES[name] ?? []).includes(attr)) return { ok: false, error: `Unsupported attribute "${attr}" in tag "${name}" ${at(i)}` };
        }
        if (name === 'a') {
          const href = decodeEntities(attributes.get('href') ?? '');
          if (href === undefined || !/^(https?|tg):\/\/\S+$/i.test(href)) return { ok: false, error: `Wrong URL in tag "a" ${at(i)}` };
          if (stack.includes('a')) return { ok: false, error: `Nested links are not allowed ${at(i)}` };
        }
        if (name === 'blockquote' && stack.includes('blockquote')) return { ok: false, error: `Nested blockquotes are not allowed ${at(i)}` };
        const innermost = stack[stack.length - 1];
        if ((innermost === 'code' || innermost === 'pre') && !(innermost === 'pre' && name === 'code')) {
          return { ok: false, error: `Tag "${name}" is not allowed inside "${innermost}" ${at(i)}` };
        }
        stack.push(name);
      }
      i = end + 1;
      continue;
    }
    if (ch === '&') {
      const entity = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.exec(html.slice(i, i + 12));
      if (!entity) return { ok: false, error: `Unescaped "&" ${at(i)}; use &amp;` };
      text += decodeEntities(entity[0]) ?? '';
      i += entity[0].length;
      continue;
    }
    if (ch === '>') return { ok: false, error: `Unescaped ">" ${at(i)}; use &gt;` };
    text += ch;
    i += 1;
  }
  if (stack.length > 0) return { ok: false, error: `Can't find end tag corresponding to start tag "${stack[stack.length - 1] ?? ''}"` };
  return { ok: true, text };
}

/** Decodes the entities Telegram knows; undefined when a "&" starts none of them. */
function decodeEntities(text: string): string | undefined {
  let invalid = false;
  const decoded = text.replace(/&([^;\s]{0,10});?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) invalid = true;
    if (name === 'lt') return '<';
    if (name === 'gt') return '>';
    if (name === 'amp') return '&';
    if (name === 'quot') return '"';
    const code = /^#x([0-9a-f]+)$/i.exec(name)?.[1] ?? /^#(\d+)$/.exec(name)?.[1];
    if (code !== undefined) {
      const point = name.startsWith('#x') || name.startsWith('#X') ? parseInt(code, 16) : parseInt(code, 10);
      if (point <= 0x10ffff) return String.fromCodePoint(point);
    }
    invalid = true;
    return whole;
  });
  return invalid ? undefined : decoded;
}
