/** What /healthz and /metrics say about the whole application (each messenger reports its own outbox in channels.ts). */
import type { Config } from '../config';
import type { Health } from '../health';
import type { Metrics } from '../metrics';
import { formatProblem } from '../knowledge/problems';
import type { AppStorage } from './storage';
import type { Answering } from './answering';
import type { Channels } from './channels';

export function reportStatus(config: Config, health: Health, metrics: Metrics, storage: AppStorage, answering: Answering, channels: Channels): void {
  const { stores, inbox } = storage;
  const { knowledge } = answering;
  const { telegram, whatsapp, viber } = channels;
  health.detail('conversationState', () => ({ store: stores.kind, pendingWrites: stores.pendingWrites() }));
  health.detail('knowledge', () => ({
    entries: knowledge.current().size,
    loadedAt: knowledge.loadedAt.toISOString(),
    ...(knowledge.lastError ? { lastReloadFailed: knowledge.lastError.at, problems: knowledge.lastError.problems.slice(0, 5).map(formatProblem) } : {}),
  }));
  health.detail('memory', () => {
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed };
  });
  const { searchPool } = answering;
  if (searchPool) health.detail('searchWorkers', () => searchPool.stats());
  health.detail('channels', () => ({ web: true, telegram: telegram ? config.telegram!.mode : 'off', whatsapp: whatsapp ? 'webhook' : 'off', viber: viber ? 'webhook' : 'off' }));
  metrics.gauge('prykhystok_knowledge_entries', 'Entries in the knowledge base in memory.', () => knowledge.current().size);
  // Read at each scrape (a query, over the network on PostgreSQL).
  metrics.gauge('prykhystok_inbox_open', 'Unanswered questions waiting for volunteers.', () => inbox.count('open'));
  health.detail('writeRetries', () => storage.retries.stats());
  metrics.gauge('prykhystok_write_retries_waiting', 'Inbox and feedback writes that failed and wait to be tried again.', () => storage.retries.stats().waiting);
  metrics.gauge(
    'prykhystok_write_retries_dropped',
    'Inbox and feedback writes given up since start: more than 1,000 waiting, waiting over an hour, or still waiting at shutdown.',
    () => storage.retries.stats().dropped,
  );
}
