/**
 * The inbox: questions grouped when they ask the same thing (also across languages), kept at most
 * RETENTION_DAYS and deleted automatically.
 */
import type { Language } from '../../src/knowledge/languages';
import { KnowledgeStore } from '../../src/knowledge/knowledge-store';
import { SearchIndex } from '../../src/search/search-index';
import { normalise } from '../../src/search/normalise';
import { groupInbox } from '../../src/admin/inbox-groups';
import { SqliteInboxStore, type InboxItem } from '../../src/storage/inbox-store';
import { loadConfig } from '../../src/config';
import { AdminClient, ROOT, startAdminApp } from './helpers';
import path from 'node:path';

const DAY = 86_400_000;

describe('grouping', () => {
  let index: SearchIndex;
  beforeAll(async () => {
    const { store } = await KnowledgeStore.open(path.join(ROOT, 'knowledge'));
    index = new SearchIndex(store!.current());
  });
  let next = 1;
  const item = (text: string, language: Language, reason: InboxItem['reason'] = 'unanswered', answerId: string | null = null): InboxItem => ({
    id: next++,
    text,
    normalised: normalise(text),
    language,
    reason,
    answerId,
    createdAt: Date.parse('2026-05-01T10:00:00Z') + next * 60_000,
    status: 'open',
  });

  test('the same question in other words, in one language, is one group with a count', () => {
    const groups = groupInbox(
      [item('Can I bring my cat on the train?', 'en'), item('can i bring my cat on a train', 'en'), item('Can I take my cat on the train?', 'en'), item('Where can I buy a cheap bicycle?', 'en')],
      index,
    );
    expect(groups.map((g) => g.items.length)).toEqual([3, 1]);
    expect(groups[0]!.leader.text).toMatch(/cat/);
    expect(groups[1]!.leader.text).toMatch(/bicycle/);
  });

  test('the same question in four languages is one group when the search places them all at one entry', () => {
    const groups = groupInbox(
      [
        item('Як відкрити рахунок у банку, якщо банк відмовив?', 'uk', 'not-helpful', 'aid.bank-account'),
        item('How do I open a bank account if the bank refused me?', 'en', 'not-helpful', 'aid.bank-account'),
        item('Как открыть счет в банке, если банк отказал?', 'ru', 'not-helpful', 'aid.bank-account'),
        item('Hoe open ik een bankrekening als de bank weigert?', 'nl'),
        item('Де можна пограти у футбол?', 'uk'),
      ],
      index,
    );
    expect(groups).toHaveLength(2);
    const [bank, football] = groups as [(typeof groups)[0], (typeof groups)[0]];
    expect(bank.items).toHaveLength(4);
    expect(bank.languages.sort()).toEqual(['en', 'nl', 'ru', 'uk']);
    expect(bank.suggestion).toBe('aid.bank-account');
    expect(bank).toMatchObject({ notHelpful: 3, unanswered: 1, answeredWith: ['aid.bank-account'] });
    expect(football.items).toHaveLength(1);
    expect(football.suggestion).toBeUndefined(); // nothing in the knowledge base is close: no misleading suggestion
  });

  test('unrelated questions that merely share a weak closest entry stay apart', () => {
    // All three rank healthcare.medicines first ("where can I buy…"), each too weakly for it to mean anything.
    const groups = groupInbox([item('Where can I buy a cheap guitar?', 'en'), item('Де купити вудку для риболовлі?', 'uk'), item('Waar koop ik een goedkope fiets?', 'nl')], index);
    expect(groups).toHaveLength(3);
    for (const g of groups) expect(g.suggestion).toBeUndefined();
  });
});

describe('retention', () => {
  test(`RETENTION_DAYS defaults to 60`, () => {
    expect(loadConfig({}).retentionDays).toBe(60);
  });

  test('questions older than RETENTION_DAYS are deleted, whatever their state; newer ones stay', async () => {
    const admin = await startAdminApp({ RETENTION_DAYS: '30' });
    try {
      const at = (daysAgo: number) => new SqliteInboxStore(admin.app.db, () => Date.now() - daysAgo * DAY);
      await at(45).record('Дуже старе питання про кота', 'uk', 'unanswered');
      await at(31).record('Old question about a bicycle', 'en', 'unanswered');
      await at(31).record('Old handled question', 'en', 'unanswered');
      await admin.app.inbox.setStatus([(await admin.app.inbox.list('open')).find((i) => i.text === 'Old handled question')!.id], 'dismissed');
      await at(29).record('Recent question about a cat', 'en', 'unanswered');
      await admin.app.inbox.record('A question from today', 'en', 'not-helpful', 'healthcare.gp');

      expect((await admin.app.applyRetention()).questions).toBe(3);
      expect((await admin.app.inbox.list('open')).map((i) => i.text).sort()).toEqual(['A question from today', 'Recent question about a cat']);
      expect(await admin.app.inbox.list('dismissed')).toEqual([]);

      await admin.addUser('olena', 'editor');
      const client = new AdminClient(admin.base);
      await client.login('olena');
      const page = await client.get('/admin/inbox');
      expect(page.text).toContain('deleted automatically after 30 days');
      expect(page.text).not.toContain('Old question');
      expect(page.text).toContain('Recent question about a cat');
    } finally {
      await admin.stop();
    }
  });
});
