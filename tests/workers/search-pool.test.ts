/**
 * New questions read in search worker threads (SEARCH_WORKERS): a person gets exactly the replies the
 * main thread would give — the safety answer included — when a worker dies with the question, when one
 * stops answering, and after the knowledge changes.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { SearchIndex } from '../../src/search/search-index';
import { Assistant } from '../../src/assistant/assistant';
import { QuestionCache } from '../../src/assistant/question-cache';
import { readQuestion } from '../../src/assistant/read-question';
import { createTranslator, readLocales } from '../../src/i18n';
import type { Translate } from '../../src/assistant/translate';
import type { Language } from '../../src/knowledge/languages';
import type { UserState } from '../../src/assistant/user-state';
import type { AssistantResult } from '../../src/assistant/assistant';
import { SearchPool, startSearchWorker } from '../../src/workers/search-pool';
import { readQuestions } from '../eval/evaluate';

let knowledge: KnowledgeBase;
let index: SearchIndex;
let t: Translate;
const now = () => new Date('2026-11-27T12:00:00Z');
const pools: SearchPool[] = [];

beforeAll(async () => {
  const loaded = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  knowledge = loaded.knowledge!;
  index = new SearchIndex(knowledge);
  t = await createTranslator(readLocales(path.resolve(__dirname, '../../locales')), { days: 60, stateDays: 30 });
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

/** A pool that keeps hold of its threads, so a test can make one fail. */
function pool(size: number, options: { stuckAfterMs?: number; startWorker?: () => Worker } = {}): { pool: SearchPool; threads: Worker[] } {
  const threads: Worker[] = [];
  const start = options.startWorker ?? startSearchWorker;
  const p = new SearchPool({
    size,
    restartDelayMs: 10,
    ...(options.stuckAfterMs ? { stuckAfterMs: options.stuckAfterMs } : {}),
    startWorker: () => {
      const w = start();
      threads.push(w);
      return w;
    },
  });
  pools.push(p);
  return { pool: p, threads };
}

/**
 * Two real workers for the tests that only read through them and load knowledge (not the ones that
 * make a worker fail): a worker's start costs its thread about a second of loading modules through tsx
 * before it builds its index, and these tests started five. Its counts only grow, so those tests
 * compare them with what they were before.
 */
let shared: SearchPool | undefined;
async function sharedPool(): Promise<SearchPool> {
  if (!shared) {
    shared = new SearchPool({ size: 2, restartDelayMs: 10 });
    shared.load(knowledge);
  }
  await shared.whenReady();
  return shared;
}
afterAll(async () => {
  await shared?.close();
});

const eval_ = (file: string) => readQuestions(path.resolve(__dirname, '../eval', file));
const HINTS: Array<Language | undefined> = [undefined, 'uk', 'ru', 'nl', 'en'];

describe('readings from the worker threads', () => {
  it('are the readings the main thread makes, safety messages and look-alikes included', async () => {
    const p = await sharedPool();
    const before = p.stats();
    const questions = [...eval_('dev.jsonl').slice(0, 60), ...eval_('dev-safety.jsonl').slice(0, 40), ...eval_('dev-lookalike.jsonl').slice(0, 30)].map((q) => q.q);
    questions.push('x'.repeat(5000), 'ghbdsn', '');
    const readings = await Promise.all(questions.map((q, i) => p.read(knowledge, q, HINTS[i % HINTS.length])));
    questions.forEach((q, i) => expect(readings[i]).toEqual(readQuestion(index, q, HINTS[i % HINTS.length])));
    expect(readings.filter((r) => r?.resolution.kind === 'safety').length).toBeGreaterThan(20);
    expect(p.stats()).toMatchObject({ workers: 2, ready: 2, served: before.served + questions.length, fallbacks: before.fallbacks });
  });

  it('give a person the same conversation as the main thread: follow-ups, towns, safety, over the rate limit', async () => {
    const p = await sharedPool();
    const before = p.stats();
    const threaded = new Assistant(() => index, t, now, new QuestionCache(), p);
    const inProcess = new Assistant(() => index, t, now, new QuestionCache());
    const script = ['Скільки leefgeld я отримую?', 'а на дітей?', 'waar inschrijven BRP in Den Haag', 'ik woon in Den Haag', 'huisarts', 'а я не хочу жити', 'дякую', 'ghbdsn', 'Скільки leefgeld я отримую?'];
    let a: UserState = {};
    let b: UserState = {};
    for (const text of script) {
      const message = { channel: 'web' as const, userKey: 'web:p', text };
      const [x, y] = [await threaded.respond(message, a), inProcess.handle(message, b)];
      expect(x).toEqual(y);
      a = x.state ?? {};
      b = y.state ?? {};
    }
    const limited = (r: AssistantResult) => r.replies.map((reply) => reply.kind);
    const danger = { channel: 'web' as const, userKey: 'web:p', text: 'він мене знову вдарив' };
    expect(limited(await threaded.respondLimited(danger, a, 30))).toEqual(limited(inProcess.handleLimited(danger, b, 30)));
    expect(limited(await threaded.respondLimited(danger, a, 30))[0]).toBe('safety');
    expect(p.stats().served - before.served).toBeGreaterThan(script.length);
    expect(p.stats().fallbacks).toBe(before.fallbacks);
  });
});

describe('a worker that fails', () => {
  it('is replaced when it crashes, and the question it held is still answered', async () => {
    const { pool: p, threads } = pool(1);
    p.load(knowledge);
    await p.whenReady();
    const assistant = new Assistant(() => index, t, now, new QuestionCache(), p);
    const first = threads[0]!;
    const exited = new Promise((resolve) => first.once('exit', resolve));
    // A message the worker cannot take makes it throw: an uncaught error ends the thread before it
    // reaches the question sent after it.
    first.postMessage({ type: 'no such message' });
    const answer = assistant.respond({ channel: 'web', userKey: 'web:c', text: 'мені страшно, він погрожує мене вбити' }, {});
    expect((await answer).replies[0]).toMatchObject({ kind: 'safety' });
    expect(await exited).not.toBe(0);
    await p.whenReady();
    expect(threads).toHaveLength(2);
    expect(p.stats()).toMatchObject({ workers: 1, ready: 1, replaced: 1 });
    const served = p.stats().served;
    expect(await p.read(knowledge, 'як записатися до сімейного лікаря', 'uk')).toEqual(readQuestion(index, 'як записатися до сімейного лікаря', 'uk'));
    expect(p.stats().served).toBe(served + 1);
  });

  it('is replaced when it stops answering, and its questions are read in the main thread', async () => {
    const { pool: p, threads } = pool(1, { stuckAfterMs: 300, startWorker: hangingFirst() });
    p.load(knowledge);
    await p.whenReady();
    const reading = await p.read(knowledge, 'де взяти бсн', 'uk');
    expect(reading).toBeUndefined();
    expect(p.stats().fallbacks).toBe(1);
    await p.whenReady();
    expect(threads).toHaveLength(2);
    expect(p.stats()).toMatchObject({ replaced: 1, ready: 1 });
    const assistant = new Assistant(() => index, t, now, new QuestionCache(), p);
    const reply = await assistant.respond({ channel: 'web', userKey: 'web:h', text: 'де взяти бсн' }, { greeted: true });
    expect(reply).toEqual(new Assistant(() => index, t, now).handle({ channel: 'web', userKey: 'web:h', text: 'де взяти бсн' }, { greeted: true }));
  });
});

describe('a knowledge reload', () => {
  it('reaches every worker: an entry added is found by each, and a turn begun before it is read in the main thread', async () => {
    const p = await sharedPool();
    const without = new KnowledgeBase(knowledge.entries.filter((e) => e.id !== 'healthcare.dentist'));
    p.load(without);
    await p.whenReady();
    const question = 'I have a terrible toothache, where do I go?';
    const before = await p.read(without, question, 'en');
    expect(before?.resolution).not.toMatchObject({ id: 'healthcare.dentist' });

    p.load(knowledge);
    expect(await p.read(without, question, 'en')).toBeUndefined();
    await p.whenReady();
    const served = p.stats().served;
    // Two at once: the pool gives each to the worker with fewer waiting, so both workers answer.
    const after = await Promise.all([p.read(knowledge, question, 'en'), p.read(knowledge, `${question}?`, 'en')]);
    for (const r of after) expect(r?.resolution).toMatchObject({ kind: 'answer', id: 'healthcare.dentist' });
    expect(p.stats().served).toBe(served + 2);
  });
});

/**
 * The first thread started is one that says it loaded and then never answers (as a search caught in a
 * loop would); the ones after it are real search workers, so the pool can recover.
 */
function hangingFirst(): () => Worker {
  let started = 0;
  return () =>
    started++ === 0
      ? new Worker(`require('node:worker_threads').parentPort.on('message', (m) => { if (m.type === 'load') require('node:worker_threads').parentPort.postMessage({ type: 'loaded', generation: m.generation }); });`, { eval: true })
      : startSearchWorker();
}
