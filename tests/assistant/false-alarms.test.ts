/**
 * Everyday messages must not get a safety answer (a false alarm frightens and leaves the question
 * unanswered), while messages about danger still do — read through the whole assistant, in four languages.
 */
import { Assistant } from '../../src/assistant/assistant';
import { loadShipped } from './shipped';

let assistant: Assistant;
beforeAll(async () => {
  const { index, t } = await loadShipped();
  assistant = new Assistant(() => index, t);
});

const kinds = (text: string) => assistant.handle({ channel: 'web', userKey: 'web:t', text }, { greeted: true }).replies.map((r) => r.kind);

describe('thanks, in all its forms, is thanks', () => {
  it.each(['спасибо большое', 'большое спасибо', 'дуже дякую', 'bedankt voor alles', 'thank you for everything', 'thanks a lot'])('%s', (q) => {
    const replies = assistant.handle({ channel: 'web', userKey: 'web:t', text: q }, { greeted: true }).replies;
    expect(replies.map((r) => r.kind)).toEqual(['info']);
  });
});

describe('everyday questions get no safety answer', () => {
  it.each([
    'can I drive here with my ukrainian driving licence',
    'mag ik werken en moet ik belasting betalen',
    'my boss pays cash, do I need to pay tax',
    'I am tired of waiting for the IND',
    'хочу поменять работу, начальник строгий',
  ])('%s', (q) => {
    expect(kinds(q)).not.toContain('safety');
  });
});

describe('danger still gets its safety answer first', () => {
  it.each([
    ['я більше не хочу жити', 'safety.crisis'],
    ['спасибо за всё, прощайте, больше не хочу жить', 'safety.crisis'],
    ['thank you for everything, I wont be here tomorrow', 'safety.crisis'],
    ['mijn man slaat me', 'safety.domestic-violence'],
    ['the boss took our passports and does not pay', 'safety.exploitation'],
  ])('%s', (q, id) => {
    const [first] = assistant.handle({ channel: 'web', userKey: 'web:t', text: q }, { greeted: true }).replies;
    expect(first).toMatchObject({ kind: 'safety', answerId: id });
  });
});
