/**
 * The new-questions part of `npm run bench -- http`: every message a question the bot has not seen (so
 * the question cache never answers it), against each setup in turn (bench/instances.ts). For each:
 * the most a closed loop of 64 connections gets answered (and the CPU each message cost), then paced
 * open-loop rates (bench/paced.ts; p50/p99 from each message's scheduled time). The first setup is the reference for "× throughput".
 */
import os from 'node:os';
import autocannon from 'autocannon';
import { NewQuestions } from './new-questions';
import { paced, type PacedResult } from './paced';
import { describeSetup, startSetup, type Running, type Setup } from './instances';
import { postgresCpuMs, postgresServerPid, processCpuMs } from './cpu';

const CONNECTIONS = 64;
const SESSIONS = 1000;

export interface NewQuestionsOptions {
  setups: Setup[];
  rates: number[];
  seconds: number;
}

interface Closed {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  errors: number;
}

/** CPU milliseconds per answered message during the closed loop, by who spent them. */
interface CpuPerMessage {
  app: number;
  /** Of `app`, the instances' main threads (the event loops). */
  main: number;
  postgres?: number;
  generator: number;
}

interface SetupResult {
  setup: Setup;
  closed: Closed;
  cpu: CpuPerMessage;
  paced: PacedResult[];
  loadBefore: string;
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

async function openSessions(bases: readonly string[]): Promise<string[]> {
  const sessions: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const r = await fetch(`${bases[i % bases.length]}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"payload":"start"}' });
    sessions.push(((await r.json()) as { session: string }).session);
  }
  return sessions;
}

/** Closed loop: 64 connections shared out over the instances, each message a new question. */
async function closedLoop(bases: readonly string[], sessions: readonly string[], seconds: number, questions: NewQuestions, connections = CONNECTIONS): Promise<Closed> {
  let n = 0;
  const request = {
    method: 'POST',
    path: '/api/chat',
    headers: { 'content-type': 'application/json' },
    setupRequest: (req: object) => ({ ...req, body: JSON.stringify({ text: questions.next(), session: sessions[n++ % sessions.length] }) }),
  };
  const results = await Promise.all(
    bases.map((url) => autocannon({ url, connections: Math.round(connections / bases.length), duration: seconds, requests: [request] })),
  );
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    total: results.reduce((sum, r) => sum + r.requests.total, 0),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
  };
}

interface CpuSample {
  app: number;
  main: number;
  postgres?: number;
  generator: number;
}

function cpuNow(running: Running): CpuSample {
  const pg = running.database ? postgresServerPid(Number(new URL(running.database.url).port || 5432)) : undefined;
  const usage = process.cpuUsage();
  const app = processCpuMs(running.pids);
  return { app: app.all, main: app.main, ...(pg ? { postgres: postgresCpuMs(pg) } : {}), generator: (usage.user + usage.system) / 1000 };
}

function cpuPerMessage(a: CpuSample, b: CpuSample, messages: number): CpuPerMessage {
  const per = (x: number, y: number) => (y - x) / Math.max(1, messages);
  return {
    app: per(a.app, b.app),
    main: per(a.main, b.main),
    ...(a.postgres !== undefined && b.postgres !== undefined ? { postgres: per(a.postgres, b.postgres) } : {}),
    generator: per(a.generator, b.generator),
  };
}

async function runSetup(setup: Setup, options: NewQuestionsOptions, questions: NewQuestions): Promise<SetupResult> {
  const loadBefore = load();
  const running = await startSetup(setup);
  try {
    console.log(`\n${setup.name}: ${describeSetup(setup)}${running.database ? ` — PostgreSQL: ${running.database.origin}` : ''}; load average before: ${loadBefore}`);
    const sessions = await openSessions(running.bases);
    // Warm-up (the JIT, the pools), not reported; gentle, so no backlog is left for the first rate.
    await closedLoop(running.bases, sessions, 3, questions, 8);
    // The closed loop first: it never queues more than its connections, while a rate the setup cannot
    // keep up with leaves it a long queue and a big heap to work through.
    const before = cpuNow(running);
    const closed = await closedLoop(running.bases, sessions, options.seconds, questions);
    const cpu = cpuPerMessage(before, cpuNow(running), closed.total);
    console.log(`  closed loop, ${CONNECTIONS} connections: ${closed.rps.toFixed(0)} req/s, p50 ${closed.p50} ms, p99 ${closed.p99} ms, errors ${closed.errors}`);
    console.log(`  CPU per message: app ${cpu.app.toFixed(2)} ms (main threads ${cpu.main.toFixed(2)} ms)${cpu.postgres !== undefined ? `, PostgreSQL ${cpu.postgres.toFixed(2)} ms` : ''}, load generator ${cpu.generator.toFixed(2)} ms`);
    const pacedResults: PacedResult[] = [];
    for (const rate of options.rates) {
      await new Promise((r) => setTimeout(r, 2000));
      const r = await paced(running.bases.map((base) => ({ base })), sessions, rate, options.seconds, () => questions.next());
      console.log(`  paced ${String(rate).padStart(4)} msg/s: p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(0)} ms, answered ${r.achieved.toFixed(0)}/s, errors ${r.errors}, generator late p99 ${r.sendLagP99.toFixed(1)} ms`);
      pacedResults.push(r);
    }
    return { setup, closed, cpu, paced: pacedResults, loadBefore };
  } finally {
    await running.stop();
  }
}

export async function runNewQuestionsBench(options: NewQuestionsOptions): Promise<void> {
  const questions = new NewQuestions();
  console.log(`\nNew questions (never asked before in the run), ${options.seconds} s per rate; latency from each message's scheduled send time`);
  const results: SetupResult[] = [];
  for (const setup of options.setups) results.push(await runSetup(setup, options, questions));

  const reference = results[0]!;
  const head = ['setup', 'closed req/s', '× ref', 'CPU ms/msg: app (main thread) + PG', '2 cores ÷ CPU', ...options.rates.map((r) => `${r}/s p50 / p99 ms`), 'load before'];
  console.log(`\n| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
  for (const r of results) {
    const cells = [
      r.setup.name,
      r.closed.rps.toFixed(0),
      (r.closed.rps / reference.closed.rps).toFixed(2),
      `${r.cpu.app.toFixed(2)} (${r.cpu.main.toFixed(2)})${r.cpu.postgres !== undefined ? ` + ${r.cpu.postgres.toFixed(2)}` : ''}`,
      (2000 / (r.cpu.app + (r.cpu.postgres ?? 0))).toFixed(0),
      ...r.paced.map((p) => `${p.p50.toFixed(1)} / ${p.p99.toFixed(1)}${p.errors ? ` (${p.errors} errors)` : ''}`),
      r.loadBefore,
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
  console.log(`\nTargets: ≥ 2× the reference (${reference.setup.name}) on new questions; p99 < 50 ms at 160 msg/s and < 100 ms at 300 msg/s.`);
  for (const r of results) {
    const at = (rate: number) => r.paced.find((p) => p.rate === rate);
    const p160 = at(160);
    const p300 = at(300);
    const times = r.closed.rps / reference.closed.rps;
    const notes = [
      ...(r === reference ? [] : [`${times.toFixed(2)}× ${times >= 2 ? 'meets' : 'MISSES'} 2×`]),
      ...(p160 ? [`p99 at 160/s ${p160.p99.toFixed(1)} ms ${p160.p99 < 50 ? 'meets' : 'MISSES'} 50 ms`] : []),
      ...(p300 ? [`p99 at 300/s ${p300.p99.toFixed(1)} ms ${p300.p99 < 100 ? 'meets' : 'MISSES'} 100 ms`] : []),
    ];
    console.log(`  ${r.setup.name}: ${notes.join('; ')}`);
  }
}
