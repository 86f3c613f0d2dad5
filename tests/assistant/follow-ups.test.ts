/**
 * A short follow-up is read with the answer before it: "а на дітей?" after the living allowance is about
 * the allowance for children, not family reunification; a new short question is still its own question.
 */
import { Assistant } from '../../src/assistant/assistant';
import { loadShipped } from './shipped';
import type { UserState } from '../../src/assistant/user-state';
import type { Reply } from '../../src/messages';

let assistant: Assistant;
beforeAll(async () => {
  const { index, t } = await loadShipped();
  assistant = new Assistant(() => index, t);
});

function conversation(...messages: string[]): Reply[][] {
  let state: UserState = { greeted: true };
  return messages.map((text) => {
    const r = assistant.handle({ channel: 'web', userKey: 'web:f', text }, state);
    state = r.state ?? {};
    return r.replies;
  });
}
const shown = (replies: Reply[]) => replies.find((r) => r.kind === 'answer' || r.kind === 'suggest' || r.kind === 'unanswered' || r.kind === 'safety')!;
const offered = (reply: Reply) => reply.buttons.map((b) => b.payload).filter((p) => p.startsWith('a:')).map((p) => p.slice(2));

describe.each([
  ['uk', 'Скільки leefgeld я отримую?', ['а на дітей?', 'а скільки?']],
  ['ru', 'Сколько leefgeld я получаю?', ['а на детей?', 'а сколько?']],
  ['nl', 'Hoeveel leefgeld krijg ik?', ['en voor kinderen?', 'en hoeveel?']],
  ['en', 'How much living allowance do I get?', ['and for children?', 'and how much?']],
] as const)('in %s, after the living allowance', (language, question, followUps) => {
  it.each(followUps)('"%s" stays with the living allowance, in the same language', (followUp) => {
    const [, second] = conversation(question, followUp);
    const reply = shown(second!);
    expect(reply.language).toBe(language);
    const id = reply.kind === 'answer' ? reply.answerId : offered(reply)[0];
    expect(id).toBe('aid.living-allowance');
  });
});

describe('what is not a follow-up', () => {
  it('a new short question with its own answer is answered on its own ("huisarts" after the allowance)', () => {
    const [, second] = conversation('Hoeveel leefgeld krijg ik?', 'huisarts');
    expect(shown(second!)).toMatchObject({ kind: 'answer', answerId: 'healthcare.gp' });
  });

  it('"а де знайти стоматолога?" after the GP goes to the dentist', () => {
    const [, second] = conversation('Як записатися до сімейного лікаря?', 'а де знайти стоматолога?');
    expect(shown(second!)).toMatchObject({ kind: 'answer', answerId: 'healthcare.dentist' });
  });

  it('a complete short question that opens with "як" is its own question, not a follow-up', () => {
    const [, second] = conversation('Як обміняти українські водійські права?', 'Як отримати рецепт на ліки?');
    expect(shown(second!)).toMatchObject({ kind: 'answer', answerId: 'healthcare.medicines' });
  });

  it('a message about danger is the safety answer, whatever came before', () => {
    const [, second] = conversation('Скільки leefgeld я отримую?', 'а я не хочу жити');
    expect(second![0]).toMatchObject({ kind: 'safety', answerId: 'safety.crisis' });
  });

  it('with no answer before it, "а на дітей?" gets no confident answer about another topic', () => {
    const [first] = conversation('а скільки?');
    expect(shown(first!).kind).not.toBe('answer');
  });
});
