/**
 * A person over the rate limit still gets the safety answer when their message is about danger, also
 * when it is long and the danger is told far into it (Telegram and WhatsApp allow 4,096 characters).
 */
import { Assistant } from '../../src/assistant/assistant';
import { loadShipped } from './shipped';

let assistant: Assistant;
beforeAll(async () => {
  const { index, t } = await loadShipped();
  assistant = new Assistant(() => index, t);
});

const story = 'Ми приїхали до Нідерландів навесні разом із дітьми. Діти ходять до школи, а я вчу мову. '.repeat(40);

test('over the limit, danger told 3,000 characters into a message gets the safety answer, not "please wait"', () => {
  const text = `${story}Мій чоловік мене бʼє і погрожує вбити. ${story.slice(0, 600)}`;
  expect(text.indexOf('чоловік')).toBeGreaterThan(3000);
  const { replies } = assistant.handleLimited({ channel: 'telegram', userKey: 'telegram:test', text }, { language: 'uk' }, 30);
  expect(replies[0]).toMatchObject({ kind: 'safety', answerId: 'safety.domestic-violence' });
});

test('over the limit, a long message without danger gets "please wait"', () => {
  const { replies } = assistant.handleLimited({ channel: 'telegram', userKey: 'telegram:test', text: story }, { language: 'uk' }, 30);
  expect(replies[0]?.kind).toBe('limited');
});
