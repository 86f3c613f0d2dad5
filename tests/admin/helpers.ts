/**
 * The whole app for admin tests: createApplication(loadConfig(env)) on port 0 with a temporary DATA_DIR and
 * a temporary COPY of knowledge/ (tests never write to the repository's files), plus a small form client
 * that keeps cookies and the page's CSRF token like a browser.
 *
 * Passwords are hashed at TEST_PASSWORD_COST: at the real cost each account made and each sign-in took
 * 0.4–0.8 s of CPU, most of these suites' time. Hashing itself, at the real cost, is tested in auth.test.ts.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApplication, type AppOptions, type Application } from '../../src/app';
import { loadConfig } from '../../src/config';
import { UserStore } from '../../src/admin/users';
import { SCRYPT_COST } from '../../src/admin/passwords';
import type { Role } from '../../src/admin/roles';

export const ROOT = path.resolve(__dirname, '../..');
export const PASSWORD = 'correct horse battery staple';
/** scrypt at N = 2^10 (1 MiB, a few ms) instead of 2^17 (128 MiB). */
export const TEST_PASSWORD_COST = Object.freeze({ ...SCRYPT_COST, logN: 10 });

export interface AdminApp {
  app: Application;
  base: string;
  root: string;
  knowledgeDir: string;
  dataDir: string;
  users: UserStore;
  addUser(name: string, role: Role, password?: string): Promise<void>;
  stop(): Promise<void>;
}

export function copyKnowledge(into: string): string {
  const dir = path.join(into, 'knowledge');
  cpSync(path.join(ROOT, 'knowledge'), dir, { recursive: true });
  return dir;
}

export async function startAdminApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<AdminApp> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'prykhystok-admin-'));
  const knowledgeDir = copyKnowledge(root);
  const dataDir = path.join(root, 'data');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR: knowledgeDir,
    LOCALES_DIR: path.join(ROOT, 'locales'),
    STATIC_DIR: path.join(ROOT, 'src/web/static'),
    LOG_LEVEL: 'silent',
    // Questions are read in the main thread with the same code a search worker runs: a worker per app
    // start builds a second index, which doubled these suites' CPU. The workers have their own tests
    // (tests/workers, tests/e2e/search-workers.test.ts), which pass SEARCH_WORKERS themselves.
    SEARCH_WORKERS: '0',
    PSEUDONYM_SECRET: 'test-secret-test-secret-test-secret-0123',
    RATE_LIMIT_IP_PER_MIN: '100000',
    RATE_LIMIT_USER_PER_MIN: '10000',
    ...env,
  });
  const passwordCost = options.passwordCost ?? TEST_PASSWORD_COST;
  const app = await createApplication(config, { ...options, passwordCost });
  const port = await app.start();
  // Where the app keeps accounts: its SQLite file, or PostgreSQL with DATABASE_URL.
  const users = new UserStore(app.volunteers.users, Date.now, passwordCost);
  let stopped: Promise<void> | undefined;
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    root,
    knowledgeDir,
    dataDir,
    users,
    async addUser(name, role, password = PASSWORD) {
      await users.create(name, role, password);
    },
    stop() {
      stopped ??= app.stop().then(() => rmSync(root, { recursive: true, force: true }));
      return stopped;
    },
  };
}

export interface Page {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/** The value of a hidden or text input in a page. */
export function inputValue(page: string, name: string): string | undefined {
  const m = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(page) ?? new RegExp(`<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(page);
  return m?.[1] === undefined ? undefined : unescape(m[1]);
}

/** A browser without JavaScript: cookies, redirects by hand, forms with the page's CSRF token. */
export class AdminClient {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(readonly base: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: 'GET' | 'POST', url: string, body?: URLSearchParams): Promise<Page> {
    const res = await fetch(`${this.base}${url}`, {
      method,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body ? { body: body.toString() } : {}),
    });
    this.remember(res);
    const text = await res.text();
    const csrf = inputValue(text, '_csrf');
    if (csrf) this.csrf = csrf;
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  get(url: string): Promise<Page> {
    return this.request('GET', url);
  }

  /** POSTs a form with the session's CSRF token (unless `_csrf` is given); follows one redirect. */
  async post(url: string, fields: Record<string, string | string[]> = {}, options: { follow?: boolean } = {}): Promise<Page> {
    const body = new URLSearchParams();
    if (!('_csrf' in fields) && this.csrf) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const page = await this.request('POST', url, body);
    if (options.follow !== false && page.status === 303 && page.location) return this.get(page.location);
    return page;
  }

  async login(name: string, password = PASSWORD): Promise<Page> {
    const form = await this.get('/admin/login');
    return this.post('/admin/login', { _login: inputValue(form.text, '_login') ?? '', name, password, next: '/admin/entries' }, { follow: false });
  }
}

export function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#96;/g, '`').replace(/&amp;/g, '&');
}

/** The flash or error text of a page, without tags. */
export function messages(page: string): string {
  return [...page.matchAll(/<div class="flash[^"]*"[^>]*>([\s\S]*?)<\/div>/g)].map((m) => unescape(m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim())).join(' | ');
}

export interface BotReply {
  kind: string;
  text: string;
  language: string;
  answerId: string | null;
}

/** Asks the bot through the web chat API (a new person each time) and returns the last reply. */
export async function ask(base: string, text: string, language: string): Promise<BotReply> {
  const res = await fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': language },
    body: JSON.stringify({ text, language }),
  });
  const body = (await res.json()) as { replies?: BotReply[] };
  const last = body.replies?.[body.replies.length - 1];
  if (res.status !== 200 || !last) throw new Error(`the bot answered ${res.status}: ${JSON.stringify(body)}`);
  return last;
}

/** The edit form of an entry as a volunteer opened it: its hidden fields and textareas. */
export function formOf(page: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['version', 'lang', 'ref']) out[name] = inputValue(page, name) ?? '';
  for (const m of page.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    out[m[1]!] = unescape(m[2]!);
  }
  return out;
}
