/**
 * What every messenger webhook does with a POST, in one place: refuse what is not from the platform,
 * read the body as bytes (bounded), decode it as UTF-8 JSON, validate it, drop repeats, answer, and hand
 * each new item over. A platform's module (telegram/, whatsapp/, viber/webhook.ts) supplies only what is
 * its own: how a request proves where it came from, and what a valid body looks like.
 *
 * Why these rules hold for all three:
 * - The body is read here, as bytes, because signatures cover the exact bytes and a generic body parser
 *   would either be unbounded or break a Cyrillic character split across two TCP chunks.
 * - Platforms redeliver until they see a 2xx (Telegram for a day, Meta for days), so anything that did come
 *   from the platform but that we cannot use (odd shape, unknown event, repeat) still gets 200.
 * - The 200 goes out before the hand-over, so a slow turn never makes the platform resend. A hand-over is
 *   watched for `handOverTimeoutMs`: past it the operator is told once, and nothing of ours (timer,
 *   listener) stays behind, however long the turn itself hangs.
 */
import { TextDecoder } from 'node:util';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { RecentIds } from './dedupe';
import { readRawBody } from './raw-body';

/** A turn is in memory and its replies are only queued: seconds would already be a fault worth a warning. */
const DEFAULT_HAND_OVER_TIMEOUT_MS = 15_000;

/** What a platform made of a valid body: the items to hand over, or why there is nothing to do. */
export type Received<T> =
  | { readonly items: readonly T[] }
  | { readonly ignored: string; readonly level: 'warn' | 'debug'; readonly fields?: Record<string, unknown> };

/** An item answered in the HTTP response itself (Viber's welcome message), awaited for at most `timeoutMs`. */
export interface AnsweredInResponse<T> {
  /** Names it in log lines, e.g. 'the welcome turn'. */
  readonly what: string;
  /**
   * For an item answered in the response, the turn that makes the response body (undefined, a failure or
   * lateness give an empty 200); undefined for an item handed over after the answer.
   */
  answer(item: T): (() => Promise<object | undefined>) | undefined;
  readonly timeoutMs: number;
}

export interface WebhookReceiverOptions<T> {
  /** 'telegram': log lines start 'telegram webhook: '. */
  readonly platform: string;
  /** What one item is called in log lines: 'update', 'message', 'callback'. */
  readonly itemName: string;
  readonly logger: Pick<Logger, 'debug' | 'warn' | 'error'>;
  readonly dedupe: Pick<RecentIds, 'firstTime'>;
  readonly maxBodyBytes: number;
  /**
   * Checks what needs no body (a secret header, the shape of a signature), so a stranger's body is not
   * even read. Returns the reason for refusing (logged, never a credential), or undefined.
   */
  checkHeaders?(req: Request): string | undefined;
  /** Checks the exact bytes (an HMAC signature); returns the reason for refusing, or undefined. */
  checkBody?(body: Buffer, req: Request): string | undefined;
  /** Validates the decoded body (`text` is the same body as a string, for platforms that need its digits). */
  receive(json: unknown, text: string): Received<T>;
  /** The de-duplication key of an item; undefined: the item has no identity to check. */
  key(item: T): string | undefined;
  /** Log fields naming an item without anything a person wrote or a raw id (an update id, a digest). */
  ref(item: T): Record<string, unknown>;
  /** Called after the answer has gone out, once per new item, in order; errors are logged, never thrown. */
  handOver(item: T): unknown;
  handOverTimeoutMs?: number;
  inResponse?: AnsweredInResponse<T>;
  /** Called for every refused request (e.g. for metrics). */
  onRejected?(): void;
}

/** A POST route's handler; mount it before any body parser. */
export type WebhookHandler = (req: Request, res: Response) => Promise<void>;

export function webhookReceiver<T>(options: WebhookReceiverOptions<T>): WebhookHandler {
  const { platform, logger, dedupe, maxBodyBytes } = options;
  const handOverTimeoutMs = options.handOverTimeoutMs ?? DEFAULT_HAND_OVER_TIMEOUT_MS;
  const prefix = `${platform} webhook:`;
  const anItem = `${/^[aeiou]/.test(options.itemName) ? 'an' : 'a'} ${options.itemName}`;

  const refuse = (req: Request, res: Response, reason: string): void => {
    logger.warn({}, `${prefix} ${reason}; request refused`);
    options.onRejected?.();
    // Whatever is left of the body is discarded unread.
    req.resume();
    res.status(401).end();
  };

  const handOver = (item: T): void => {
    const ref = options.ref(item);
    const watch = watchFor(handOverTimeoutMs, () => {
      logger.warn({ ...ref, timeoutMs: handOverTimeoutMs }, `${prefix} handling ${anItem} is taking longer than ${handOverTimeoutMs} ms; no longer waiting for it`);
    });
    void Promise.resolve()
      .then(() => options.handOver(item))
      .catch((error: unknown) => {
        logger.error({ ...ref, error: errorText(error) }, `${prefix} handling ${anItem} failed`);
      })
      .finally(watch.stop);
  };

  const answer = async (item: T, turn: () => Promise<object | undefined>, inResponse: AnsweredInResponse<T>): Promise<object | undefined> => {
    const ref = options.ref(item);
    const settled = Promise.resolve()
      .then(turn)
      .catch((error: unknown) => {
        logger.error({ ...ref, error: errorText(error) }, `${prefix} ${inResponse.what} failed`);
        return undefined;
      });
    const result = await boundedBy(settled, inResponse.timeoutMs);
    if (result === LATE) {
      logger.warn({ ...ref, timeoutMs: inResponse.timeoutMs }, `${prefix} ${inResponse.what} was too slow; answered without it`);
      return undefined;
    }
    return result;
  };

  return async (req, res) => {
    const refusal = options.checkHeaders?.(req);
    if (refusal !== undefined) return refuse(req, res, refusal);
    if (req.body !== undefined || req.readableEnded) {
      logger.error({}, `${prefix} the body was already read; mount this router before any body parser`);
      res.status(500).end();
      return;
    }

    const body = await readRawBody(req, maxBodyBytes);
    if (body === 'too-large') {
      logger.warn({ maxBodyBytes }, `${prefix} body over the size limit`);
      // The rest of an oversized body is discarded unread, and the connection closed after the answer.
      req.resume();
      res.status(413).set('Connection', 'close').end();
      return;
    }
    if (body === 'aborted') return;
    const bodyRefusal = options.checkBody?.(body, req);
    if (bodyRefusal !== undefined) return refuse(req, res, bodyRefusal);

    let text: string;
    let json: unknown;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
      json = JSON.parse(text);
    } catch {
      logger.warn({ bytes: body.length }, `${prefix} body is not UTF-8 JSON`);
      res.status(400).end();
      return;
    }

    const received = options.receive(json, text);
    if ('ignored' in received) {
      logger[received.level](received.fields ?? {}, `${prefix} ${received.ignored}, ignored`);
      res.status(200).end();
      return;
    }
    const fresh = received.items.filter((item) => {
      const key = options.key(item);
      if (key === undefined || dedupe.firstTime(key)) return true;
      logger.debug(options.ref(item), `${prefix} repeated ${options.itemName} ignored`);
      return false;
    });

    // At most one item is answered in the response (Viber sends conversation_started on its own).
    const inResponse = options.inResponse;
    const answered = inResponse && firstAnswered(fresh, inResponse);
    const content = answered && inResponse ? await answer(answered.item, answered.turn, inResponse) : undefined;
    if (content) res.status(200).json(content);
    else res.status(200).end();
    for (const item of fresh) if (item !== answered?.item) handOver(item);
  };
}

/** Paths and codes of a zod error, at most five: the values could be a person's words or number. */
export function schemaIssues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string }> }): Array<{ path: string; code: string }> {
  return error.issues.slice(0, 5).map((issue) => ({ path: issue.path.map(String).join('.'), code: issue.code }));
}

function firstAnswered<T>(items: readonly T[], inResponse: AnsweredInResponse<T>): { item: T; turn: () => Promise<object | undefined> } | undefined {
  for (const item of items) {
    const turn = inResponse.answer(item);
    if (turn) return { item, turn };
  }
  return undefined;
}

const LATE = Symbol('late');

/** `work`'s result, or LATE once `timeoutMs` has passed; the timer is gone either way. */
async function boundedBy<R>(work: Promise<R>, timeoutMs: number): Promise<R | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), timeoutMs);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Calls `onLate` once if `stop` has not been called within `timeoutMs`; never keeps the process alive. */
function watchFor(timeoutMs: number, onLate: () => void): { stop: () => void } {
  const timer = setTimeout(onLate, timeoutMs);
  timer.unref();
  return { stop: () => clearTimeout(timer) };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
