/** People and messages the WhatsApp outbox tests share. */
import type { Recipient } from '../../../src/channels/whatsapp/outbox';
import type { WhatsAppOutgoing } from '../../../src/channels/whatsapp/render';
import type { ServiceWindow } from '../../../src/channels/whatsapp/service-window';
import type { SentCall } from '../../fakes/fake-whatsapp';

/** A person who wrote just now, so their 24-hour window is open. */
export function personWhoWrote(window: ServiceWindow, phone: string): Recipient {
  const recipient: Recipient = { userKey: `whatsapp:key-of-${phone.slice(-2)}`, address: { kind: 'phone', id: phone } };
  window.wrote(recipient.userKey);
  return recipient;
}

export const msg = (body: string): WhatsAppOutgoing => ({ type: 'text', text: { body, preview_url: false } });

/** The text bodies of `calls`, or of those to `phone`. */
export const bodies = (calls: SentCall[], phone?: string): unknown[] =>
  calls.filter((call) => phone === undefined || call.body.to === phone).map((call) => (call.body.text as { body?: string } | undefined)?.body);
