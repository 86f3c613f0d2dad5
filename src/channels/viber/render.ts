/**
 * Renders a channel-neutral `Reply` as Viber text messages: the notice, the answer (see markdown.ts), the
 * sources and the review date, split at Viber's limits (split.ts), with the buttons as a reply keyboard
 * (keyboard.ts) under the last part. Also the one-message form of a turn for the welcome message.
 */
import type { Logger } from 'pino';
import type { Reply } from '../../messages';
import { plainText } from '../split-text';
import { viberKeyboard, type ViberKeyboard } from './keyboard';
import { KEYBOARD_MIN_API_VERSION, VIBER_LIMITS } from './limits';
import { appendMarkdown, isHttpUrl, push, serialise, type Run } from './markdown';
import { splitToLimit } from './split';

export type { ViberButton, ViberKeyboard } from './keyboard';

export interface ViberOutgoing {
  text: string;
  keyboard?: ViberKeyboard;
}

/** The body of a send_message request without `receiver` (which is also the shape of a welcome message). */
export interface ViberMessageBody {
  type: 'text';
  sender: { name: string };
  text: string;
  min_api_version?: number;
  keyboard?: ViberKeyboard;
}

export interface RenderOptions {
  /** Split limit in characters, for tests; Viber's is 7000. */
  maxLength?: number;
  /** Told about buttons that had to be dropped. */
  logger?: Pick<Logger, 'warn'>;
}

/** Shown when a reply has buttons but no text: Viber refuses an empty text message. Language-neutral. */
const BUTTONS_ONLY_TEXT = '👇';

export function renderReply(reply: Reply, options: RenderOptions = {}): ViberOutgoing[] {
  const limit = options.maxLength ?? VIBER_LIMITS.messageLength;
  const keyboard = viberKeyboard(reply.buttons, options.logger);
  let runs = documentRuns(reply);
  if (plainText(runs).trim() === '') {
    if (!keyboard) return [];
    runs = [{ text: BUTTONS_ONLY_TEXT, bold: false }];
  }
  const messages: ViberOutgoing[] = splitToLimit(runs, limit).map((part) => ({ text: serialise(part) }));
  const last = messages[messages.length - 1];
  if (last && keyboard) last.keyboard = keyboard;
  return messages;
}

/**
 * A turn's replies as one welcome message (Viber allows one, in the response to conversation_started):
 * the texts one after another, cut at Viber's limit, with the last keyboard of the turn.
 */
export function renderWelcome(replies: readonly Reply[], options: RenderOptions = {}): ViberOutgoing | undefined {
  const runs: Run[] = [];
  let keyboard: ViberKeyboard | undefined;
  for (const reply of replies) {
    const own = documentRuns(reply);
    if (plainText(own).trim() !== '') {
      if (runs.length > 0) push(runs, '\n\n', false);
      for (const run of own) push(runs, run.text, run.bold);
    }
    keyboard = viberKeyboard(reply.buttons, options.logger) ?? keyboard;
  }
  if (plainText(runs).trim() === '') return keyboard ? { text: BUTTONS_ONLY_TEXT, keyboard } : undefined;
  // What does not fit is left out rather than sent later: Viber allows no second message before the
  // person subscribes. A greeting is a few hundred characters, so this is a safeguard only.
  const [first = []] = splitToLimit(runs, options.maxLength ?? VIBER_LIMITS.messageLength);
  return { text: serialise(first), ...(keyboard ? { keyboard } : {}) };
}

export function messageBody(message: ViberOutgoing, senderName: string): ViberMessageBody {
  return {
    type: 'text',
    sender: { name: senderName },
    text: message.text,
    ...(message.keyboard ? { min_api_version: KEYBOARD_MIN_API_VERSION, keyboard: message.keyboard } : {}),
  };
}

/** Notice, the answer, the sources (one URL a line, Viber links them), the review date, then the caveat. */
function documentRuns(reply: Reply): Run[] {
  const out: Run[] = [];
  const notice = reply.notice?.trim();
  if (notice) push(out, `ℹ️ ${notice}\n\n`, false);
  appendMarkdown(reply.text, out);
  const lines = [...new Set(reply.sources)].filter((url) => isHttpUrl(url)).map((url) => `🔗 ${url}`);
  const reviewed = reply.reviewedLabel?.trim();
  if (reviewed) lines.push(`✅ ${reviewed}`);
  if (lines.length > 0) push(out, `${plainText(out).trim() === '' ? '' : '\n\n'}${lines.join('\n')}`, false);
  const caveat = reply.caveat?.trim();
  if (caveat) push(out, `\n\nℹ️ ${caveat}`, false);
  return out;
}
