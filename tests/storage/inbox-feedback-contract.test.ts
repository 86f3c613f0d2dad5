/**
 * The inbox of unanswered questions and the 👍/👎 counts, the same on SQLite and PostgreSQL. What a
 * volunteer would notice if it broke: a question missing from the inbox (or one with a phone number in
 * it), a question asked on another instance never showing up, old questions kept past retention, or
 * presses lost when several are counted at once.
 */
import { volunteerBackends } from './volunteer-backends';

const DAY = 86_400_000;

describe.each(volunteerBackends())('the inbox on %s', (_name, open) => {
  test('keeps questions scrubbed and cut, newest first, by status, with their counts', async () => {
    let now = Date.parse('2026-05-01T10:00:00Z');
    const { stores } = await open(() => now);
    const { inbox } = stores;
    await inbox.record('Як отримати BSN? Мій номер +31 6 12345678', 'uk', 'unanswered');
    now += 1000;
    await inbox.record('Where is the GP?', 'en', 'not-helpful', 'healthcare.gp');
    now += 1000;
    await inbox.record('x'.repeat(2000), 'en', 'unanswered');
    await inbox.record('   ', 'en', 'unanswered'); // nothing left to keep

    const open_ = await inbox.list('open');
    expect(open_.map((i) => i.text.slice(0, 16))).toEqual(['x'.repeat(16), 'Where is the GP?', 'Як отримати BSN?']);
    expect(open_[0]!.text).toHaveLength(500);
    expect(open_[2]!.text).not.toContain('12345678');
    expect(open_[1]).toMatchObject({ language: 'en', reason: 'not-helpful', answerId: 'healthcare.gp', status: 'open', createdAt: now - 1000 });
    expect(open_[1]!.normalised).toBe('where is the gp?'); // for grouping similar questions
    expect(await inbox.list('open', 1)).toHaveLength(1);
    expect(await inbox.count('open')).toBe(3);
    expect(await inbox.get(open_[2]!.id)).toEqual(open_[2]);
    expect(await inbox.get(999_999)).toBeUndefined();
  });

  test('changes the status of the questions named, and says how many there were', async () => {
    const { stores } = await open();
    const { inbox } = stores;
    for (const q of ['first question', 'second question', 'third question']) await inbox.record(q, 'en', 'unanswered');
    const [third, second] = await inbox.list('open');
    expect(await inbox.setStatus([third!.id, second!.id, 424242], 'dismissed')).toBe(2);
    expect(await inbox.setStatus([], 'added')).toBe(0);
    expect((await inbox.list('open')).map((i) => i.text)).toEqual(['first question']);
    expect((await inbox.list('dismissed')).map((i) => i.text).sort()).toEqual(['second question', 'third question']);
    expect(await inbox.count('dismissed')).toBe(2);
    expect(await inbox.count('added')).toBe(0);
  });

  test('deletes questions older than the retention period, whatever their status', async () => {
    let now = Date.parse('2026-05-01T10:00:00Z');
    const { stores } = await open(() => now);
    const { inbox } = stores;
    await inbox.record('old and open', 'en', 'unanswered');
    await inbox.record('old and handled', 'en', 'unanswered');
    await inbox.setStatus([(await inbox.list())[0]!.id], 'added');
    now += 31 * DAY;
    await inbox.record('recent', 'en', 'unanswered');
    expect(await inbox.deleteOlderThan(30)).toBe(2);
    expect((await inbox.list('open')).map((i) => i.text)).toEqual(['recent']);
    expect(await inbox.list('added')).toEqual([]);
    expect(await inbox.deleteOlderThan(30)).toBe(0);
  });

  test('a question recorded through one handle is listed and handled through the other', async () => {
    const { stores, other } = await open();
    await stores.inbox.record('asked on instance B', 'nl', 'unanswered');
    const [item] = await other.inbox.list('open');
    expect(item).toMatchObject({ text: 'asked on instance B', language: 'nl' });
    await other.inbox.setStatus([item!.id], 'added');
    expect((await stores.inbox.get(item!.id))?.status).toBe('added');
  });
});

describe.each(volunteerBackends())('feedback on %s', (_name, open) => {
  test('counts presses per entry over the days kept, nothing per person', async () => {
    let now = Date.parse('2026-05-01T23:59:00Z');
    const { stores } = await open(() => now);
    const { feedback } = stores;
    expect(await feedback.totals()).toEqual(new Map());
    await feedback.record('healthcare.gp', true);
    await feedback.record('healthcare.gp', false);
    now += 2 * 60_000; // the next day
    await feedback.record('healthcare.gp', false);
    await feedback.record('status.bsn', true);
    expect(await feedback.totals()).toEqual(
      new Map([
        ['healthcare.gp', { helpful: 1, notHelpful: 2 }],
        ['status.bsn', { helpful: 1, notHelpful: 0 }],
      ]),
    );
  });

  test('presses counted at the same moment through two handles are all counted', async () => {
    const { stores, other } = await open();
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? stores : other).feedback.record('healthcare.gp', i % 4 < 2)));
    expect((await stores.feedback.totals()).get('healthcare.gp')).toEqual({ helpful: 20, notHelpful: 20 });
  });
});
