/**
 * What a person sees in the web chat, journey by journey, over real HTTP to the whole app.
 */
import { ChatClient, healthz, repliesOf, say, startApp, tempDataDir, until, type RunningApp, type WireReply } from './helpers';

const UK_MONTHS = /(січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня)/;
const GP_QUESTION_UK = 'як записатися до сімейного лікаря';

const last = (replies: WireReply[]): WireReply => {
  const reply = replies[replies.length - 1];
  if (!reply) throw new Error('the turn had no reply');
  return reply;
};
const payloads = (reply: WireReply): string[] => reply.buttons.map((b) => b.payload);
/** The text before `{{date}}` in a language's "checked on" label. */
const checkedOnPrefix = (language: string): string => say(language, 'answer.checkedOn').split('{{')[0] ?? '';

let running: RunningApp;
beforeAll(async () => {
  running = await startApp();
});
afterAll(async () => {
  await running.stop();
});

describe('first contact without a browser language', () => {
  test('"start" offers a choice of four languages', async () => {
    const replies = repliesOf(await new ChatClient(running.base).press('start'));
    expect(replies).toHaveLength(1);
    const [choice] = replies as [WireReply];
    expect(payloads(choice).sort()).toEqual(['l:en', 'l:nl', 'l:ru', 'l:uk']);
    expect(choice.buttons.map((b) => b.label).sort()).toEqual(['uk', 'ru', 'nl', 'en'].map((l) => say(l, 'language.name')).sort());
    for (const l of ['uk', 'ru', 'nl', 'en']) expect(choice.text).toContain(say(l, 'language.prompt'));
  });

  test('a client that accepts any language ("*", as fetch sends) is asked too', async () => {
    const replies = repliesOf(await new ChatClient(running.base, { 'accept-language': '*' }).press('start'));
    expect(replies).toHaveLength(1);
    expect(payloads(last(replies)).sort()).toEqual(['l:en', 'l:nl', 'l:ru', 'l:uk']);
  });
});

describe('a Ukrainian speaker asks about a family doctor and follows up', () => {
  let person: ChatClient;
  let answer: WireReply;
  beforeAll(() => {
    person = new ChatClient(running.base, { 'accept-language': 'uk' });
  });

  test('"start" with Accept-Language: uk greets in Ukrainian with topic buttons', async () => {
    const replies = repliesOf(await person.press('start'));
    expect(replies).toHaveLength(1);
    const greeting = last(replies);
    expect(greeting.kind).toBe('greeting');
    expect(greeting.language).toBe('uk');
    expect(greeting.text).toContain(say('uk', 'greeting.intro'));
    expect(greeting.buttons).toEqual(
      expect.arrayContaining([
        { label: say('uk', 'menu.button.health'), payload: 't:health' },
        { label: say('uk', 'menu.button.documents'), payload: 't:documents' },
        { label: say('uk', 'menu.button.human'), payload: 't:human' },
      ]),
    );
  });

  test('the question gets the family-doctor answer in Ukrainian, with sources, date and buttons', async () => {
    answer = last(repliesOf(await person.text(GP_QUESTION_UK)));
    expect(answer).toMatchObject({ kind: 'answer', answerId: 'healthcare.gp', language: 'uk' });
    expect(answer.text).toMatch(/лікар/);
    expect(answer.sources.length).toBeGreaterThan(0);
    for (const url of answer.sources) expect(new URL(url).protocol).toBe('https:');
    expect(answer.reviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const year = (answer.reviewed ?? '').slice(0, 4);
    expect(answer.reviewedLabel?.startsWith(checkedOnPrefix('uk'))).toBe(true);
    expect(answer.reviewedLabel).toMatch(UK_MONTHS);
    expect(answer.reviewedLabel).toContain(year);

    const followUps = answer.buttons.filter((b) => b.payload.startsWith('a:'));
    expect(followUps.length).toBeGreaterThanOrEqual(1);
    expect(followUps.length).toBeLessThanOrEqual(3);
    for (const b of followUps) expect(b.label).toMatch(/[А-Яа-яІіЇїЄєҐґ]/);
    expect(answer.buttons.slice(-2)).toEqual([
      { label: say('uk', 'feedback.helpful'), payload: 'f:+:healthcare.gp' },
      { label: say('uk', 'feedback.notHelpful'), payload: 'f:-:healthcare.gp' },
    ]);
  });

  test('pressing a follow-up button shows that entry in Ukrainian', async () => {
    const followUp = answer.buttons.find((b) => b.payload.startsWith('a:'));
    expect(followUp).toBeDefined();
    const shown = last(repliesOf(await person.press(followUp!.payload)));
    expect(shown.answerId).toBe(followUp!.payload.slice(2));
    expect(shown.kind).toBe('answer');
    expect(shown.language).toBe('uk');
    expect(shown.text.length).toBeGreaterThan(20);
  });
});

describe('a person chooses Dutch, and the choice outlives a restart', () => {
  const dataDir = tempDataDir();
  let first: RunningApp | undefined;
  let second: RunningApp | undefined;
  afterAll(async () => {
    await first?.stop({ keepData: true });
    await second?.stop();
  });

  test('after pressing "l:nl", a question typed in Ukrainian is answered in Dutch, also after a restart', async () => {
    first = await startApp({}, { dataDir });
    const client = new ChatClient(first.base, { 'accept-language': 'uk' });
    const before = last(repliesOf(await client.text(GP_QUESTION_UK)));
    expect(before).toMatchObject({ answerId: 'healthcare.gp', language: 'uk' });

    const changed = last(repliesOf(await client.press('l:nl')));
    expect(changed).toMatchObject({ kind: 'language', language: 'nl', text: say('nl', 'language.changed') });

    const dutch = last(repliesOf(await client.text(GP_QUESTION_UK)));
    expect(dutch).toMatchObject({ kind: 'answer', answerId: 'healthcare.gp', language: 'nl' });
    expect(dutch.reviewedLabel?.startsWith(checkedOnPrefix('nl'))).toBe(true);
    expect(dutch.buttons.slice(-2).map((b) => b.label)).toEqual([say('nl', 'feedback.helpful'), say('nl', 'feedback.notHelpful')]);

    await first.stop({ keepData: true });
    second = await startApp({}, { dataDir });
    const session = client.session;
    const again = new ChatClient(second.base, { 'accept-language': 'uk' });
    again.session = session;
    const afterRestart = last(repliesOf(await again.text(GP_QUESTION_UK)));
    expect(again.session).toBe(session);
    expect(afterRestart).toMatchObject({ answerId: 'healthcare.gp', language: 'nl' });
  });
});

describe('a person says an answer did not help', () => {
  test('👎 gets thanks, and the question reaches the volunteers\' inbox without the phone number in it', async () => {
    const client = new ChatClient(running.base, { 'accept-language': 'uk' });
    const question = `${GP_QUESTION_UK}? мій телефон +31 6 12345678`;
    const answer = last(repliesOf(await client.text(question)));
    expect(answer.answerId).toBe('healthcare.gp');

    const thanks = last(repliesOf(await client.press('f:-:healthcare.gp')));
    expect(thanks).toMatchObject({ kind: 'feedback', language: 'uk', text: say('uk', 'feedback.thanksNotHelpful') });

    const items = (await running.app.inbox.list()).filter((item) => item.reason === 'not-helpful' && item.text.includes('сімейного лікаря'));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ answerId: 'healthcare.gp', language: 'uk' });
    expect(items[0]!.text).not.toMatch(/12345678|\+31/);
  });
});

describe('a question the bot cannot answer', () => {
  test('gets "unanswered" with a way to a human, and lands in the inbox', async () => {
    const client = new ChatClient(running.base, { 'accept-language': 'en' });
    const replies = repliesOf(await client.text("what's the weather in Amsterdam tomorrow"));
    const reply = last(replies);
    expect(reply.kind).toBe('unanswered');
    expect(reply.language).toBe('en');
    expect(reply.answerId).toBeNull();
    expect(payloads(reply)).toContain('a:contact.human');
    const items = (await running.app.inbox.list()).filter((item) => item.reason === 'unanswered' && item.text.includes('weather in Amsterdam'));
    expect(items).toHaveLength(1);
    expect(items[0]!.language).toBe('en');
  });
});

describe('a first message about violence, in Russian', () => {
  test('the very first reply is the domestic-violence safety answer, with no greeting before it', async () => {
    const client = new ChatClient(running.base);
    const replies = repliesOf(await client.text('муж бьет меня, мне страшно'));
    const first = replies[0];
    expect(first).toMatchObject({ kind: 'safety', answerId: 'safety.domestic-violence', language: 'ru' });
    expect(first!.text).toContain('112');
    expect(replies.some((r) => r.kind === 'greeting')).toBe(false);
    expect(first!.reviewedLabel?.startsWith(checkedOnPrefix('ru'))).toBe(true);
  });
});

describe('a person asks the bot to forget them', () => {
  test('/forget confirms, deletes the stored state, and the bot no longer knows the language', async () => {
    const db = running.app.db;
    const keys = (): string[] => (db.prepare('SELECT key FROM kv').all() as Array<{ key: string }>).map((r) => r.key);
    // Earlier tests' state may still be on its way to the database (it is written in batches).
    const settled = async () => ((await healthz(running.base)).details.conversationState as { pendingWrites: number }).pendingWrites === 0;
    await until(settled, 3000, 'earlier state written');
    const before = new Set(keys());

    const client = new ChatClient(running.base); // no Accept-Language: only the stored choice knows the language
    expect(last(repliesOf(await client.press('l:uk'))).language).toBe('uk');
    expect(last(repliesOf(await client.text(GP_QUESTION_UK))).answerId).toBe('healthcare.gp');
    const menu = last(repliesOf(await client.text('/menu')));
    expect(menu).toMatchObject({ kind: 'menu', language: 'uk' });

    // Conversation state reaches the database in batches, a moment after the turn.
    await until(settled, 3000, 'the state is written');
    const mine = keys().filter((k) => !before.has(k));
    const userRow = mine.find((k) => k.startsWith('user/'));
    expect(userRow).toBeDefined();
    const userKey = userRow!.slice('user/'.length);

    const done = repliesOf(await client.text('/forget'));
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ kind: 'forget', language: 'uk', text: say('uk', 'forget.done') });

    // Every row about this person (our state and Botkit's conversation state) is gone.
    expect(keys().filter((k) => k.includes(userKey))).toEqual([]);

    const after = last(repliesOf(await client.text('/menu')));
    expect(payloads(after).sort()).toEqual(['l:en', 'l:nl', 'l:ru', 'l:uk']);
  });
});
