/**
 * Two instances on one PostgreSQL, the web chat behind no sticky routing: a person's session token
 * started on A arrives at B with the next message. What they would notice if the instances did not share
 * the conversation: B asking for the language again, a short follow-up ("en voor kinderen?") read as a
 * new question, a 👎 that has no question to pass on to the volunteers — or, after `/forget` on B, A
 * still knowing the language and the last answer.
 */
import { ChatClient, repliesOf, startApp, until, type ChatResponse, type RunningApp, type WireReply } from './helpers';
import { describeWithPostgres, freshDatabase, type TestDatabase } from '../storage/postgres-helper';

const PSEUDONYM_SECRET = 'the-same-secret-on-every-instance-0123456789';
const ALLOWANCE = 'aid.living-allowance';
const QUESTION_NL = 'Hoeveel leefgeld krijg ik?';
const FOLLOW_UP_NL = 'en voor kinderen?';

/** The reply that carries the turn's reading (not the greeting before it). */
const shown = (res: ChatResponse): WireReply => {
  const reply = repliesOf(res).find((r) => ['answer', 'suggest', 'unanswered', 'safety'].includes(r.kind));
  if (!reply) throw new Error(`no answer among ${JSON.stringify(repliesOf(res).map((r) => r.kind))}`);
  return reply;
};
/** The entry a reply answers, or the first it offers ("did you mean"). */
const about = (reply: WireReply): string | undefined =>
  reply.kind === 'answer' ? (reply.answerId ?? undefined) : reply.buttons.map((b) => b.payload).find((p) => p.startsWith('a:'))?.slice(2);
const payloads = (res: ChatResponse): string[] => repliesOf(res).flatMap((r) => r.buttons.map((b) => b.payload));

describeWithPostgres('the web chat moving between two instances on one PostgreSQL', () => {
  let database: TestDatabase;
  let a: RunningApp;
  let b: RunningApp;
  /** One browser tab, whose requests a load balancer sends to A or to B. */
  let onA: ChatClient;
  let onB: ChatClient;
  const moveTo = (from: ChatClient, to: ChatClient): void => {
    to.session = from.session;
  };

  beforeAll(async () => {
    database = await freshDatabase();
    const env = { DATABASE_URL: database.url, PSEUDONYM_SECRET };
    [a, b] = await Promise.all([startApp(env), startApp(env)]);
    // No Accept-Language: only the conversation state can tell an instance the person's language.
    onA = new ChatClient(a.base);
    onB = new ChatClient(b.base);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  test('read alone (a new session), the follow-up is not about the living allowance', async () => {
    expect(about(shown(await new ChatClient(b.base).text(FOLLOW_UP_NL)))).not.toBe(ALLOWANCE);
  });

  test('language and question on A; on B the same session keeps the language, the follow-up and the 👎', async () => {
    expect(repliesOf(await onA.press('l:nl')).map((r) => r.language)).toEqual(['nl']);
    const answer = shown(await onA.text(QUESTION_NL));
    expect(answer).toMatchObject({ kind: 'answer', answerId: ALLOWANCE, language: 'nl' });

    moveTo(onA, onB);
    // A command, with no words to read a language from: only the shared state can tell B the language.
    const menu = await onB.text('/menu');
    expect(repliesOf(menu).map((r) => r.language)).toEqual(['nl']);
    expect(payloads(menu)).not.toContain('l:uk'); // the menu, not the choice of language

    const followUp = shown(await onB.text(FOLLOW_UP_NL));
    expect(followUp.language).toBe('nl');
    expect(about(followUp)).toBe(ALLOWANCE);

    // 👎 on B passes the question asked on A to the volunteers' (shared) inbox.
    const thanks = repliesOf(await onB.press(`f:-:${ALLOWANCE}`));
    expect(thanks.map((r) => r.kind)).toEqual(['feedback']);
    await until(async () => (await a.app.inbox.list()).some((q) => q.reason === 'not-helpful' && q.answerId === ALLOWANCE), 5000, 'the 👎 in the inbox');
    expect((await a.app.inbox.list()).find((q) => q.reason === 'not-helpful')?.text).toContain('leefgeld');
  });

  test('/forget on B, then a message on A: neither the language nor the last answer comes back', async () => {
    moveTo(onA, onB);
    expect(repliesOf(await onB.text('/forget')).map((r) => r.kind)).toContain('forget');
    moveTo(onB, onA);
    // The language is gone: A asks for it again …
    expect(payloads(await onA.text('/menu')).sort()).toEqual(['l:en', 'l:nl', 'l:ru', 'l:uk']);
    // … and the last answer too: the follow-up is read on its own, as in a new session.
    expect(about(shown(await onA.text(FOLLOW_UP_NL)))).not.toBe(ALLOWANCE);
  });
});
