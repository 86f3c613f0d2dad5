/**
 * All configuration, from the environment only, parsed and validated here once. A channel without its
 * credentials is off; what is wrong is said in words an operator can act on.
 */
import path from 'node:path';
import { z } from 'zod';
import { whatsappConfigFromEnv, type WhatsAppConfig } from './channels/whatsapp/config';
import { viberConfigFromEnv, ViberConfigError, type ViberConfig } from './channels/viber/config';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalText = z
  .string()
  .transform((s) => s.trim())
  .transform((s) => (s === '' ? undefined : s))
  .optional();
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  KNOWLEDGE_DIR: z.string().default('./knowledge'),
  LOCALES_DIR: z.string().default('./locales'),
  STATIC_DIR: z.string().default('./src/web/static'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Key for pseudonymous user keys and the daily user counting hash; generated into DATA_DIR when unset. */
  PSEUDONYM_SECRET: optionalText.pipe(z.string().min(32, 'PSEUDONYM_SECRET must be at least 32 characters').optional()),
  PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https$/, error: 'PUBLIC_URL must be an https:// URL' }).optional()),
  TRUST_PROXY: optionalText,
  /** PostgreSQL, shared by several instances; unset: the embedded SQLite file in DATA_DIR. */
  DATABASE_URL: optionalText.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// (or postgresql://)').optional()),
  METRICS_TOKEN: optionalText.pipe(
    z
      .string()
      .min(24, 'METRICS_TOKEN must be at least 24 characters (e.g. openssl rand -hex 32)')
      .regex(/^[\x21-\x7E]+$/, 'METRICS_TOKEN may only have visible ASCII characters, no spaces')
      .optional(),
  ),
  RATE_LIMIT_USER_PER_MIN: int(0, 10_000).default(20),
  RATE_LIMIT_IP_PER_MIN: int(0, 100_000).default(300),
  MAX_BODY_BYTES: int(1024, 10 * 1024 * 1024).default(64 * 1024),
  RETENTION_DAYS: int(1, 3650).default(60),
  STATE_RETENTION_DAYS: int(1, 3650).default(30),
  REQUIRE_REVIEW: bool.default(false),
  /** Worker threads that read new questions (search, safety check, policy); 0 reads them in the main thread. */
  SEARCH_WORKERS: int(0, 8).default(1),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_WEBHOOK_SECRET: optionalText,
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).optional(),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  TELEGRAM_REGISTER_WEBHOOK: bool.default(false),
});

export interface TelegramConfig {
  token: string;
  mode: 'webhook' | 'polling';
  secret?: string;
  apiRoot: string;
  registerWebhook: boolean;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  knowledgeDir: string;
  localesDir: string;
  staticDir: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  pseudonymSecret?: string;
  /** postgres://… : conversation state, dedupe and rate limits shared by every instance. */
  databaseUrl?: string;
  publicUrl?: string;
  /** Passed to express's "trust proxy" (false, a hop count, or addresses); false unless set. */
  trustProxy: boolean | number | string;
  /** Bearer token for /metrics and the details of /healthz; /metrics is off without it. */
  metricsToken?: string;
  rateLimitUserPerMin: number;
  rateLimitIpPerMin: number;
  maxBodyBytes: number;
  retentionDays: number;
  stateRetentionDays: number;
  requireReview: boolean;
  /** Search worker threads (src/workers/search-pool.ts); 0: questions are read in the main thread. */
  searchWorkers: number;
  telegram?: TelegramConfig;
  whatsapp?: WhatsAppConfig;
  viber?: ViberConfig;
  /** Why a channel is off, said once at start-up. */
  notes: string[];
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Configuration is not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const notes: string[] = [];
  const root = process.cwd();
  if (e.DATABASE_URL && !e.PSEUDONYM_SECRET) {
    // Each instance would generate its own secret, so the same person would have a different key on each.
    throw new ConfigError('DATABASE_URL needs PSEUDONYM_SECRET (≥ 32 characters, the same on every instance): instances that share a database must derive the same keys.');
  }
  if (!e.METRICS_TOKEN) notes.push('/metrics is off and /healthz shows only the status: set METRICS_TOKEN to read them.');

  let telegram: TelegramConfig | undefined;
  if (!e.TELEGRAM_BOT_TOKEN) {
    notes.push('Telegram is off: set TELEGRAM_BOT_TOKEN to turn it on.');
  } else {
    const mode = e.TELEGRAM_MODE ?? (e.TELEGRAM_WEBHOOK_SECRET ? 'webhook' : 'polling');
    if (mode === 'webhook') {
      if (!e.TELEGRAM_WEBHOOK_SECRET) {
        throw new ConfigError('TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET (1–256 characters of A–Z a–z 0–9 _ -): without it anyone could post fake updates.');
      }
      if (!/^[A-Za-z0-9_-]{1,256}$/.test(e.TELEGRAM_WEBHOOK_SECRET)) {
        throw new ConfigError('TELEGRAM_WEBHOOK_SECRET must be 1–256 characters of A–Z a–z 0–9 _ -.');
      }
      if (e.TELEGRAM_REGISTER_WEBHOOK && !e.PUBLIC_URL) {
        throw new ConfigError('TELEGRAM_REGISTER_WEBHOOK=true needs PUBLIC_URL (the https address Telegram should call).');
      }
    }
    telegram = {
      token: e.TELEGRAM_BOT_TOKEN,
      mode,
      ...(e.TELEGRAM_WEBHOOK_SECRET ? { secret: e.TELEGRAM_WEBHOOK_SECRET } : {}),
      apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
      registerWebhook: e.TELEGRAM_REGISTER_WEBHOOK,
    };
  }

  let whatsapp: WhatsAppConfig | undefined;
  try {
    const wa = whatsappConfigFromEnv(env);
    whatsapp = wa.config;
    if (wa.note) notes.push(wa.note);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }

  let viber: ViberConfig | undefined;
  try {
    const result = viberConfigFromEnv(env, e.PUBLIC_URL);
    viber = result.config;
    if (result.note) notes.push(result.note);
  } catch (err) {
    throw err instanceof ViberConfigError ? new ConfigError(err.message) : err;
  }

  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(root, e.DATA_DIR),
    knowledgeDir: path.resolve(root, e.KNOWLEDGE_DIR),
    localesDir: path.resolve(root, e.LOCALES_DIR),
    staticDir: path.resolve(root, e.STATIC_DIR),
    logLevel: e.LOG_LEVEL,
    ...(e.PSEUDONYM_SECRET ? { pseudonymSecret: e.PSEUDONYM_SECRET } : {}),
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    ...(e.PUBLIC_URL ? { publicUrl: e.PUBLIC_URL.replace(/\/+$/, '') } : {}),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    ...(e.METRICS_TOKEN ? { metricsToken: e.METRICS_TOKEN } : {}),
    rateLimitUserPerMin: e.RATE_LIMIT_USER_PER_MIN,
    rateLimitIpPerMin: e.RATE_LIMIT_IP_PER_MIN,
    maxBodyBytes: e.MAX_BODY_BYTES,
    retentionDays: e.RETENTION_DAYS,
    stateRetentionDays: e.STATE_RETENTION_DAYS,
    requireReview: e.REQUIRE_REVIEW,
    searchWorkers: e.SEARCH_WORKERS,
    ...(telegram ? { telegram } : {}),
    ...(whatsapp ? { whatsapp } : {}),
    ...(viber ? { viber } : {}),
    notes,
  };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // "loopback", "10.0.0.0/8, 127.0.0.1", … as express understands them
}
