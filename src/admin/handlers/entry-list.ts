/** `GET /admin/entries`: every entry with its translation status, feedback and freshness, filtered. */
import { LANGUAGES, isLanguage, type Language } from '../../knowledge/languages';
import { TOPICS } from '../../knowledge/schema';
import { isStale, STALE_AFTER_DAYS } from '../../knowledge/freshness';
import { query, sendPage } from '../http-util';
import { translationStatus } from '../translation-status';
import { frameFor, type AdminServices, type SignedInHandler } from '../context';
import { entriesPage, type EntryRow } from '../pages/entries';

export function entryListHandler(services: AdminServices): SignedInHandler {
  const { deps } = services;
  return async (req, res, visitor) => {
    const filters = {
      topic: (TOPICS as readonly string[]).includes(query(req, 'topic')) ? query(req, 'topic') : '',
      language: isLanguage(query(req, 'lang')) ? query(req, 'lang') : '',
      stale: query(req, 'stale') === '1',
      missing: query(req, 'missing') === '1',
      q: query(req, 'q').trim().slice(0, 100),
    };
    const now = services.now();
    const [totals, waiting] = await Promise.all([services.feedback.totals(), services.pending.waitingEntries()]);
    const all = deps.knowledge.current().entries;
    const needle = filters.q.toLowerCase();
    const rows: EntryRow[] = all
      .map((entry) => ({
        entry,
        statuses: Object.fromEntries(LANGUAGES.map((l) => [l, translationStatus(entry, l)])) as EntryRow['statuses'],
        stale: isStale(entry.reviewed, now),
        helpful: totals.get(entry.id)?.helpful ?? 0,
        notHelpful: totals.get(entry.id)?.notHelpful ?? 0,
        pending: waiting.has(entry.id),
      }))
      .filter((r) => !filters.topic || r.entry.topic === filters.topic)
      .filter((r) => !filters.stale || r.stale)
      .filter((r) => !filters.missing || (filters.language ? r.statuses[filters.language as Language] !== 'ok' : LANGUAGES.some((l) => r.statuses[l] !== 'ok')))
      .filter((r) => !needle || r.entry.id.includes(needle) || LANGUAGES.some((l) => [...(r.entry.questions[l] ?? []), r.entry.answer[l] ?? ''].some((t) => t.toLowerCase().includes(needle))));
    sendPage(res, 200, entriesPage(await frameFor(services, visitor, { takeFlash: true }), rows, all.length, filters, STALE_AFTER_DAYS));
  };
}
