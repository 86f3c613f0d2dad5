/**
 * Talking to the whole app as each messenger does, and reading what the person got at the fake APIs:
 * post a Telegram update, a signed WhatsApp notification or a signed Viber callback, then collect the
 * messages sent to that chat, number or Viber user.
 */
import type { FakeTelegram, RecordedCall } from '../fakes/fake-telegram';
import { notification, signedWebhook, type FakeWhatsApp, type InboundSpec, type SentCall } from '../fakes/fake-whatsapp';
import { postCallback, type FakeViber, type RecordedViberCall, type SignedCallback } from '../fakes/fake-viber';
import { postTo, until } from './helpers';

export interface MessengerApp {
  /** http://127.0.0.1:<port> of the app. */
  base: string;
  telegramSecret: string;
  fakes: { telegram: FakeTelegram; whatsapp: FakeWhatsApp; viber: FakeViber };
}

/** Waits until there are more than `before` messages, then a moment for the rest of the reply. */
export async function repliesAfter<C>(sent: () => C[], before: number, what: string): Promise<C[]> {
  await until(() => sent().length > before, 5000, what);
  // The parts of one reply leave together; give the last of them a moment.
  await new Promise((resolve) => setTimeout(resolve, 150));
  return sent().slice(before);
}

/** Waits a while and resolves with what arrived meanwhile: for checking that nothing more was sent. */
export async function quietFor<C>(sent: () => C[], ms = 500): Promise<C[]> {
  const before = sent().length;
  await new Promise((resolve) => setTimeout(resolve, ms));
  return sent().slice(before);
}

/** The text a person reads on Telegram (the fake decoded the HTML). */
export const visible = (call: RecordedCall): string => (call.result as { text?: string } | undefined)?.text ?? '';

export const telegramButtons = (call: RecordedCall): string[] =>
  ((call.params.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? '');

/** What the person reads of a WhatsApp message: its text, or the body of an interactive one. */
export const whatsappText = (call: SentCall): string => {
  const body = call.body as { text?: { body: string }; interactive?: { body: { text: string } } };
  return body.text?.body ?? body.interactive?.body.text ?? '';
};

export const whatsappButtons = (call: SentCall): string[] => {
  const interactive = (call.body as { interactive?: { action: { buttons?: Array<{ reply: { id: string } }>; sections?: Array<{ rows: Array<{ id: string }> }> } } }).interactive;
  return [...(interactive?.action.buttons ?? []).map((b) => b.reply.id), ...(interactive?.action.sections ?? []).flatMap((s) => s.rows.map((r) => r.id))];
};

export const viberButtons = (call: RecordedViberCall): string[] =>
  ((call.params.keyboard as { Buttons?: Array<{ ActionBody?: string }> } | undefined)?.Buttons ?? []).map((b) => b.ActionBody ?? '');

/** The helpers bound to an app that starts in `beforeAll` (hence `app` is a function). */
export function messengers(app: () => MessengerApp) {
  const postTelegram = async (update: Record<string, unknown>): Promise<number> => {
    const body = Buffer.from(JSON.stringify(update), 'utf8');
    return (await postTo(app().base, '/telegram/webhook', body, { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': app().telegramSecret })).status;
  };
  /** Accepted sendMessage calls to `chatId`. */
  const sentTo = (chatId: number): RecordedCall[] => app().fakes.telegram.accepted().filter((call) => call.params.chat_id === chatId);

  const postWhatsApp = async (...messages: InboundSpec[]): Promise<number> => {
    const { body, headers } = signedWebhook(notification({ messages }));
    return (await postTo(app().base, '/whatsapp/webhook', body, headers)).status;
  };
  /** Messages WhatsApp accepted for this number, in order. */
  const whatsappTo = (phone: string): SentCall[] => app().fakes.whatsapp.accepted().filter((call) => call.body.to === phone);

  const postViber = async (callback: SignedCallback): Promise<number> => (await postCallback(new URL('/viber/webhook', app().base), callback)).status;
  const viberTo = (receiver: string): RecordedViberCall[] => app().fakes.viber.accepted().filter((call) => call.params.receiver === receiver);

  return {
    postTelegram,
    sentTo,
    postWhatsApp,
    whatsappTo,
    postViber,
    viberTo,
    /** Posts an update and resolves with the messages the chat got for it (at least one). */
    async telegramTurn(chatId: number, update: Record<string, unknown>): Promise<string[]> {
      const before = sentTo(chatId).length;
      expect(await postTelegram(update)).toBe(200);
      return (await repliesAfter(() => sentTo(chatId), before, 'a reply in the chat')).map(visible);
    },
    /** Posts one message and resolves with the texts the number got for it. */
    async whatsappTurn(phone: string, message: InboundSpec): Promise<string[]> {
      const before = whatsappTo(phone).length;
      expect(await postWhatsApp(message)).toBe(200);
      return (await repliesAfter(() => whatsappTo(phone), before, 'a WhatsApp reply')).map(whatsappText);
    },
    async viberTurn(receiver: string, callback: SignedCallback): Promise<string[]> {
      const before = viberTo(receiver).length;
      expect(await postViber(callback)).toBe(200);
      return (await repliesAfter(() => viberTo(receiver), before, 'a Viber reply')).map((call) => String(call.params.text ?? ''));
    },
  };
}
