/**
 * WhatsApp's configuration, from the environment. Four credentials turn the channel on together: with
 * none it is off (and says so once at start-up); with some but not all, start-up fails, because a
 * half-configured channel would either accept unsigned webhooks or receive messages it cannot answer.
 *
 * No value is ever echoed in an error: three of the four are credentials.
 */
import { z } from 'zod';

export interface WhatsAppConfig {
  /** Graph API access token (a system user's permanent token in production). */
  token: string;
  /** The Meta app's secret: the key of the X-Hub-Signature-256 HMAC on every webhook call. */
  appSecret: string;
  /** The string typed into the app dashboard's webhook settings, echoed back during the handshake. */
  verifyToken: string;
  /** The business phone number's id (not the number itself): the sender of every reply. */
  phoneNumberId: string;
  /** Default https://graph.facebook.com; tests point it at a local fake. No trailing slash. */
  apiRoot: string;
  /** Graph API version, e.g. "v21.0". */
  apiVersion: string;
}

export const WHATSAPP_DEFAULTS = Object.freeze({
  apiRoot: 'https://graph.facebook.com',
  apiVersion: 'v21.0',
});

const CREDENTIALS = ['WHATSAPP_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID'] as const;

/** Unset and blank are the same thing: a deployment template often leaves `VAR=` in place. */
const optional = z
  .string()
  .optional()
  .transform((value) => {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
  });

/** A pasted credential with a space, a quote or a line break inside fails here rather than at Meta. */
const credential = (name: string) =>
  z.string().regex(/^[^\s"'`]+$/, `${name} contains spaces or quotes; copy it again from the Meta app dashboard`);

const schema = z.object({
  WHATSAPP_TOKEN: optional.pipe(credential('WHATSAPP_TOKEN').optional()),
  WHATSAPP_APP_SECRET: optional.pipe(credential('WHATSAPP_APP_SECRET').optional()),
  // The verify token is free text in Meta's dashboard; only its edges are trimmed.
  WHATSAPP_VERIFY_TOKEN: optional,
  WHATSAPP_PHONE_NUMBER_ID: optional.pipe(
    z
      .string()
      .regex(/^\d{1,32}$/, 'WHATSAPP_PHONE_NUMBER_ID must be the numeric phone number ID from WhatsApp → API Setup (not the phone number)')
      .optional(),
  ),
  WHATSAPP_API_ROOT: optional.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^/\s]+(\/[^\s]*)?$/, 'WHATSAPP_API_ROOT must be an http(s) URL, e.g. https://graph.facebook.com')
      .optional(),
  ),
  WHATSAPP_API_VERSION: optional.pipe(z.string().regex(/^v\d{1,3}\.\d{1,3}$/, 'WHATSAPP_API_VERSION must look like v21.0').optional()),
});

/**
 * Reads the WhatsApp variables. Returns `{ config }` when all four credentials are set, `{ note }` when
 * none is; throws an Error naming what is missing or malformed otherwise.
 */
export function whatsappConfigFromEnv(env: Readonly<Record<string, string | undefined>>): { config?: WhatsAppConfig; note?: string } {
  const parsed = schema.safeParse(pick(env));
  if (!parsed.success) {
    // zod's messages are ours (above) and never contain the value.
    const lines = parsed.error.issues.map((issue) => `- ${issue.message}`);
    throw new Error(`WhatsApp configuration is not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const missing = CREDENTIALS.filter((name) => e[name] === undefined);
  if (missing.length === CREDENTIALS.length) {
    return { note: `WhatsApp is off: set ${CREDENTIALS.join(', ')} to turn it on.` };
  }
  if (missing.length > 0) {
    const present = CREDENTIALS.filter((name) => !missing.includes(name));
    throw new Error(
      `WhatsApp is only partly configured: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing ` +
        `(${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set). Set all four to turn WhatsApp on, or none to keep it off.`,
    );
  }
  return {
    config: {
      token: e.WHATSAPP_TOKEN!,
      appSecret: e.WHATSAPP_APP_SECRET!,
      verifyToken: e.WHATSAPP_VERIFY_TOKEN!,
      phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID!,
      apiRoot: (e.WHATSAPP_API_ROOT ?? WHATSAPP_DEFAULTS.apiRoot).replace(/\/+$/, ''),
      apiVersion: e.WHATSAPP_API_VERSION ?? WHATSAPP_DEFAULTS.apiVersion,
    },
  };
}

/** Only our variables reach the schema, so an error can never mention (or leak) another one. */
function pick(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const names = [...CREDENTIALS, 'WHATSAPP_API_ROOT', 'WHATSAPP_API_VERSION'];
  return Object.fromEntries(names.map((name) => [name, env[name]]));
}
