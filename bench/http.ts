/**
 * `npm run bench -- http [--seconds N] [--soak N] [--new-only] [--setups 1w0,1,2pg] [--rates 16,160,300,500]`.
 * First, unless --new-only: load on POST /api/chat and on the Telegram webhook from this process
 * (autocannon, repeated questions), against the app in a child process; the same against a bare express
 * route in the same run as the reference; and the app's memory during a soak. Targets on a 2-core
 * machine: at least half the bare route's requests/s, p99 under 50 ms at 64 connections, no errors,
 * memory flat. Then new (uncached) questions against each setup (bench/http-new.ts): paced open-loop
 * rates with latency from the scheduled send time, and the closed-loop maximum.
 */
import path from 'node:path';
import autocannon from 'autocannon';
type Result = Awaited<ReturnType<typeof autocannon>>;
import { readQuestions } from '../tests/eval/evaluate';
import { FakeTelegram, FAKE_TOKEN } from '../tests/fakes/fake-telegram';
import { parseSetup, startChild } from './instances';
import { runNewQuestionsBench } from './http-new';

const CONNECTIONS = 64;
const SECRET = 'bench-secret-0123456789';

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function row(name: string, r: Result): string {
  const errors = r.errors + r.timeouts + r.non2xx;
  return `${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(8)} ${r.latency.p50.toFixed(1).padStart(8)} ${r.latency.p99.toFixed(1).padStart(8)} ${String(errors).padStart(8)}`;
}

export async function runHttpBench(argv: string[]): Promise<void> {
  const seconds = Number(option(argv, '--seconds')) || 10;
  const soakSeconds = Number(option(argv, '--soak')) || 60;
  if (!argv.includes('--new-only')) await runCachedBench(seconds, soakSeconds);
  await runNewQuestionsBench({
    setups: (option(argv, '--setups') ?? '1w0,1').split(',').map(parseSetup),
    rates: (option(argv, '--rates') ?? '16,160,300,500').split(',').map(Number),
    seconds,
  });
}

/** Repeated questions (mostly read from the question cache), the Telegram webhook, the bare route, the soak. */
async function runCachedBench(seconds: number, soakSeconds: number): Promise<void> {
  const questions = ['dev.jsonl', 'dev2.jsonl', 'heldout.jsonl'].flatMap((f) => readQuestions(path.resolve('tests/eval', f)).map((q) => q.q));
  const fake = await FakeTelegram.start();
  const bare = await startChild('bare');
  const app = await startChild('app', {
    DATABASE_URL: '',
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: fake.apiRoot,
  });
  try {
    const base = `http://127.0.0.1:${app.port}`;
    // A pool of web chat sessions, as many people would have.
    const sessions: string[] = [];
    for (let i = 0; i < 200; i++) {
      const r = await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"payload":"start"}' });
      sessions.push(((await r.json()) as { session: string }).session);
    }
    let n = 0;
    const chatRequest = {
      method: 'POST',
      path: '/api/chat',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req: object) => ({
        ...req,
        body: JSON.stringify({ text: questions[n % questions.length], session: sessions[n++ % sessions.length] }),
      }),
    };
    let updateId = 1;
    const telegramRequest = {
      method: 'POST',
      path: '/telegram/webhook',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      setupRequest: (req: object) => {
        const id = updateId++;
        const chat = 100000 + (id % 500);
        return {
          ...req,
          body: JSON.stringify({
            update_id: id,
            message: { message_id: id, date: 0, chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'X', language_code: 'uk' }, text: questions[id % questions.length] },
          }),
        };
      },
    };
    const bareRequest = { method: 'POST', path: '/bare', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'як записатися до сімейного лікаря' }) };

    console.log(`HTTP benchmark — ${CONNECTIONS} connections, ${seconds} s each, load from a separate process\n`);
    console.log(`${'route'.padEnd(34)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(8)}`);
    const run = (url: string, request: object) => autocannon({ url, connections: CONNECTIONS, duration: seconds, requests: [request] });
    // Warm-up, not reported.
    await autocannon({ url: base, connections: 8, duration: 3, requests: [chatRequest] });
    const bareResult = await run(`http://127.0.0.1:${bare.port}`, bareRequest);
    console.log(row('bare express route (reference)', bareResult));
    const chatResult = await run(base, chatRequest);
    console.log(row('POST /api/chat', chatResult));
    const tgResult = await run(base, telegramRequest);
    console.log(row('POST /telegram/webhook', tgResult));
    const half = bareResult.requests.average / 2;
    for (const [name, r] of [['/api/chat', chatResult], ['/telegram/webhook', tgResult]] as const) {
      const ok = r.requests.average >= half && r.latency.p99 < 50 && r.errors + r.timeouts + r.non2xx === 0;
      console.log(`  ${name}: ${(r.requests.average / bareResult.requests.average * 100).toFixed(0)}% of the bare route, p99 ${r.latency.p99} ms — ${ok ? 'meets the target' : 'MISSES the target'}`);
    }

    console.log(`\nsoak: ${soakSeconds} s of POST /api/chat at ${CONNECTIONS} connections; app memory every ${soakSeconds / 6} s`);
    const memory = async () => {
      const r = (await (await fetch(`${base}/healthz`)).json()) as { details: { memory?: { rss: number; heapUsed: number } } };
      return r.details.memory;
    };
    const samples: string[] = [];
    const sampler = setInterval(() => {
      void memory().then((m) => m && samples.push(`${(m.rss / 1048576).toFixed(0)}/${(m.heapUsed / 1048576).toFixed(0)}`));
    }, (soakSeconds / 6) * 1000);
    const soak = await autocannon({ url: base, connections: CONNECTIONS, duration: soakSeconds, requests: [chatRequest] });
    clearInterval(sampler);
    const end = await memory();
    if (end) samples.push(`${(end.rss / 1048576).toFixed(0)}/${(end.heapUsed / 1048576).toFixed(0)}`);
    console.log(row('soak POST /api/chat', soak));
    console.log(`  memory RSS/heap MB: ${samples.join(' → ')}`);
    console.log(`  Telegram replies sent to the fake Bot API: ${fake.callsOf('sendMessage').length}`);
  } finally {
    app.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    await fake.close();
  }
}
