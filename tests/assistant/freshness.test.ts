/**
 * An answer checked long ago says so — but a person in danger reads the numbers first: a safety answer,
 * or any answer that gives phone numbers, never opens with the age warning; it comes after them.
 */
import { SearchIndex } from '../../src/search/search-index';
import { Assistant } from '../../src/assistant/assistant';
import { loadShipped } from './shipped';
import { renderReply } from '../../src/channels/telegram/render';
import type { Translate } from '../../src/assistant/translate';

let index: SearchIndex;
let t: Translate;
beforeAll(async () => {
  ({ index, t } = await loadShipped());
});

// Two years after any review date in the knowledge base: every answer is past its review.
const later = () => new Date('2029-01-01T12:00:00Z');
const open = (id: string, language: 'uk' | 'ru' | 'nl' | 'en') =>
  new Assistant(() => index, t, later).handle({ channel: 'web', userKey: 'web:f', payload: `a:${id}` }, { language }).replies[0]!;

describe.each(['uk', 'ru', 'nl', 'en'] as const)('in %s', (language) => {
  it('a safety answer opens with its numbers; the age warning comes after them', () => {
    const reply = open('safety.crisis', language);
    expect(reply.kind).toBe('safety');
    expect(reply.notice).toBeUndefined();
    expect(reply.caveat).toMatch(/\d{4}/); // the date it was checked
  });

  it('an ordinary answer without phone numbers still opens with the age warning', () => {
    const reply = open('work.permission', language);
    expect(reply.kind).toBe('answer');
    expect(reply.notice).toMatch(/\d{4}/);
    expect(reply.caveat).toBeUndefined();
  });
});

it('in Telegram the crisis answer starts with its text, and the warning is the last line', () => {
  const reply = open('safety.crisis', 'uk');
  const [first] = renderReply(reply).map((m) => m.text);
  const plain = first!.replace(/<[^>]+>/g, '');
  const number = plain.search(/\b11[23]\b/);
  expect(number).toBeGreaterThanOrEqual(0);
  expect(plain.indexOf(reply.caveat!)).toBeGreaterThan(number);
  expect(plain.trimEnd().endsWith(reply.caveat!)).toBe(true);
});
