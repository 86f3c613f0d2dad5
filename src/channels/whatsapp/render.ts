/**
 * Renders a channel-neutral `Reply` as WhatsApp messages (the part of a send call after the recipient).
 *
 * - No buttons: text messages of at most 4,096 characters, split at paragraph, line or word boundaries,
 *   with link previews off (sources would each unfold a large card under the answer).
 * - Buttons, and the whole text fits an interactive body (1,024): one interactive message.
 * - Buttons, longer text: the text as text messages first, then the interactive message with a short
 *   prompt, so the answer is never cut to fit the buttons.
 */
import type { Logger } from 'pino';
import type { Language } from '../../knowledge/languages';
import type { Reply } from '../../messages';
import { safeHttpUrl } from '../safe-url';
import { appendMarkdown, ITALIC, PLAIN, pushRun, splitToLimit, URL_STYLE, type Run } from './format';
import { choicesFor, INTERACTIVE_LIMITS, interactiveMessage, type Interactive } from './interactive';

const TEXT_LIMIT = 4096;

export type WhatsAppOutgoing = { type: 'text'; text: { body: string; preview_url: boolean } } | { type: 'interactive'; interactive: Interactive };

/**
 * The two texts of our own that WhatsApp needs: the label of the button that opens a list, and the
 * prompt above buttons sent after a long answer. Texts a person reads belong in `locales/`; until they
 * are there, language-neutral symbols stand in.
 */
export interface WhatsAppPhrases {
  /** At most 20 characters. */
  listButton: string;
  prompt: string;
}

const NEUTRAL_PHRASES: Readonly<WhatsAppPhrases> = Object.freeze({ listButton: '📋', prompt: '👇' });

export interface RenderOptions {
  phrases?: (language: Language) => Partial<WhatsAppPhrases>;
  /** Told about buttons that had to be dropped. */
  logger?: Pick<Logger, 'warn'>;
  /** Split limits, for tests; WhatsApp's are 4096 and 1024. */
  textLimit?: number;
  bodyLimit?: number;
}

export function renderReply(reply: Reply, options: RenderOptions = {}): WhatsAppOutgoing[] {
  const textLimit = options.textLimit ?? TEXT_LIMIT;
  const bodyLimit = options.bodyLimit ?? INTERACTIVE_LIMITS.bodyLength;
  const runs = documentRuns(reply);
  const choices = choicesFor(reply.buttons, options.logger);
  if (!choices) return splitToLimit(runs, textLimit).map(textMessage);

  const phrases = { ...NEUTRAL_PHRASES, ...nonEmpty(options.phrases?.(reply.language)) };
  const asBody = splitToLimit(runs, bodyLimit);
  if (asBody.length === 1 && asBody[0] !== undefined) {
    return [{ type: 'interactive', interactive: interactiveMessage(asBody[0], choices, phrases.listButton) }];
  }
  return [...splitToLimit(runs, textLimit).map(textMessage), { type: 'interactive', interactive: interactiveMessage(phrases.prompt, choices, phrases.listButton) }];
}

function textMessage(body: string): WhatsAppOutgoing {
  return { type: 'text', text: { body, preview_url: false } };
}

/** Blank phrases would make WhatsApp refuse the message; they fall back to the neutral ones. */
function nonEmpty(phrases: Partial<WhatsAppPhrases> | undefined): Partial<WhatsAppPhrases> {
  return Object.fromEntries(Object.entries(phrases ?? {}).filter(([, value]) => typeof value === 'string' && value.trim() !== ''));
}

/** Notice (italic), the answer, one line per source and the date it was checked, then the caveat. */
function documentRuns(reply: Reply): Run[] {
  const out: Run[] = [];
  const notice = reply.notice?.trim();
  if (notice) {
    pushRun(out, notice.replace(/\s*\n\s*/g, ' '), ITALIC);
    pushRun(out, '\n\n', PLAIN);
  }
  appendMarkdown(reply.text, out);

  const sources = [...new Set(reply.sources)].flatMap((url) => {
    const safe = safeHttpUrl(url);
    return safe ? [safe] : [];
  });
  const reviewed = reply.reviewedLabel?.trim();
  if (sources.length > 0 || reviewed) {
    pushRun(out, '\n\n', PLAIN);
    sources.forEach((url, k) => {
      pushRun(out, `${k > 0 ? '\n' : ''}🔗 `, PLAIN);
      pushRun(out, url, URL_STYLE);
    });
    if (reviewed) pushRun(out, `${sources.length > 0 ? '\n' : ''}✅ ${reviewed}`, PLAIN);
  }
  const caveat = reply.caveat?.trim();
  if (caveat) {
    pushRun(out, '\n\n', PLAIN);
    pushRun(out, caveat.replace(/\s*\n\s*/g, ' '), ITALIC);
  }
  return out;
}
