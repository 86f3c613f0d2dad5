/**
 * 👍 and 👎 under an answer: 👍 is thanked without promising anything; 👎 says volunteers will see it and,
 * because the person still has no answer, offers people who can help now. In each of the four languages.
 */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import { Assistant } from '../../src/assistant/assistant';
import { createTranslator, readLocales } from '../../src/i18n';
import type { Translate } from '../../src/assistant/translate';
import type { Reply } from '../../src/messages';

let assistant: Assistant;
let t: Translate;
beforeAll(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  const index = new SearchIndex(knowledge!);
  t = await createTranslator(readLocales(path.resolve(__dirname, '../../locales')), { days: 60, stateDays: 30 });
  assistant = new Assistant(() => index, t);
});

/** Asks the question, then presses the answer's 👍 or 👎 button; returns the answer and what the press got. */
function askThenPress(question: string, helpful: boolean): { answer: Reply; after: Reply[] } {
  const asked = assistant.handle({ channel: 'web', userKey: 'web:fb', text: question }, { greeted: true });
  const answer = asked.replies.find((r) => r.kind === 'answer')!;
  const label = t(helpful ? 'feedback.helpful' : 'feedback.notHelpful', answer.language);
  const button = answer.buttons.find((b) => b.label === label)!;
  const pressed = assistant.handle({ channel: 'web', userKey: 'web:fb', payload: button.payload }, asked.state ?? {});
  return { answer, after: pressed.replies };
}

const entryIds = (reply: Reply) => reply.buttons.map((b) => b.payload).filter((p) => p.startsWith('a:')).map((p) => p.slice(2));
const VOLUNTEER = /волонт|vrijwillig|volunteer|review|перевір|провер|перегля|bekijk|kijken/i;

describe.each([
  ['uk', 'Як записатися до сімейного лікаря?'],
  ['ru', 'Как записаться к семейному врачу?'],
  ['nl', 'Hoe schrijf ik me in bij een huisarts?'],
  ['en', 'How do I register with a GP?'],
] as const)('in %s, after the answer about the GP', (language, question) => {
  it('👍 is thanked in the same language, with no promise of a review and nothing more to do', () => {
    const { answer, after } = askThenPress(question, true);
    expect(answer).toMatchObject({ answerId: 'healthcare.gp', language });
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ kind: 'feedback', language });
    expect(after[0]!.text).not.toMatch(VOLUNTEER);
    expect(after[0]!.buttons.map((b) => b.label)).toEqual([t('buttons.menu', language)]);
  });

  it('👎 gets a different reply: volunteers will see it, and who can help now', () => {
    const helpful = askThenPress(question, true).after[0]!;
    const { after } = askThenPress(question, false);
    expect(after).toHaveLength(1);
    const reply = after[0]!;
    expect(reply).toMatchObject({ kind: 'feedback', language });
    expect(reply.text).not.toBe(helpful.text);
    expect(reply.text).toMatch(/волонт|vrijwillig|volunteer/i);
    expect(entryIds(reply)).toEqual(['contact.human', 'contact.legal-help']);
    expect(reply.buttons.at(-1)!.label).toBe(t('buttons.menu', language));
  });
});

it('👎 under the answer about contacting a person does not offer that same answer again', () => {
  const asked = assistant.handle({ channel: 'web', userKey: 'web:fb', payload: 'a:contact.human' }, { greeted: true, language: 'en' });
  const pressed = assistant.handle({ channel: 'web', userKey: 'web:fb', payload: 'f:-:contact.human' }, asked.state ?? {});
  expect(entryIds(pressed.replies[0]!)).toEqual(['contact.legal-help']);
});
