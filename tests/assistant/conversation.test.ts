/**
 * The conversation as a person lives it, on the assistant alone (no bot framework, no HTTP): what they
 * see after each message, and what the bot keeps about them.
 */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { SearchIndex } from '../../src/search/search-index';
import { Assistant } from '../../src/assistant/assistant';
import { createTranslator, readLocales } from '../../src/i18n';
import { MAX_PAYLOAD_BYTES } from '../../src/assistant/payloads';
import type { UserState } from '../../src/assistant/user-state';
import type { InboundMessage } from '../../src/messages';
import type { Translate } from '../../src/assistant/translate';

let index: SearchIndex;
let t: Translate;
beforeAll(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  index = new SearchIndex(knowledge!);
  t = await createTranslator(readLocales(path.resolve(__dirname, '../../locales')), { days: 60, stateDays: 30 });
});

/** A person talking to the bot: keeps their state between messages, like the bot layer does. */
function person(hint?: InboundMessage['languageHint'], now = new Date('2026-11-27T12:00:00Z')) {
  const assistant = new Assistant(() => index, t, () => now);
  let state: UserState | null = {};
  const say = (input: { text?: string; payload?: string }) => {
    const r = assistant.handle({ channel: 'web', userKey: 'web:test', ...(hint ? { languageHint: hint } : {}), ...input }, state ?? {});
    state = r.state;
    return r;
  };
  return { say, state: () => state };
}

describe('first contact', () => {
  it('offers four languages when nothing tells us the language', () => {
    const { replies } = person().say({ payload: 'start' });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.buttons.map((b) => b.payload)).toEqual(['l:uk', 'l:ru', 'l:nl', 'l:en']);
  });

  it('greets in the messenger language, says it is not a government service, and shows the topic menu', () => {
    const { replies } = person('uk').say({ text: '/start' });
    expect(replies[0]!.language).toBe('uk');
    expect(replies[0]!.text).toMatch(/не є державною службою|не державна служба|державн/);
    expect(replies[0]!.buttons.filter((b) => b.payload.startsWith('t:')).map((b) => b.payload)).toEqual([
      't:documents', 't:housing', 't:money', 't:health', 't:work', 't:school', 't:travel', 't:family', 't:safety', 't:human',
    ]);
  });
});

describe('asks in Ukrainian, follows up, gives feedback, switches to Dutch', () => {
  it('walks the whole journey', () => {
    const p = person();
    const first = p.say({ text: 'Як записатися до сімейного лікаря?' });
    const answer = first.replies.find((r) => r.kind === 'answer')!;
    expect(answer).toMatchObject({ answerId: 'healthcare.gp', language: 'uk' });
    expect(answer.sources.length).toBeGreaterThan(0);
    expect(answer.reviewedLabel).toMatch(/^Перевірено \d+ \S+ 20\d\d/);
    const followUps = answer.buttons.filter((b) => b.payload.startsWith('a:'));
    expect(followUps.length).toBeGreaterThan(0);
    expect(followUps.length).toBeLessThanOrEqual(3);
    expect(answer.buttons.map((b) => b.payload)).toEqual(expect.arrayContaining(['f:+:healthcare.gp', 'f:-:healthcare.gp']));

    const next = p.say({ payload: followUps[0]!.payload });
    expect(next.replies[0]!.answerId).toBe(followUps[0]!.payload.slice(2));

    const thumbsDown = p.say({ payload: `f:-:${next.replies[0]!.answerId}` });
    expect(thumbsDown.replies[0]!.kind).toBe('feedback');
    expect(thumbsDown.events).toContainEqual(expect.objectContaining({ type: 'feedback', helpful: false }));

    const switched = p.say({ payload: 'l:nl' });
    expect(switched.replies[0]!.language).toBe('nl');
    const dutch = p.say({ text: 'де отримати BSN' });
    const reply = dutch.replies.find((r) => r.answerId)!;
    expect(reply.language).toBe('nl');
    expect(reply.reviewedLabel).toMatch(/^Gecontroleerd op/);
  });
});

describe('asks something out of scope', () => {
  it('says so honestly, offers human contacts and the menu, and records the question', () => {
    const r = person().say({ text: 'what is the weather in Amsterdam tomorrow?' });
    const reply = r.replies.find((x) => x.kind === 'unanswered')!;
    expect(reply.buttons.map((b) => b.payload)).toEqual(expect.arrayContaining(['a:contact.human', 'm']));
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'unanswered', question: 'what is the weather in Amsterdam tomorrow?' }));
  });
});

describe('writes about violence on first contact', () => {
  it('gets the safety answer first, before any greeting', () => {
    const r = person('ru').say({ text: 'муж опять избил меня, я боюсь идти домой' });
    expect(r.replies[0]).toMatchObject({ kind: 'safety', answerId: 'safety.domestic-violence', language: 'ru' });
    expect(r.replies[0]!.text).toMatch(/0800-2000/);
  });
});

describe('sends /forget', () => {
  it('confirms and leaves nothing to store', () => {
    const p = person('en');
    p.say({ payload: 'l:en' });
    const r = p.say({ text: '/forget' });
    expect(r.state).toBeNull();
    expect(r.replies[0]!.kind).toBe('forget');
  });
});

describe('odd input', () => {
  it.each(['', '   ', '😀😀😀', '\u200b\u200b', '\u202e\u202d', '!!!???'])('answers %j with a request to use words', (text) => {
    const r = person('uk').say({ text });
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]!.language).toBe('uk');
  });

  it('answers an unknown or forged button with the menu, not an error', () => {
    for (const payload of ['a:nope.nope', 'x:1', 'f:?:healthcare.gp', 'a'.repeat(200)]) {
      const r = person('en').say({ payload });
      expect(r.replies[0]!.buttons.some((b) => b.payload === 'm')).toBe(true);
    }
  });

  it('never produces a button payload longer than Telegram allows', () => {
    const p = person('uk');
    for (const entry of index.knowledge.entries) {
      for (const reply of p.say({ payload: `a:${entry.id}` }).replies) {
        for (const b of reply.buttons) expect(Buffer.byteLength(b.payload)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
      }
    }
  });
});

describe('an answer is missing in the person\'s language', () => {
  it('shows another language and says which', () => {
    const gp = index.knowledge.get('healthcare.gp')!;
    const withoutRussian = new KnowledgeBase(index.knowledge.entries.map((e) => (e.id === gp.id ? { ...e, answer: { ...e.answer, ru: undefined } } : e)));
    const assistant = new Assistant(() => new SearchIndex(withoutRussian), t);
    const r = assistant.handle({ channel: 'web', userKey: 'web:x', payload: 'a:healthcare.gp' }, { language: 'ru' });
    expect(r.replies[0]!.language).toBe('uk');
    expect(r.replies[0]!.notice).toMatch(/на русском.*на украинском/);
  });
});

describe('an answer nobody checked for half a year', () => {
  it('warns that it may be out of date, and a fresh one does not', () => {
    const old = person('en', new Date('2027-12-01T00:00:00Z')).say({ payload: 'a:work.permission' }).replies[0]!;
    expect(old.notice).toMatch(/more than six months ago/);
    const fresh = person('en', new Date('2026-12-20T00:00:00Z')).say({ payload: 'a:work.permission' }).replies[0]!;
    expect(fresh.notice).toBeUndefined();
  });
});
