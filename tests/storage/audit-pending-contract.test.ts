/**
 * The audit log and the changes waiting for review, the same on SQLite and PostgreSQL. What a volunteer
 * would notice if it broke: an edit missing from the history (or shown on one instance only), the history
 * in the wrong order, a version that cannot be restored, or a change approved twice by two reviewers.
 */
import type { AuditRecord } from '../../src/admin/audit-log';
import type { NewPendingChange } from '../../src/admin/pending-store';
import { volunteerBackends } from './volunteer-backends';

const change = (entryId: string, n: number): Omit<AuditRecord, 'id'> => ({
  at: Date.parse('2026-05-01T10:00:00Z') + n * 1000,
  userName: n % 2 ? 'olena' : 'petro',
  approvedBy: n === 3 ? 'iryna' : null,
  entryId,
  action: n === 0 ? 'create' : 'edit',
  summary: n === 0 ? 'new entry' : `answer.uk (${n})`,
  diff: `--- a\n+++ b\n-${n - 1}\n+${n}\n`,
  before: n === 0 ? null : `version ${n - 1}\n`,
  after: `version ${n}\n`,
});

const proposal = (entryId: string, by: string, inboxIds: number[] = []): NewPendingChange => ({
  entryId,
  action: 'edit',
  baseVersion: '0123456789abcdef0123456789abcdef',
  content: `id: ${entryId}\n`,
  summary: 'answer.uk',
  inboxIds,
  createdBy: by,
  createdAt: Date.parse('2026-05-01T10:00:00Z'),
});

describe.each(volunteerBackends())('the audit log on %s', (_name, open) => {
  test('keeps every change with the whole file before and after, newest first, per entry and in pages', async () => {
    const { stores } = await open();
    const { audit } = stores;
    const ids: number[] = [];
    for (let n = 0; n < 4; n++) ids.push(await audit.record(change('healthcare.gp', n)));
    ids.push(await audit.record(change('status.bsn', 0)));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(5);

    const history = await audit.forEntry('healthcare.gp');
    expect(history.map((r) => r.after)).toEqual(['version 3\n', 'version 2\n', 'version 1\n', 'version 0\n']);
    expect(history[0]).toEqual({ id: ids[3], ...change('healthcare.gp', 3) });
    expect(history[3]).toMatchObject({ action: 'create', before: null, approvedBy: null });
    expect(await audit.forEntry('healthcare.gp', 2)).toHaveLength(2);
    expect(await audit.forEntry('nothing.here')).toEqual([]);

    expect((await audit.recent(2)).map((r) => r.id)).toEqual([ids[4], ids[3]]);
    expect((await audit.recent(2, 2)).map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(await audit.recent(10, 5)).toEqual([]);
    expect(await audit.count()).toBe(5);
    expect(await audit.get(ids[1]!)).toEqual({ id: ids[1], ...change('healthcare.gp', 1) });
    expect(await audit.get(987_654)).toBeUndefined();
    expect(await audit.get(Number.NaN)).toBeUndefined();
    expect((await audit.latest('healthcare.gp'))?.id).toBe(ids[3]);
    expect(await audit.latest('nothing.here')).toBeUndefined();
  });

  test('a change recorded through one handle is in the other’s history at once', async () => {
    const { stores, other } = await open();
    const id = await stores.audit.record(change('healthcare.gp', 1));
    expect((await other.audit.latest('healthcare.gp'))?.id).toBe(id);
    expect(await other.audit.count()).toBe(1);
  });
});

describe.each(volunteerBackends())('changes waiting for review on %s', (_name, open) => {
  test('are listed oldest first, per entry, counted, and keep the inbox questions they answer', async () => {
    const { stores } = await open();
    const { pending } = stores;
    const first = await pending.add(proposal('healthcare.gp', 'olena', [3, 7]));
    const second = await pending.add(proposal('status.bsn', 'petro'));
    const third = await pending.add(proposal('healthcare.gp', 'petro'));
    expect((await pending.open()).map((c) => c.id)).toEqual([first, second, third]);
    expect((await pending.open('healthcare.gp')).map((c) => c.id)).toEqual([first, third]);
    expect(await pending.count()).toBe(3);
    expect(await pending.waitingEntries()).toEqual(new Set(['healthcare.gp', 'status.bsn']));
    expect(await pending.get(first)).toEqual({ id: first, ...proposal('healthcare.gp', 'olena', [3, 7]), status: 'pending', decidedBy: null, decidedAt: null });
    expect(await pending.get(424_242)).toBeUndefined();
  });

  test('a change is decided once: the second decision is refused and the first stays', async () => {
    const { stores } = await open();
    const { pending } = stores;
    const id = await pending.add(proposal('healthcare.gp', 'olena'));
    const at = Date.parse('2026-05-02T09:00:00Z');
    expect(await pending.decide(id, 'approved', 'iryna', at)).toBe(true);
    expect(await pending.decide(id, 'rejected', 'taras', at + 1)).toBe(false);
    expect(await pending.get(id)).toMatchObject({ status: 'approved', decidedBy: 'iryna', decidedAt: at });
    expect(await pending.open()).toEqual([]);
    expect(await pending.count()).toBe(0);
    expect(await pending.waitingEntries()).toEqual(new Set());
    expect(await pending.decide(424_242, 'approved', 'iryna', at)).toBe(false);
  });

  test('two reviewers deciding at once through two handles: exactly one decides', async () => {
    const { stores, other } = await open();
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => stores.pending.add(proposal(`topic.entry-${i}`, 'olena'))));
    for (const id of ids) {
      const results = await Promise.all([stores.pending.decide(id, 'approved', 'iryna', 1), other.pending.decide(id, 'rejected', 'taras', 2)]);
      expect(results.filter(Boolean)).toHaveLength(1);
    }
    expect(await other.pending.count()).toBe(0);
  });
});
