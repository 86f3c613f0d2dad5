/**
 * The shape of a WhatsApp Business Account webhook notification, validated at the boundary:
 *
 *   { object: "whatsapp_business_account",
 *     entry: [{ id, changes: [{ field: "messages",
 *       value: { metadata: { phone_number_id }, contacts: [...], messages: [...], statuses: [...] } }] }] }
 *
 * The envelope is checked first and every message on its own, so one message of an unexpected shape cannot
 * hide the others in the same call. Unknown fields are dropped (zod strips them); contacts are not read at
 * all, because the message's own `from` is the address Meta tells us to answer.
 */
import { z } from 'zod';

export const WHATSAPP_OBJECT = 'whatsapp_business_account';

const reply = z.object({ id: z.string(), title: z.string().optional() });

/** An image, video or document: only the caption the person wrote under it is read. */
const captioned = z.object({ caption: z.string().optional() });

/** What a message says: its type and the words it carries (an edit carries a message of this shape). */
const wordsOf = {
  // A string rather than an enum: a message type added later must not make the message invalid.
  type: z.string().min(1),
  text: z.object({ body: z.string() }).optional(),
  image: captioned.optional(),
  video: captioned.optional(),
  document: captioned.optional(),
};

export const whatsappMessageSchema = z.object({
  /** The wamid. It embeds the sender's phone number (base64): never log it, never store it. */
  id: z.string().min(1).max(1024),
  /** The person's phone number (wa_id). Absent for a person who adopted a username and hid it. */
  from: z.string().min(1).max(64).optional(),
  /** Business-scoped user id (BSUID, e.g. "NL.1234…"), in webhooks since April 2026. */
  from_user_id: z.string().min(1).max(160).optional(),
  /** Unix seconds, as a string. */
  timestamp: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]).optional(),
  ...wordsOf,
  interactive: z
    .object({
      type: z.string(),
      button_reply: reply.optional(),
      list_reply: reply.optional(),
    })
    .optional(),
  /** A quick-reply button of a template message. */
  button: z.object({ payload: z.string().optional(), text: z.string().optional() }).optional(),
  /** type "edit": the person changed the text or caption of a message they sent (messages webhook reference, edit). */
  edit: z.object({ original_message_id: z.string().min(1).max(1024), message: z.object(wordsOf) }).optional(),
});

export type WhatsAppMessage = z.infer<typeof whatsappMessageSchema>;

const statusSchema = z.object({
  status: z.string(),
  errors: z.array(z.object({ code: z.number().int(), title: z.string().optional() })).optional(),
});

const changeSchema = z.object({
  field: z.string().optional(),
  value: z
    .object({
      metadata: z.object({ phone_number_id: z.string() }).optional(),
      messages: z.array(z.unknown()).optional(),
      statuses: z.array(z.unknown()).optional(),
    })
    .optional(),
});

export const notificationSchema = z.object({
  object: z.string(),
  entry: z.array(z.object({ changes: z.array(changeSchema).optional() })),
});

/** What a notification holds that matters to us; everything else is counted, not kept. */
export interface NotificationContent {
  messages: WhatsAppMessage[];
  /** Message objects that did not match the schema: paths and codes only, never values. */
  invalid: Array<{ path: string; code: string }>;
  /** Delivery receipts (sent, delivered, read, failed): we do not act on them. */
  statuses: number;
  /** Meta's error codes from `failed` receipts, e.g. 131047 when a reply arrived after the 24 h window. */
  failedCodes: number[];
  /** Changes for another business phone number of the same account. */
  otherNumber: number;
}

/**
 * Collects the messages of a validated notification, in order. Changes addressed to a phone number other
 * than `phoneNumberId` are skipped: one app can serve several numbers, and the reply must come from the
 * number the person wrote to.
 */
export function notificationContent(notification: z.infer<typeof notificationSchema>, phoneNumberId?: string): NotificationContent {
  const content: NotificationContent = { messages: [], invalid: [], statuses: 0, failedCodes: [], otherNumber: 0 };
  for (const entry of notification.entry) {
    for (const change of entry.changes ?? []) {
      const value = change.value;
      if (!value) continue;
      const number = value.metadata?.phone_number_id;
      if (phoneNumberId !== undefined && number !== undefined && number !== phoneNumberId) {
        content.otherNumber += (value.messages?.length ?? 0) + (value.statuses?.length ?? 0);
        continue;
      }
      for (const raw of value.messages ?? []) {
        const parsed = whatsappMessageSchema.safeParse(raw);
        if (parsed.success) content.messages.push(parsed.data);
        else content.invalid.push(...parsed.error.issues.slice(0, 3).map((issue) => ({ path: issue.path.join('.'), code: issue.code })));
      }
      for (const raw of value.statuses ?? []) {
        content.statuses += 1;
        const status = statusSchema.safeParse(raw);
        if (status.success && status.data.status === 'failed') content.failedCodes.push(...(status.data.errors ?? []).map((e) => e.code));
      }
    }
  }
  return content;
}
