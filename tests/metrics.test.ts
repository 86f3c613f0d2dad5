/**
 * The Prometheus figures an operator scrapes: the bot's own names and help texts as dashboards know
 * them, prom-client's runtime figures (event-loop lag above all: one slow search holds up everyone),
 * and one registry per application, so several in one process neither collide nor share counts.
 */
import { Metrics } from '../src/metrics';

/** The value of an unlabelled series in a scrape. */
function valueOf(scrape: string, name: string): number {
  const line = scrape.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${name} is not in the scrape`);
  return Number(line.slice(name.length + 1));
}

function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy: what a slow search does to everyone else
  }
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('the names and help texts dashboards use are kept, with the runtime figures beside them', async () => {
  const metrics = new Metrics();
  metrics.messages.inc({ channel: 'web', outcome: 'answered' });
  metrics.latency.observe({ channel: 'web' }, 0.02);
  metrics.rateLimited.inc({ where: 'ip' });
  metrics.httpRequests.inc({ route: '/api/chat', status: '2xx' });
  const scrape = await metrics.render();

  for (const line of [
    '# HELP prykhystok_messages_total Messages handled, by channel and outcome.',
    '# TYPE prykhystok_messages_total counter',
    'prykhystok_messages_total{channel="web",outcome="answered"} 1',
    '# HELP prykhystok_reply_seconds Time from receiving a message to handing its replies to the channel.',
    '# TYPE prykhystok_reply_seconds histogram',
    'prykhystok_reply_seconds_bucket{le="0.025",channel="web"} 1',
    'prykhystok_reply_seconds_count{channel="web"} 1',
    '# HELP prykhystok_rate_limited_total Requests or messages refused by a rate limit, by where.',
    'prykhystok_rate_limited_total{where="ip"} 1',
    '# HELP prykhystok_http_requests_total HTTP requests by route and status class.',
    'prykhystok_http_requests_total{route="/api/chat",status="2xx"} 1',
    '# HELP prykhystok_people_today Distinct people who wrote today (keyed hash, key replaced daily).',
    '# HELP prykhystok_event_loop_delay_p99_seconds How late the event loop ran, 99th percentile since the last scrape.',
    '# TYPE prykhystok_event_loop_delay_p99_seconds gauge',
    '# HELP prykhystok_event_loop_delay_max_seconds How late the event loop ran at most since the last scrape.',
  ])
    expect(scrape.split('\n')).toContain(line);

  // prom-client's default metrics, on this application's registry.
  for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_eventloop_lag_max_seconds', 'process_cpu_seconds_total', 'nodejs_heap_size_used_bytes'])
    expect(Number.isFinite(valueOf(scrape, name))).toBe(true);
  expect(scrape).toContain('# TYPE nodejs_gc_duration_seconds histogram');
  expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
});

test('several applications in one process: each has its own registry and counts only its own', async () => {
  const first = new Metrics();
  const second = new Metrics(); // prom-client's global registry would throw here: the name is taken
  first.messages.inc({ channel: 'telegram', outcome: 'answered' }, 3);
  second.messages.inc({ channel: 'viber', outcome: 'unanswered' });

  const [a, b] = await Promise.all([first.render(), second.render()]);
  expect(a).toContain('prykhystok_messages_total{channel="telegram",outcome="answered"} 3');
  expect(a).not.toContain('channel="viber"');
  expect(b).toContain('prykhystok_messages_total{channel="viber",outcome="unanswered"} 1');
  expect(b).not.toContain('channel="telegram"');
  for (const scrape of [a, b]) expect(scrape).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
});

test('a blocked event loop shows in the older gauges as in prom-client’s, and only until the next scrape', async () => {
  const metrics = new Metrics();
  await metrics.render(); // starts a fresh period
  await tick(30);
  blockEventLoop(250);
  await tick(50); // the histogram's timer records the late turn

  const blocked = await metrics.render();
  expect(valueOf(blocked, 'prykhystok_event_loop_delay_max_seconds')).toBeGreaterThanOrEqual(0.2);
  expect(valueOf(blocked, 'prykhystok_event_loop_delay_max_seconds')).toBe(valueOf(blocked, 'nodejs_eventloop_lag_max_seconds'));
  expect(valueOf(blocked, 'prykhystok_event_loop_delay_p99_seconds')).toBe(valueOf(blocked, 'nodejs_eventloop_lag_p99_seconds'));
  expect(valueOf(blocked, 'prykhystok_event_loop_delay_p99_seconds')).toBeGreaterThanOrEqual(0.2);

  await tick(50);
  const after = await metrics.render();
  expect(valueOf(after, 'prykhystok_event_loop_delay_max_seconds')).toBeLessThan(valueOf(blocked, 'prykhystok_event_loop_delay_max_seconds'));
});

test('people are counted once a day each, and the count starts again the next day', async () => {
  let now = new Date('2025-03-01T10:00:00Z');
  const metrics = new Metrics(() => now);
  for (const key of ['web:a', 'web:b', 'web:a']) metrics.person(key);
  expect(valueOf(await metrics.render(), 'prykhystok_people_today')).toBe(2);
  now = new Date('2025-03-02T00:00:01Z');
  expect(valueOf(await metrics.render(), 'prykhystok_people_today')).toBe(0);
});

test('a gauge is read at each scrape, also an async one; one that fails shows as NaN and the rest of the scrape is there', async () => {
  const metrics = new Metrics();
  let open = 4;
  metrics.gauge('prykhystok_inbox_open', 'Unanswered questions waiting for volunteers.', () => open);
  metrics.gauge('prykhystok_knowledge_entries', 'Entries in the knowledge base in memory.', () => {
    throw new Error('knowledge not loaded');
  });
  metrics.gauge('prykhystok_whatsapp_outbox_pending', 'WhatsApp replies waiting to be sent.', async () => {
    await tick(1);
    return 2;
  });
  metrics.gauge('prykhystok_viber_outbox_pending', 'Viber replies waiting to be sent.', () => Promise.reject(new Error('database gone')));
  const first = await metrics.render();
  expect(valueOf(first, 'prykhystok_whatsapp_outbox_pending')).toBe(2);
  expect(valueOf(first, 'prykhystok_viber_outbox_pending')).toBeNaN();
  expect(valueOf(first, 'prykhystok_inbox_open')).toBe(4);
  expect(valueOf(first, 'prykhystok_knowledge_entries')).toBeNaN();
  expect(first).toMatch(/^nodejs_eventloop_lag_seconds \d/m);

  open = 5;
  expect(valueOf(await metrics.render(), 'prykhystok_inbox_open')).toBe(5);
  // Given again (a part rebuilt), the newer reader wins instead of a duplicate-name error.
  metrics.gauge('prykhystok_inbox_open', 'Unanswered questions waiting for volunteers.', () => 7);
  expect(valueOf(await metrics.render(), 'prykhystok_inbox_open')).toBe(7);
});
