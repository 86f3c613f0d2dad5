/**
 * /healthz and /metrics: anyone may learn whether the bot is ok (200) or degraded (503), and nothing
 * else; the failing part, error strings, memory and the metrics are for whoever holds METRICS_TOKEN.
 * The image's HEALTHCHECK keeps passing while the bot answers.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { METRICS_TOKEN, operatorGet, startApp, type RunningApp } from './helpers';

const diskFull = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

describe('with METRICS_TOKEN set', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(() => running.stop());
  afterEach(() => running.app.health.ok('inbox'));

  test('the public /healthz is 200 with the status alone', async () => {
    const res = await fetch(`${running.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  test('the operator gets the parts and figures', async () => {
    const res = await operatorGet(running.base, '/healthz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; components: Record<string, unknown>; details: Record<string, unknown> };
    expect(body.status).toBe('ok');
    expect(body.components).toHaveProperty('storage');
    expect(body.details).toHaveProperty('memory');
  });

  test('degraded: 503 for everyone, the failing part and its error only for the operator', async () => {
    running.app.health.failed('inbox', diskFull);
    const pub = await fetch(`${running.base}/healthz`);
    expect(pub.status).toBe(503);
    const text = await pub.text();
    expect(JSON.parse(text)).toEqual({ status: 'degraded' });
    expect(text).not.toMatch(/SQLITE|disk|inbox/);

    const operator = await operatorGet(running.base, '/healthz');
    expect(operator.status).toBe(503);
    expect(await operator.json()).toMatchObject({ status: 'degraded', components: { inbox: { ok: false, code: 'SQLITE_FULL' } } });

    running.app.health.ok('inbox');
    expect((await fetch(`${running.base}/healthz`)).status).toBe(200);
  });

  test('/metrics answers 401 without the token or with a wrong one, and the figures with it', async () => {
    for (const authorization of [undefined, 'Bearer not-the-token-not-the-token', `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}`, METRICS_TOKEN, `Bearer ${METRICS_TOKEN}x`]) {
      const res = await fetch(`${running.base}/metrics`, authorization ? { headers: { authorization } } : {});
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const text = await res.text();
      expect(text).not.toContain('prykhystok_');
      expect(text).not.toContain('nodejs_');
    }
    const res = await operatorGet(running.base, '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE prykhystok_messages_total counter');
    expect(text).toMatch(/^prykhystok_event_loop_delay_p99_seconds \d/m);
    // The runtime's own figures (prom-client's default metrics): event-loop lag and its delay histogram.
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
  });

  test('a second application in the same process has its own figures', async () => {
    await fetch(`${running.base}/healthz`);
    const other = await startApp();
    try {
      const res = await operatorGet(other.base, '/metrics');
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
      expect(text).not.toContain('route="/healthz"'); // the first application's request, not this one's
      expect(await (await operatorGet(running.base, '/metrics')).text()).toContain('route="/healthz"');
    } finally {
      await other.stop();
    }
  });

  test("the image's HEALTHCHECK passes while the bot answers, degraded too, and fails when it is down", async () => {
    const dockerfile = readFileSync(path.resolve(__dirname, '../../Dockerfile'), 'utf8');
    const script = /HEALTHCHECK[^\n]*\\\n\s*CMD node -e "([^"]+)"/.exec(dockerfile)?.[1];
    expect(script).toBeDefined();
    const port = new URL(running.base).port;
    const check = (p: string) =>
      new Promise<number>((resolve) => {
        execFile(process.execPath, ['-e', script!], { env: { ...process.env, PORT: p }, timeout: 10_000 }, (err) => resolve(err ? ((err as { code?: number }).code ?? 1) : 0));
      });
    expect(await check(port)).toBe(0);
    running.app.health.failed('inbox', diskFull);
    expect(await check(port)).toBe(0);
    const other = await startApp();
    const otherPort = new URL(other.base).port;
    await other.stop();
    expect(await check(otherPort)).toBe(1);
  });
});

test('guesses at the token are rate-limited per address; the operator is not', async () => {
  const running = await startApp({ RATE_LIMIT_IP_PER_MIN: '3' });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${running.base}/metrics`, { headers: { authorization: `Bearer guess-${i}-guess-guess-guess-guess` } })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
    expect((await operatorGet(running.base, '/metrics')).status).toBe(200);
  } finally {
    await running.stop();
  }
});

describe('without METRICS_TOKEN', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ METRICS_TOKEN: '' });
  });
  afterAll(() => running.stop());

  test('/metrics is not there, and /healthz shows the status alone whatever is sent', async () => {
    for (const res of [await fetch(`${running.base}/metrics`), await operatorGet(running.base, '/metrics')]) {
      expect(res.status).toBe(404);
      expect(await res.text()).not.toMatch(/prykhystok_|nodejs_|process_/);
    }
    expect(await (await operatorGet(running.base, '/healthz')).json()).toEqual({ status: 'ok' });
  });
});

test('METRICS_TOKEN must be long enough and have no spaces', () => {
  expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 24 characters/);
  expect(() => loadConfig({ METRICS_TOKEN: 'a token with spaces in it, long enough' })).toThrow(/METRICS_TOKEN may only have visible ASCII/);
  expect(loadConfig({ METRICS_TOKEN: METRICS_TOKEN }).metricsToken).toBe(METRICS_TOKEN);
  expect(loadConfig({}).notes.join('\n')).toContain('set METRICS_TOKEN');
});
