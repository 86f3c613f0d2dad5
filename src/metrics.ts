/**
 * Prometheus metrics, written by hand (a few counters and one histogram do not justify a dependency):
 * messages by channel and outcome, reply latency, rate-limited requests, and people counted per day
 * through a keyed hash whose key is thrown away every day, and how late the event loop ran (one slow
 * search holds up every other person). Nothing is labelled per person.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

type Labels = Record<string, string>;
const labelKey = (labels: Labels) => JSON.stringify(Object.entries(labels).sort());
const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const formatLabels = (labels: Labels) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    const v = this.values.get(key);
    if (v) v.value += by;
    else this.values.set(key, { labels, value: by });
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels))?.value ?? 0;
  }
  render(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`, ...[...this.values.values()].map((v) => `${this.name}${formatLabels(v.labels)} ${v.value}`)];
  }
}

class Histogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {}
  observe(labels: Labels, seconds: number): void {
    const key = labelKey(labels);
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    this.buckets.forEach((b, i) => {
      if (seconds <= b) s!.counts[i]! += 1;
    });
    s.sum += seconds;
    s.count += 1;
  }
  render(): string[] {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((b, i) => out.push(`${this.name}_bucket${formatLabels({ ...s.labels, le: String(b) })} ${s.counts[i]}`));
      out.push(`${this.name}_bucket${formatLabels({ ...s.labels, le: '+Inf' })} ${s.count}`);
      out.push(`${this.name}_sum${formatLabels(s.labels)} ${s.sum}`);
      out.push(`${this.name}_count${formatLabels(s.labels)} ${s.count}`);
    }
    return out;
  }
}

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
  readonly messages = new Counter('prykhystok_messages_total', 'Messages handled, by channel and outcome.');
  readonly latency = new Histogram('prykhystok_reply_seconds', 'Time from receiving a message to handing its replies to the channel.', LATENCY_BUCKETS);
  readonly rateLimited = new Counter('prykhystok_rate_limited_total', 'Requests or messages refused by a rate limit, by where.');
  readonly httpRequests = new Counter('prykhystok_http_requests_total', 'HTTP requests by route and status class.');
  private readonly people: DailyPeople;
  private readonly gauges = new Map<string, { help: string; read: () => number }>();

  /** Event-loop delay since the last scrape (the timer behind it does not keep the process alive). */
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });

  constructor(now: () => Date = () => new Date()) {
    this.people = new DailyPeople(now);
    this.loopDelay.enable();
    const seconds = (read: () => number) => () => (this.loopDelay.count > 0 ? read() / 1e9 : 0);
    this.gauge('prykhystok_event_loop_delay_p99_seconds', 'How late the event loop ran, 99th percentile since the last scrape.', seconds(() => this.loopDelay.percentile(99)));
    this.gauge('prykhystok_event_loop_delay_max_seconds', 'How late the event loop ran at most since the last scrape.', seconds(() => this.loopDelay.max));
  }

  person(userKey: string): void {
    this.people.add(userKey);
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  render(): string {
    const lines = [...this.messages.render(), ...this.latency.render(), ...this.rateLimited.render(), ...this.httpRequests.render()];
    lines.push('# HELP prykhystok_people_today Distinct people who wrote today (keyed hash, key replaced daily).', '# TYPE prykhystok_people_today gauge', `prykhystok_people_today ${this.people.count()}`);
    for (const [name, g] of this.gauges) {
      let value = NaN;
      try {
        value = g.read();
      } catch {
        // a failing reader shows as NaN rather than breaking the scrape
      }
      lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    }
    this.loopDelay.reset();
    return `${lines.join('\n')}\n`;
  }
}
