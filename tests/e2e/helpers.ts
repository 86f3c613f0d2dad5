/**
 * End-to-end helpers: the whole app on port 0 over a temporary DATA_DIR, a small JSON client for
 * POST /api/chat that keeps the server-issued session, and cleanup that closes everything.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { FAKE_WA } from '../fakes/fake-whatsapp';
import { FAKE_VIBER_TOKEN } from '../fakes/fake-viber';
import { createApplication, type AppOptions, type Application } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger, type Logger } from '../../src/logger';

const ROOT = path.resolve(__dirname, '../..');

export interface RunningApp {
  app: Application;
  /** http://127.0.0.1:<port> */
  base: string;
  dataDir: string;
  /** Stops the app; removes DATA_DIR unless `keepData`. Safe to call twice. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'prykhystok-e2e-'));
}

export async function startApp(env: Record<string, string> = {}, options: AppOptions & { dataDir?: string } = {}): Promise<RunningApp> {
  const { dataDir = tempDataDir(), ...appOptions } = options;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
    LOCALES_DIR: path.join(ROOT, 'locales'),
    STATIC_DIR: path.join(ROOT, 'src/web/static'),
    LOG_LEVEL: 'silent',
    // Questions are read in the main thread with the same code a search worker runs: a worker per app
    // start builds a second index, which doubled these suites' CPU. The workers have their own tests
    // (tests/workers, tests/e2e/search-workers.test.ts), which pass SEARCH_WORKERS themselves.
    SEARCH_WORKERS: '0',
    METRICS_TOKEN,
    ...env,
  });
  let app: Application;
  let port: number;
  try {
    app = await createApplication(config, appOptions);
    port = await app.start();
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    dataDir,
    async stop({ keepData = false } = {}) {
      await app.stop(); // idempotent
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fixed text of the bot, read from the locale files translators edit: say('uk', 'feedback.helpful'). */
export function say(language: string, key: string, vars: Record<string, string | number> = {}): string {
  const file = path.join(ROOT, 'locales', language, 'translation.json');
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], JSON.parse(readFileSync(file, 'utf8')));
  if (typeof value !== 'string') throw new Error(`no text ${key} in ${file}`);
  return value.replace(/\{\{(\w+)\}\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all));
}

export interface WireReply {
  text: string;
  language: string;
  kind: string;
  answerId: string | null;
  notice?: string;
  buttons: Array<{ label: string; payload: string }>;
  sources: string[];
  reviewed: string | null;
  reviewedLabel?: string;
}

export interface ChatResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { session?: string; replies?: WireReply[]; error?: string };
}

/** A browser tab of the web chat: sends JSON, remembers the session the server issued. */
export class ChatClient {
  session: string | undefined;

  constructor(
    readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async send(message: { text?: string; payload?: string; language?: string; session?: string }): Promise<ChatResponse> {
    const body = { ...(this.session ? { session: this.session } : {}), ...message };
    const res = await postRaw(this.base, JSON.stringify(body), this.headers);
    if (typeof res.body.session === 'string') this.session = res.body.session;
    return res;
  }

  text(text: string): Promise<ChatResponse> {
    return this.send({ text });
  }

  press(payload: string): Promise<ChatResponse> {
    return this.send({ payload });
  }
}

/**
 * POST /api/chat with a raw body over node:http, so only the headers given are sent (fetch would add
 * `Accept-Language: *`); the answer parsed as JSON (every answer of this route is JSON).
 */
export function postRaw(base: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<ChatResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/api/chat`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(raw) as ChatResponse['body'] });
        } catch {
          reject(new Error(`POST /api/chat answered ${res.statusCode} with a body that is not JSON: ${raw.slice(0, 200)}`));
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The replies of a successful turn (fails the test with the body when the status is not 200). */
export function repliesOf(res: ChatResponse): WireReply[] {
  if (res.status !== 200 || !Array.isArray(res.body.replies)) throw new Error(`expected 200 with replies, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.replies;
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Milliseconds from sending the request to the end of the answer. */
  ms: number;
}

/** POSTs raw bytes to any path over node:http, only with the headers given; never rejects on a status. */
export function postTo(base: string, pathname: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${pathname}`, { method: 'POST', agent: false, headers });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface TelegramPerson {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

let nextTelegramUpdateId = 9_100_000;

/** A private-chat text message Update, as Telegram posts it to the webhook. */
export function telegramMessage(from: TelegramPerson, text: string, update_id = nextTelegramUpdateId++): Record<string, unknown> {
  const { language_code, ...names } = from;
  return {
    update_id,
    message: {
      message_id: update_id,
      date: Math.floor(Date.now() / 1000),
      chat: { type: 'private', ...names },
      from: { is_bot: false, ...names, ...(language_code ? { language_code } : {}) },
      text,
    },
  };
}

/** A button press Update (callback_query) in a private chat. */
export function telegramPress(from: TelegramPerson, data: string, queryId: string, update_id = nextTelegramUpdateId++): Record<string, unknown> {
  const { language_code, ...names } = from;
  return {
    update_id,
    callback_query: {
      id: queryId,
      from: { is_bot: false, ...names, ...(language_code ? { language_code } : {}) },
      chat_instance: '-4242',
      data,
      message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { type: 'private', ...names }, text: '…' },
    },
  };
}

/** Resolves once `check()` is true; fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The app's own logger (same redaction as in production) writing JSON lines into memory. */
export function captureLogs(level: 'trace' | 'debug' | 'info' | 'warn' = 'trace'): { logger: Logger; lines: string[]; all: () => string } {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { logger, lines, all: () => lines.join('') };
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  components: Record<string, { ok: boolean; since: string; error?: string; code?: string }>;
  details: Record<string, unknown>;
}

/** The operator's token in every app startApp runs (tests of the public view leave it out). */
export const METRICS_TOKEN = 'test-metrics-token-0123456789abcdef';

/** A GET as the operator: with `Authorization: Bearer METRICS_TOKEN`. */
export function operatorGet(base: string, pathname: '/metrics' | '/healthz'): Promise<Response> {
  return fetch(`${base}${pathname}`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
}

/** The full /healthz report, as the operator reads it. */
export async function healthz(base: string): Promise<HealthReport> {
  return (await (await operatorGet(base, '/healthz')).json()) as HealthReport;
}

/** The environment that turns every messenger on, each pointed at its local fake API. */
export function allChannelsEnv(fakes: { telegram: { token: string; apiRoot: string }; whatsapp: { apiRoot: string }; viber: { apiRoot: string } }, telegramSecret: string): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: fakes.telegram.token,
    TELEGRAM_WEBHOOK_SECRET: telegramSecret,
    TELEGRAM_API_ROOT: fakes.telegram.apiRoot,
    WHATSAPP_TOKEN: FAKE_WA.token,
    WHATSAPP_APP_SECRET: FAKE_WA.appSecret,
    WHATSAPP_VERIFY_TOKEN: FAKE_WA.verifyToken,
    WHATSAPP_PHONE_NUMBER_ID: FAKE_WA.phoneNumberId,
    WHATSAPP_API_ROOT: fakes.whatsapp.apiRoot,
    VIBER_AUTH_TOKEN: FAKE_VIBER_TOKEN,
    VIBER_API_ROOT: fakes.viber.apiRoot,
  };
}

/** Outboxes without pacing, so tests do not wait a second per message. */
export const NO_PACING = {
  telegramPacing: { perChatIntervalMs: 0, globalPerSecond: 0 },
  whatsappPacing: { perRecipientIntervalMs: 0, globalPerSecond: 0 },
  viberPacing: { perChatIntervalMs: 0, globalPerSecond: 0 },
} as const;
