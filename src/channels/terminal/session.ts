/**
 * The terminal conversation: lines in, numbered replies out. A number presses a button of the last
 * replies; a number with no button behind it is answered here, because sent on as a question "9" or
 * "0" would be read as a follow-up of the last answer and repeat it.
 */
import { createInterface } from 'node:readline/promises';
import { LANGUAGES, type Language } from '../../knowledge/languages';
import type { Reply } from '../../messages';
import { renderForTerminal } from './render';

export type TerminalInput = { text: string } | { payload: string };

/** The bot's fixed texts by key (the assistant's translator; channels do not import the assistant). */
export type Translate = (key: string, language: Language, vars?: Record<string, string | number>) => string;

export interface TerminalSessionOptions {
  /** One turn of the conversation: the replies to a line typed or a button pressed, in order. */
  turn(input: TerminalInput): Promise<readonly Reply[]>;
  translate: Translate;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** What a typed line means, given the buttons (payloads, numbered from 1) on screen. */
export type TerminalLine = { type: 'quit' } | { type: 'send'; input: TerminalInput } | { type: 'no-such-button'; number: number };

export function readTerminalLine(line: string, buttons: readonly string[]): TerminalLine {
  const text = line.trim();
  if (text === '/quit' || text === '/exit') return { type: 'quit' };
  // One or two digits is a button number; longer numbers (112, a year, a postcode) are text.
  if (!/^\d{1,2}$/.test(text)) return { type: 'send', input: { text } };
  const n = Number(text);
  const payload = n >= 1 ? buttons[n - 1] : undefined;
  return payload === undefined ? { type: 'no-such-button', number: n } : { type: 'send', input: { payload } };
}

/** The four-language chooser (shown as a greeting or on /lang): its language is nominal, not the person's. */
const isLanguageChooser = (reply: Reply) => reply.buttons.length > 0 && reply.buttons.every((b) => b.payload.startsWith('l:'));

/** "There is no button 9 (1–3)" in the conversation's language, or in all four before one is known. */
export function noSuchButton(number: number, buttonCount: number, language: Language | undefined, translate: Translate): string {
  const say = (l: Language) =>
    buttonCount === 0
      ? translate('terminal.noButtons', l)
      : translate('terminal.noSuchButton', l, { number, range: buttonCount === 1 ? '1' : `1–${buttonCount}` });
  return language ? say(language) : LANGUAGES.map(say).join('\n');
}

export async function runTerminalSession(options: TerminalSessionOptions): Promise<void> {
  const { turn, translate, output } = options;
  let buttons: string[] = [];
  let language: Language | undefined;
  const show = (replies: readonly Reply[]) => {
    buttons = [];
    for (const reply of replies) {
      const rendered = renderForTerminal(reply, buttons.length + 1, translate('answer.sources', reply.language));
      buttons.push(...rendered.payloads);
      if (!isLanguageChooser(reply)) language = reply.language;
      output.write(`\n${rendered.text}\n`);
    }
  };

  output.write('Prykhystok, terminal chat. Type a question, a button number, /lang, /menu, /forget, or /quit.\n');
  show(await turn({ payload: 'start' }));
  const rl = createInterface({ input: options.input, output, terminal: (options.input as { isTTY?: boolean }).isTTY === true });
  rl.setPrompt('\n> ');
  rl.prompt();
  try {
    for await (const raw of rl) {
      const line = readTerminalLine(raw, buttons);
      if (line.type === 'quit') break;
      // The buttons stay on screen, so the person can type a right number next.
      if (line.type === 'no-such-button') output.write(`\n${noSuchButton(line.number, buttons.length, language, translate)}\n`);
      else show(await turn(line.input));
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}
