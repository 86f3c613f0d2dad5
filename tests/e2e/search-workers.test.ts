/**
 * The app with search worker threads (SEARCH_WORKERS=2), over HTTP: new questions are read by the
 * workers, a knowledge reload reaches both of them (an answer added is found, with no question read in
 * the main thread instead), danger still gets the safety answer, and the operator sees it in /healthz.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChatClient, healthz, repliesOf, startApp, type RunningApp } from './helpers';
import type { SearchPoolStats } from '../../src/workers/search-pool';

jest.setTimeout(60_000);

const SHIPPED = path.resolve(__dirname, '../../knowledge');

/** An answer the shipped knowledge does not have, added while the app runs. */
const PARROT = `id: contact.parrot
topic: contact
reviewed: 2026-12-01
sources: [https://www.example.org/parrots]
questions:
  en:
    - What do I feed my parrot?
    - My parrot will not eat, what food does a parrot need?
    - Where can I buy parrot food?
answer:
  en: Parrots eat seeds, fruit and vegetables; a pet shop sells parrot food.
`;
let knowledgeDir: string;
let running: RunningApp;

beforeAll(async () => {
  knowledgeDir = mkdtempSync(path.join(os.tmpdir(), 'prykhystok-workers-kb-'));
  cpSync(SHIPPED, knowledgeDir, { recursive: true });
  // Reloaded by the test alone (no fs.watch), so no reload of its own lands in the middle.
  running = await startApp({ KNOWLEDGE_DIR: knowledgeDir, SEARCH_WORKERS: '2' }, { knowledge: { watch: false } });
});
afterAll(async () => {
  await running?.stop();
  rmSync(knowledgeDir, { recursive: true, force: true });
});

async function workers(): Promise<SearchPoolStats> {
  return (await healthz(running.base)).details.searchWorkers as SearchPoolStats;
}

async function untilReady(): Promise<SearchPoolStats> {
  for (let i = 0; i < 300; i++) {
    const stats = await workers();
    if (stats.ready === 2) return stats;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`search workers not ready: ${JSON.stringify(await workers())}`);
}

async function ask(text: string) {
  const chat = new ChatClient(running.base);
  await chat.send({ payload: 'start', language: 'en' });
  return repliesOf(await chat.text(text));
}

describe('SEARCH_WORKERS=2', () => {
  it('reads new questions in the workers, and after a reload both workers know the new answer', async () => {
    const before = await untilReady();
    const unknown = await ask('what food does my parrot need?');
    expect(unknown.map((r) => r.answerId)).not.toContain('contact.parrot');
    expect((await workers()).served).toBeGreaterThan(before.served);

    writeFileSync(path.join(knowledgeDir, 'contact/parrot.yaml'), PARROT);
    await running.app.knowledge.reload();
    const reloaded = await untilReady();
    // Several at once, so the pool hands them to both workers.
    const answers = await Promise.all(['what food does a parrot eat?', 'my parrot does not eat, what do I feed it', 'where do I buy food for a parrot'].map(ask));
    for (const replies of answers) expect(replies.map((r) => r.answerId)).toContain('contact.parrot');
    const after = await workers();
    expect(after.served).toBeGreaterThanOrEqual(reloaded.served + 3);
    expect(after.fallbacks).toBe(before.fallbacks);
    expect(after.replaced).toBe(0);
  });

  it('still answers danger with the safety answer first', async () => {
    const replies = await ask('I do not want to live anymore, I want to end it');
    expect(replies[0]).toMatchObject({ kind: 'safety', answerId: 'safety.crisis' });
  });
});
