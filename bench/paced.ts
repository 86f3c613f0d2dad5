/**
 * Open-loop load: messages sent at a fixed rate whatever the server does, each timed from the moment it
 * was scheduled to go out, not from when it went. A closed loop (autocannon) waits for an answer before
 * it asks again, so a server that stalls is asked less and its stall hides in few samples (coordinated
 * omission); here a stall delays every message scheduled during it, and each of them counts.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface PacedResult {
  rate: number;
  sent: number;
  errors: number;
  /** Milliseconds from each message's scheduled time to its whole answer. */
  p50: number;
  p99: number;
  max: number;
  /** How late the generator itself sent (p99, ms): near 0 means the load was as paced. */
  sendLagP99: number;
  /** Answers per second over the run, counted from the first send to the last answer. */
  achieved: number;
}

export interface ChatTarget {
  /** http://host:port of an instance. */
  base: string;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const TIMEOUT_MS = 10_000;

function post(agent: http.Agent, base: string, path: string, body: string): Promise<boolean> {
  const url = new URL(path, base);
  return new Promise((resolve) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: TIMEOUT_MS },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode === 200));
        res.once('error', () => resolve(false));
      },
    );
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', () => resolve(false));
    req.end(body);
  });
}

/**
 * Sends `rate` messages a second for `seconds` to the targets in turn (one after the other, as a load
 * balancer would), each a new question from `nextQuestion` in one of the `sessions`.
 */
export async function paced(targets: readonly ChatTarget[], sessions: readonly string[], rate: number, seconds: number, nextQuestion: () => string): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const lags: number[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0;
  const start = performance.now() + 20;
  let i = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      // Everything due by now goes out, each keeping its own scheduled time.
      while (i < total && start + (i * 1000) / rate <= now) {
        const scheduled = start + (i * 1000) / rate;
        const target = targets[i % targets.length]!;
        const body = JSON.stringify({ text: nextQuestion(), session: sessions[i % sessions.length] });
        lags.push(performance.now() - scheduled);
        pending.push(
          post(agent, target.base, '/api/chat', body).then((ok) => {
            if (!ok) errors++;
            latencies.push(performance.now() - scheduled);
          }),
        );
        i++;
      }
      if (i >= total) return done();
      setTimeout(tick, Math.max(0, start + (i * 1000) / rate - performance.now()));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(pending);
  const end = performance.now();
  agent.destroy();
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  return {
    rate,
    sent: total,
    errors,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    sendLagP99: percentile(lags, 99),
    achieved: total / ((end - start) / 1000),
  };
}
