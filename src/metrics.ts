/**
 * Prometheus metrics through prom-client: messages by channel and outcome, reply latency, rate-limited
 * requests, people counted per day through a keyed hash whose key is thrown away every day, and the
 * runtime's own figures (prom-client's default metrics: event-loop lag and its delay histogram, heap, GC,
 * CPU, handles). One slow search holds up every other person, so the event loop is what to watch.
 * Nothing is labelled per person.
 *
 * Each Metrics has its own registry, never prom-client's global one: tests start several applications in
 * one process, and a second registration of a name in a shared registry throws.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Sampling interval of the event-loop delay histogram, in ms (prom-client's own default is 10 too). */
const EVENT_LOOP_RESOLUTION_MS = 10;

/** Distinct people today, counted through a hash keyed with a secret that is replaced every day. */
class DailyPeople {
  private day = '';
  private key = randomBytes(32);
  private readonly seen = new Set<string>();
  constructor(private readonly now: () => Date) {}
  add(userKey: string): void {
    this.rotate();
    if (this.seen.size < 1_000_000) this.seen.add(createHmac('sha256', this.key).update(userKey).digest('base64url').slice(0, 16));
  }
  count(): number {
    this.rotate();
    return this.seen.size;
  }
  private rotate(): void {
    const today = this.now().toISOString().slice(0, 10);
    if (today !== this.day) {
      this.day = today;
      this.key = randomBytes(32);
      this.seen.clear();
    }
  }
}

export class Metrics {
  private readonly registry = new Registry();
  readonly messages: Counter<'channel' | 'outcome'>;
  readonly latency: Histogram<'channel'>;
  readonly rateLimited: Counter<'where'>;
  readonly httpRequests: Counter<'route' | 'status'>;
  private readonly people: DailyPeople;

  constructor(now: () => Date = () => new Date()) {
    const registers = [this.registry];
    // First, so that its event-loop collector (which reads and then resets the delay histogram) runs
    // before the two older gauges below copy its figures within the same scrape.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_RESOLUTION_MS });
    this.messages = new Counter({ name: 'prykhystok_messages_total', help: 'Messages handled, by channel and outcome.', labelNames: ['channel', 'outcome'], registers });
    this.latency = new Histogram({
      name: 'prykhystok_reply_seconds',
      help: 'Time from receiving a message to handing its replies to the channel.',
      labelNames: ['channel'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.rateLimited = new Counter({ name: 'prykhystok_rate_limited_total', help: 'Requests or messages refused by a rate limit, by where.', labelNames: ['where'], registers });
    this.httpRequests = new Counter({ name: 'prykhystok_http_requests_total', help: 'HTTP requests by route and status class.', labelNames: ['route', 'status'], registers });
    this.people = new DailyPeople(now);
    this.gauge('prykhystok_people_today', 'Distinct people who wrote today (keyed hash, key replaced daily).', () => this.people.count());
    // The names dashboards already use, now copies of prom-client's histogram figures (also since the last scrape).
    this.copyOf('prykhystok_event_loop_delay_p99_seconds', 'How late the event loop ran, 99th percentile since the last scrape.', 'nodejs_eventloop_lag_p99_seconds');
    this.copyOf('prykhystok_event_loop_delay_max_seconds', 'How late the event loop ran at most since the last scrape.', 'nodejs_eventloop_lag_max_seconds');
  }

  person(userKey: string): void {
    this.people.add(userKey);
  }

  /**
   * A gauge read at each scrape (the reader may be async, e.g. a count from PostgreSQL); a reader that
   * throws or rejects shows as NaN rather than breaking the scrape. A name given again replaces the earlier reader.
   */
  gauge(name: string, help: string, read: () => number | Promise<number>): void {
    this.registry.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        let value = NaN;
        try {
          value = await read();
        } catch {
          // shown as NaN
        }
        this.set(value);
      },
    });
  }

  /** The Prometheus text format of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private copyOf(name: string, help: string, source: string): void {
    const registry = this.registry;
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const read = await registry.getSingleMetric(source)?.get();
        this.set(read?.values[0]?.value ?? NaN);
      },
    });
  }
}
