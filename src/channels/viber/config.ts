/**
 * Viber's part of the configuration, read from the environment and validated here, so `src/config.ts`
 * only has to call `viberConfigFromEnv` and keep the result. Without a token the channel is off and says so.
 */
import { z } from 'zod';

export interface ViberConfig {
  /** The bot's auth token: sent as X-Viber-Auth-Token, and the HMAC key of every callback's signature. */
  authToken: string;
  /** Without a trailing slash; tests point it at a local fake. */
  apiRoot: string;
  /** `sender.name` of every message (Viber: at most 28 characters). */
  botName: string;
  /** Call set_webhook with `${publicUrl}/viber/webhook` at start-up. */
  registerWebhook: boolean;
  /** PUBLIC_URL without a trailing slash; set when registerWebhook is true. */
  publicUrl?: string;
}

export interface ViberConfigResult {
  config?: ViberConfig;
  /** Why the channel is off, said once at start-up. */
  note?: string;
}

/** Thrown for a value that is set but wrong; the message says what to change and never echoes the token. */
export class ViberConfigError extends Error {
  override readonly name = 'ViberConfigError';
}

const VIBER_DEFAULTS = Object.freeze({
  apiRoot: 'https://chatapi.viber.com',
  botName: 'Prykhystok',
});

/** Viber refuses a longer sender.name. */
const MAX_BOT_NAME_LENGTH = 28;

const text = z
  .string()
  .transform((s) => s.trim())
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const schema = z.object({
  VIBER_AUTH_TOKEN: text,
  VIBER_API_ROOT: text.pipe(z.url({ protocol: /^https?$/, error: 'VIBER_API_ROOT must be an http(s):// URL' }).optional()),
  VIBER_BOT_NAME: text.pipe(
    z.string().max(MAX_BOT_NAME_LENGTH, `VIBER_BOT_NAME must be at most ${MAX_BOT_NAME_LENGTH} characters (Viber's limit for sender.name)`).optional(),
  ),
  VIBER_REGISTER_WEBHOOK: text.pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'VIBER_REGISTER_WEBHOOK must be true or false' }).optional()),
});

/**
 * Reads VIBER_AUTH_TOKEN, VIBER_API_ROOT, VIBER_BOT_NAME and VIBER_REGISTER_WEBHOOK. `publicUrl` is the
 * already validated PUBLIC_URL (https, no trailing slash needed). Throws `ViberConfigError` for a value that
 * is set but unusable, e.g. VIBER_REGISTER_WEBHOOK=true without PUBLIC_URL.
 */
export function viberConfigFromEnv(env: NodeJS.ProcessEnv, publicUrl?: string): ViberConfigResult {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ViberConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  const e = parsed.data;
  if (!e.VIBER_AUTH_TOKEN) {
    return { note: 'Viber is off: set VIBER_AUTH_TOKEN (the bot\'s token from the Viber Admin Panel, "Your app key") to turn it on.' };
  }
  // A token with spaces or quotes is a copy-paste accident; it would also be the HMAC key, so every
  // signature check would fail with no hint why.
  if (!/^[\x21-\x7e]{16,256}$/.test(e.VIBER_AUTH_TOKEN) || /["'`]/.test(e.VIBER_AUTH_TOKEN)) {
    throw new ViberConfigError('VIBER_AUTH_TOKEN does not look like a Viber token (16–256 visible ASCII characters, no quotes); copy it again from the Viber Admin Panel');
  }
  const registerWebhook = ['true', '1', 'yes'].includes(e.VIBER_REGISTER_WEBHOOK ?? 'false');
  if (registerWebhook && !publicUrl) {
    throw new ViberConfigError('VIBER_REGISTER_WEBHOOK=true needs PUBLIC_URL (the https address Viber should call; Viber accepts only certificates from a trusted CA).');
  }
  return {
    config: {
      authToken: e.VIBER_AUTH_TOKEN,
      apiRoot: (e.VIBER_API_ROOT ?? VIBER_DEFAULTS.apiRoot).replace(/\/+$/, ''),
      botName: e.VIBER_BOT_NAME ?? VIBER_DEFAULTS.botName,
      registerWebhook,
      ...(registerWebhook && publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
    },
  };
}
