/**
 * The terminal chat's loop with the real assistant: a number with no button behind it ("9" under five
 * buttons, "0", any number when no button is shown) is told so in the conversation's language and is not
 * sent on as a question, which would repeat the last answer.
 */
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { loadKnowledgeDirectory } from '../../../src/knowledge/load-directory';
import { SearchIndex } from '../../../src/search/search-index';
import { Assistant } from '../../../src/assistant/assistant';
import { createTranslator, readLocales } from '../../../src/i18n';
import type { Translate } from '../../../src/assistant/translate';
import type { UserState } from '../../../src/assistant/user-state';
import { readTerminalLine, runTerminalSession } from '../../../src/channels/terminal/session';

let assistant: Assistant;
let t: Translate;
beforeAll(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../../knowledge'));
  const index = new SearchIndex(knowledge!);
  t = await createTranslator(readLocales(path.resolve(__dirname, '../../../locales')), { days: 60, stateDays: 30 });
  assistant = new Assistant(() => index, t);
});

/** Types the lines into a terminal session and returns the screen, one block per prompt. */
async function terminal(lines: string[]): Promise<string[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (c: Buffer) => (screen += c.toString()));
  let state: UserState = {};
  const session = runTerminalSession({
    translate: t,
    input,
    output,
    async turn(message) {
      const result = assistant.handle({ channel: 'terminal', userKey: 'terminal:test', ...message }, state);
      state = result.state ?? {};
      return result.replies;
    },
  });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await session;
  return screen.split('\n> ');
}

const GP_ANSWER = /huisarts/;

describe('a number with no button behind it', () => {
  it('in English: "9" and "0" under six buttons are answered as such, and the buttons still work after', async () => {
    const screens = await terminal(['4', 'How do I register with a GP?', '9', '0', '5', '/quit']);
    const [, , answer, nine, zero, pressed] = screens;
    expect(answer).toMatch(GP_ANSWER);
    // Three follow-ups, "show at the counter", 👍, 👎.
    expect(answer).toMatch(/\[4\] 🪪[^]*\[6\] 👎/);
    expect(nine!.trim()).toBe('There is no button 9. Type a number from the list (1–6) or write your question.');
    expect(zero!.trim()).toBe('There is no button 0. Type a number from the list (1–6) or write your question.');
    // Not read as a follow-up of the answer (which would show it again) and no other reply.
    for (const screen of [nine!, zero!]) expect(screen).not.toMatch(GP_ANSWER);
    // 5 is still the 👍 of the answer above.
    expect(pressed).toContain(t('feedback.thanksHelpful', 'en'));
  });

  it('in Ukrainian, after /forget (no buttons on screen): says there is nothing to press', async () => {
    const screens = await terminal(['1', 'як записатися до сімейного лікаря', '/forget', '1', '/quit']);
    expect(screens[2]).toMatch(GP_ANSWER);
    expect(screens[4]!.trim()).toBe(t('terminal.noButtons', 'uk'));
    expect(screens[4]).toMatch(/немає кнопок/);
  });

  it('before a language is chosen, says so in all four languages', async () => {
    const screens = await terminal(['7', '/quit']);
    const said = screens[1]!.trim().split('\n');
    expect(said).toEqual((['uk', 'ru', 'nl', 'en'] as const).map((l) => t('terminal.noSuchButton', l, { number: 7, range: '1–4' })));
  });

  it('one button on screen is "(1)", not a range', async () => {
    const screens = await terminal(['4', 'How do I register with a GP?', '5', '2', '/quit']);
    expect(screens[3]).toContain(t('feedback.thanksHelpful', 'en'));
    expect(screens[4]!.trim()).toBe('There is no button 2. Type a number from the list (1) or write your question.');
  });
});

describe('what a typed line means', () => {
  const buttons = ['a:healthcare.gp', 'f:+:healthcare.gp', 'm'];
  it.each([
    ['2', { type: 'send', input: { payload: 'f:+:healthcare.gp' } }],
    [' 3 ', { type: 'send', input: { payload: 'm' } }],
    ['4', { type: 'no-such-button', number: 4 }],
    ['0', { type: 'no-such-button', number: 0 }],
    ['00', { type: 'no-such-button', number: 0 }],
    ['112', { type: 'send', input: { text: '112' } }],
    ['2 kinderen', { type: 'send', input: { text: '2 kinderen' } }],
    ['/quit', { type: 'quit' }],
  ])('%j', (line, meaning) => {
    expect(readTerminalLine(line, buttons)).toEqual(meaning);
  });
});
