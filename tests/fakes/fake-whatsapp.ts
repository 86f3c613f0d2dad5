/**
 * A local stand-in for the WhatsApp Cloud API (Graph API messages endpoint), speaking real HTTP on
 * 127.0.0.1 (port 0), so the client and outbox are tested through fetch, sockets and JSON as in production.
 *
 * It checks what Meta checks and we could get wrong (Bearer token, phone number id, text ≤ 4096, reply
 * buttons ≤ 3 with titles ≤ 20, list rows ≤ 10 with titles ≤ 24 and descriptions ≤ 72, bodies ≤ 1024),
 * records every call, answers like Meta (`{messaging_product, contacts, messages: [{id}]}`, wamids that
 * embed the number), and can be scripted to fail (`failNext`).
 *
 * Below it: builders for webhook notifications in Meta's real shape, Meta's JSON escaping, and signing.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readAll, RecordingServer } from './recording-server';

export const FAKE_WA = Object.freeze({
  token: 'EAAGtestTOKENforPrykhystok0123456789abcdef',
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '15550783881',
  apiVersion: 'v21.0',
  appSecret: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
  verifyToken: 'prykhystok-verify-token',
  businessAccountId: '102290129340398',
});

export interface SentCall {
  version: string;
  phoneNumberId: string;
  authorization: string | undefined;
  /** The request body as sent. */
  body: Record<string, unknown>;
  /** performance.now() when the request arrived. */
  at: number;
  status?: number;
  ok?: boolean;
  messageId?: string;
  error?: { code: number; message: string };
}

export type FailureSpec =
  /** A Graph rate-limit error: HTTP 400 with the code, as Meta answers, unless `httpStatus` says 429. */
  | { kind: 'rate-limit'; code?: 4 | 80007 | 130429 | 131056; httpStatus?: 400 | 429; retryAfterSeconds?: number }
  | { kind: 'server'; status?: 500 | 502 | 503 }
  /** Any other Graph error, e.g. { code: 131047, message: 'Re-engagement message' }. */
  | { kind: 'error'; code: number; message: string; details?: string; status?: number }
  /** Close the connection without an answer. */
  | { kind: 'drop' }
  /** Never answer (until close): the client's timeout must fire. */
  | { kind: 'hang' };

type GraphAnswer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

export class FakeWhatsApp extends RecordingServer<SentCall> {
  private readonly failures: FailureSpec[] = [];

  private constructor(
    readonly token: string,
    readonly phoneNumberId: string,
  ) {
    super('FakeWhatsApp');
  }

  static async start(options: { token?: string; phoneNumberId?: string } = {}): Promise<FakeWhatsApp> {
    const fake = new FakeWhatsApp(options.token ?? FAKE_WA.token, options.phoneNumberId ?? FAKE_WA.phoneNumberId);
    await fake.listen();
    return fake;
  }

  /** The next `times` send calls fail as described. */
  failNext(failure: FailureSpec, times = 1): void {
    for (let k = 0; k < times; k++) this.failures.push(failure);
  }

  /** Messages Meta accepted, in order. */
  accepted(): SentCall[] {
    return this.calls.filter((call) => call.ok === true);
  }

  /** Resolves with the matching calls once there are at least `n` (answered); rejects after `timeoutMs`. */
  waitForCalls(n: number, timeoutMs = 2000, filter: (call: SentCall) => boolean = (call) => call.status !== undefined): Promise<SentCall[]> {
    return this.waitUntil(() => this.calls.filter(filter), n, timeoutMs, 'call(s)');
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readAll(req);
    const match = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec((req.url ?? '').split('?')[0] ?? '');
    if (!match || req.method !== 'POST') return this.send(res, undefined, graphError(400, 100, 'Unknown path components', 'OAuthException'));
    const [, version = '', phoneNumberId = ''] = match;

    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      return this.send(res, undefined, graphError(400, 100, 'Invalid parameter'));
    }
    const authorization = req.headers.authorization;
    const call: SentCall = { version, phoneNumberId, authorization, body, at: performance.now() };
    this.record(call);

    if (authorization !== `Bearer ${this.token}`) {
      return this.send(res, call, graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException'));
    }
    if (phoneNumberId !== this.phoneNumberId) {
      return this.send(res, call, graphError(400, 100, `Unsupported post request. Object with ID '${phoneNumberId}' does not exist`, 'GraphMethodException'));
    }
    const failure = this.failures.shift();
    if (failure) {
      if (failure.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (failure.kind === 'hang') return;
      return this.send(res, call, failureAnswer(failure));
    }
    const invalid = validateSendRequest(body);
    if (invalid) return this.send(res, call, graphError(400, invalid.code, invalid.message));
    const recipient = typeof body.to === 'string' ? body.to : String(body.recipient);
    const messageId = fakeWamid(recipient);
    call.messageId = messageId;
    return this.send(res, call, {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [typeof body.to === 'string' ? { input: body.to, wa_id: body.to.replace(/^\+/, '') } : { input: recipient, user_id: recipient }],
        messages: [{ id: messageId }],
      },
    });
  }

  private send(res: ServerResponse, call: SentCall | undefined, answer: GraphAnswer): void {
    if (call) {
      call.status = answer.status;
      call.ok = answer.status === 200;
      const error = answer.body.error as { code: number; message: string } | undefined;
      if (error) call.error = { code: error.code, message: error.message };
      this.answered();
    }
    if (res.destroyed) return;
    const body = JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...answer.headers });
    res.end(body);
  }
}

function graphError(status: number, code: number, message: string, type = 'OAuthException', details?: string): GraphAnswer {
  return {
    status,
    body: {
      error: {
        message: `(#${code}) ${message}`,
        type,
        code,
        ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
        fbtrace_id: `A${randomBytes(8).toString('hex')}`,
      },
    },
  };
}

function failureAnswer(failure: Exclude<FailureSpec, { kind: 'drop' } | { kind: 'hang' }>): GraphAnswer {
  switch (failure.kind) {
    case 'rate-limit': {
      const code = failure.code ?? 130429;
      const answer = graphError(failure.httpStatus ?? 400, code, code === 131056 ? '(Business Account, Consumer Account) pair rate limit hit' : 'Rate limit hit', 'OAuthException');
      return failure.retryAfterSeconds !== undefined ? { ...answer, headers: { 'retry-after': String(failure.retryAfterSeconds) } } : answer;
    }
    case 'server':
      return graphError(failure.status ?? 500, 131000, 'Something went wrong', 'OAuthException');
    case 'error':
      return graphError(failure.status ?? 400, failure.code, failure.message, 'OAuthException', failure.details);
  }
}

// ---- what Meta validates --------------------------------------------------------------------------------

const LIMITS = { text: 4096, body: 1024, buttons: 3, buttonTitle: 20, buttonId: 256, rows: 10, rowTitle: 24, rowDescription: 72, rowId: 200, listButton: 20, sectionTitle: 24 };

type Invalid = { code: number; message: string } | undefined;
const param = (message: string): Invalid => ({ code: 100, message: `Invalid parameter: ${message}` });
const value = (message: string): Invalid => ({ code: 131009, message: `Parameter value is not valid: ${message}` });

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The checks the Cloud API makes on a send request, as far as our messages go. Returns Meta's code and a
 * message for the first problem, or undefined. Exported so renderer tests can check their output too.
 */
export function validateSendRequest(body: Record<string, unknown>): Invalid {
  if (body.messaging_product !== 'whatsapp') return param('messaging_product must be "whatsapp"');
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') return param('recipient_type');
  const to = body.to;
  const recipient = body.recipient;
  if (to === undefined && recipient === undefined) return param('"to" or "recipient" is required');
  if (to !== undefined && !(isString(to) && /^\+?\d{5,20}$/.test(to))) return param('"to" must be a phone number');
  if (recipient !== undefined && !(isString(recipient) && /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$/.test(recipient))) return param('"recipient" must be a BSUID');
  return validateMessage(body);
}

/** The message part of a send request (what the renderer produces). */
export function validateMessage(message: Record<string, unknown>): Invalid {
  if (message.type === 'text') {
    const text = message.text;
    if (!isObject(text) || !isString(text.body) || text.body.trim() === '') return param("text['body'] is required");
    if (text.body.length > LIMITS.text) return param(`text['body'] must be at most ${LIMITS.text} characters long`);
    if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean') return param("text['preview_url'] must be a boolean");
    return undefined;
  }
  if (message.type === 'interactive') return validateInteractive(message.interactive);
  return param(`message type ${String(message.type)} is not supported by this fake`);
}

function validateInteractive(interactive: unknown): Invalid {
  if (!isObject(interactive)) return param('interactive is required');
  const body = interactive.body;
  if (!isObject(body) || !isString(body.text) || body.text.trim() === '') return param("interactive['body']['text'] is required");
  if (body.text.length > LIMITS.body) return value(`body text must be at most ${LIMITS.body} characters`);
  const action = interactive.action;
  if (!isObject(action)) return param("interactive['action'] is required");

  if (interactive.type === 'button') {
    const buttons = action.buttons;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > LIMITS.buttons) return value(`buttons: between 1 and ${LIMITS.buttons}`);
    const ids = new Set<string>();
    const titles = new Set<string>();
    for (const button of buttons) {
      const reply = isObject(button) && button.type === 'reply' && isObject(button.reply) ? button.reply : undefined;
      if (!reply || !isString(reply.id) || !isString(reply.title)) return param('each button needs type "reply" with id and title');
      if (reply.id.length < 1 || reply.id.length > LIMITS.buttonId) return value(`button id length: 1 to ${LIMITS.buttonId}`);
      if (reply.title.trim() === '' || reply.title.length > LIMITS.buttonTitle) return value(`Button title length invalid. Min length: 1, Max length: ${LIMITS.buttonTitle}`);
      if (ids.has(reply.id)) return value('Button ids must be unique');
      if (titles.has(reply.title)) return value('Button titles must be unique');
      ids.add(reply.id);
      titles.add(reply.title);
    }
    return undefined;
  }

  if (interactive.type === 'list') {
    if (!isString(action.button) || action.button.trim() === '' || action.button.length > LIMITS.listButton) {
      return value(`list button text length: 1 to ${LIMITS.listButton}`);
    }
    const sections = action.sections;
    if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) return value('sections: between 1 and 10');
    let rows = 0;
    const ids = new Set<string>();
    for (const section of sections) {
      if (!isObject(section) || !Array.isArray(section.rows) || section.rows.length === 0) return param('each section needs rows');
      if (sections.length > 1 && !(isString(section.title) && section.title.length > 0)) return param('section title is required with several sections');
      if (isString(section.title) && section.title.length > LIMITS.sectionTitle) return value(`section title length: at most ${LIMITS.sectionTitle}`);
      for (const row of section.rows as unknown[]) {
        rows += 1;
        if (!isObject(row) || !isString(row.id) || !isString(row.title)) return param('each row needs id and title');
        if (row.id.length < 1 || row.id.length > LIMITS.rowId) return value(`row id length: 1 to ${LIMITS.rowId}`);
        if (ids.has(row.id)) return value('Row ids must be unique');
        ids.add(row.id);
        if (row.title.trim() === '' || row.title.length > LIMITS.rowTitle) return value(`Row title length invalid. Max length: ${LIMITS.rowTitle}`);
        if (row.description !== undefined && (!isString(row.description) || row.description.length > LIMITS.rowDescription)) {
          return value(`Row description length invalid. Max length: ${LIMITS.rowDescription}`);
        }
      }
    }
    if (rows > LIMITS.rows) return value(`Total row count exceed max allowed count: ${LIMITS.rows}`);
    return undefined;
  }
  return param(`interactive type ${String(interactive.type)} is not supported by this fake`);
}

// ---- webhook notifications ------------------------------------------------------------------------------

/**
 * A wamid like Meta's: base64 of a small protobuf holding the phone number and a random id. So a wamid in
 * a log line is a phone number in a log line, and tests can look for it.
 */
export function fakeWamid(phone: string): string {
  const digits = Buffer.from(phone.replace(/^\+/, ''), 'ascii');
  const id = Buffer.from(randomBytes(10).toString('hex').toUpperCase(), 'ascii');
  const bytes = Buffer.concat([Buffer.from([0x1c, 0x18, digits.length]), digits, Buffer.from([0x15, 0x02, 0x00, 0x12, 0x18, id.length]), id, Buffer.from([0x00])]);
  return `wamid.${bytes.toString('base64')}`;
}

export interface FromPerson {
  /** wa_id: the phone number, digits only. */
  from: string;
  /** Profile name shown in contacts[]. */
  name?: string;
  /** Business-scoped user id, sent alongside (or, for username users, instead of) the number. */
  userId?: string;
  /** Leave the phone number out, as for a person who adopted a username. */
  hidePhone?: boolean;
  id?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
}

export type InboundSpec = FromPerson &
  (
    | { text: string }
    | { buttonReply: { id: string; title: string } }
    | { listReply: { id: string; title: string; description?: string } }
    /** Any other type; an image, video or document carries `caption` when given. */
    | { type: string; caption?: string }
    /** The person edited the message `originalId`: its new text, or the new caption of an image. */
    | { edit: { originalId: string; text: string } | { originalId: string; caption: string } }
  );

/** One entry of `value.messages[]`, in Meta's shape. */
export function inboundMessage(spec: InboundSpec): Record<string, unknown> {
  const base: Record<string, unknown> = {
    ...(spec.hidePhone ? {} : { from: spec.from }),
    ...(spec.userId ? { from_user_id: spec.userId } : {}),
    id: spec.id ?? fakeWamid(spec.from),
    timestamp: String(spec.timestamp ?? Math.floor(Date.now() / 1000)),
  };
  if ('text' in spec) return { ...base, type: 'text', text: { body: spec.text } };
  if ('buttonReply' in spec) {
    return { context: { from: FAKE_WA.displayPhoneNumber, id: fakeWamid(spec.from) }, ...base, type: 'interactive', interactive: { type: 'button_reply', button_reply: spec.buttonReply } };
  }
  if ('edit' in spec) {
    // The shape of the messages webhook reference for edits: type "edit", the edited message inside.
    const content = 'text' in spec.edit ? { type: 'text', text: { body: spec.edit.text } } : { type: 'image', image: { caption: spec.edit.caption, mime_type: 'image/jpeg', sha256: 'abc', id: '1234567890' } };
    return { ...base, type: 'edit', edit: { original_message_id: spec.edit.originalId, message: { context: { id: spec.edit.originalId }, ...content } } };
  }
  if ('listReply' in spec) {
    return { context: { from: FAKE_WA.displayPhoneNumber, id: fakeWamid(spec.from) }, ...base, type: 'interactive', interactive: { type: 'list_reply', list_reply: spec.listReply } };
  }
  // Media objects as the Cloud API's messages webhook reference shows them; `caption` only when written.
  const caption = spec.caption !== undefined ? { caption: spec.caption } : {};
  if (spec.type === 'image') return { ...base, type: 'image', image: { ...caption, mime_type: 'image/jpeg', sha256: 'abc', id: '1234567890' } };
  if (spec.type === 'video') return { ...base, type: 'video', video: { ...caption, mime_type: 'video/mp4', sha256: 'abc', id: '1234567892' } };
  if (spec.type === 'document') {
    return { ...base, type: 'document', document: { ...caption, filename: 'brief-gemeente.pdf', mime_type: 'application/pdf', sha256: 'abc', id: '1234567893' } };
  }
  if (spec.type === 'sticker') return { ...base, type: 'sticker', sticker: { mime_type: 'image/webp', sha256: 'abc', id: '1234567894', animated: false } };
  if (spec.type === 'audio') return { ...base, type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'abc', id: '1234567891', voice: true } };
  if (spec.type === 'reaction') return { ...base, type: 'reaction', reaction: { message_id: fakeWamid(spec.from), emoji: '👍' } };
  return { ...base, type: spec.type };
}

export interface StatusSpec {
  recipient: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  errors?: Array<{ code: number; title: string }>;
}

export function statusUpdate(spec: StatusSpec): Record<string, unknown> {
  return {
    id: fakeWamid(spec.recipient),
    status: spec.status,
    timestamp: String(Math.floor(Date.now() / 1000)),
    recipient_id: spec.recipient,
    ...(spec.status === 'failed' ? { errors: spec.errors ?? [{ code: 131047, title: 'Re-engagement message' }] } : {}),
    ...(spec.status === 'failed' ? {} : { conversation: { id: 'CONVERSATION_ID', origin: { type: 'service' } }, pricing: { billable: false, pricing_model: 'PMP', category: 'service' } }),
  };
}

/** A whole notification: object, entry[], changes[], value with metadata, contacts[], messages[] and statuses[]. */
export function notification(content: { messages?: InboundSpec[]; statuses?: StatusSpec[]; phoneNumberId?: string }): Record<string, unknown> {
  const people = new Map<string, FromPerson>();
  for (const spec of content.messages ?? []) people.set(spec.from, spec);
  const value: Record<string, unknown> = {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: FAKE_WA.displayPhoneNumber, phone_number_id: content.phoneNumberId ?? FAKE_WA.phoneNumberId },
  };
  if (content.messages) {
    value.contacts = [...people.values()].map((person) => ({
      profile: { name: person.name ?? 'Олена' },
      ...(person.hidePhone ? {} : { wa_id: person.from }),
      ...(person.userId ? { user_id: person.userId } : {}),
    }));
    value.messages = content.messages.map(inboundMessage);
  }
  if (content.statuses) value.statuses = content.statuses.map(statusUpdate);
  return { object: 'whatsapp_business_account', entry: [{ id: FAKE_WA.businessAccountId, changes: [{ value, field: 'messages' }] }] };
}

/** JSON as Meta sends it: every non-ASCII character as \uXXXX, and "/" as "\/". */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

/** The X-Hub-Signature-256 header Meta would send with these bytes. */
export function signature(body: Buffer | string, appSecret: string = FAKE_WA.appSecret): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** A notification as Meta posts it: the escaped JSON bytes and the headers, signed with `appSecret`. */
export function signedWebhook(payload: unknown, appSecret: string = FAKE_WA.appSecret): { body: Buffer; headers: Record<string, string> } {
  const body = Buffer.from(metaJson(payload), 'utf8');
  return { body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(body, appSecret) } };
}
