/**
 * End-to-end helpers: the whole app on port 0 over a temporary DATA_DIR, a small JSON client for
 * POST /api/chat that keeps the server-issued session, and cleanup that closes everything.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createApplication, type AppOptions, type Application } from '../../src/app';
import { loadConfig } from '../../src/config';

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
export function say(language: string, key: string): string {
  const file = path.join(ROOT, 'locales', language, 'translation.json');
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], JSON.parse(readFileSync(file, 'utf8')));
  if (typeof value !== 'string') throw new Error(`no text ${key} in ${file}`);
  return value;
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
