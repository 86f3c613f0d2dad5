/**
 * The bounded queue of inbox and feedback writes that failed (src/app/write-retries.ts): what a volunteer
 * would notice is which questions reach the inbox after the database is back — the newest, when more
 * failed than the queue keeps — and an operator, that the ones given up are counted and logged without
 * their text.
 */
import { WriteRetries, type Attempt } from '../../src/app/write-retries';
import { captureLogs, until } from '../e2e/helpers';

/** A database the test turns off and on: writes fail while it is down. */
class Database {
  up = false;
  readonly rows: string[] = [];
  readonly attempt: Attempt = async (_component, write) => {
    try {
      await write();
      return true;
    } catch {
      return false;
    }
  };

  insert(text: string): () => Promise<void> {
    return async () => {
      if (!this.up) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      this.rows.push(text);
    };
  }
}

const fast = { baseMs: 5, maxWaitMs: 20 };

test('past the cap the oldest are dropped and counted; the rest are written once the database is back', async () => {
  const db = new Database();
  const logs = captureLogs('warn');
  const retries = new WriteRetries(db.attempt, { ...fast, maxItems: 3, logger: logs.logger });
  for (let k = 1; k <= 5; k++) retries.add('inbox', db.insert(`question ${k}`));

  expect(retries.stats()).toEqual({ waiting: 3, dropped: 2 });
  await new Promise((resolve) => setTimeout(resolve, 60)); // several failed tries meanwhile
  expect(retries.stats()).toEqual({ waiting: 3, dropped: 2 });

  db.up = true;
  await until(() => retries.stats().waiting === 0, 2000, 'the waiting writes written');
  expect([...db.rows].sort()).toEqual(['question 3', 'question 4', 'question 5']);
  expect(retries.stats().dropped).toBe(2);

  const line = JSON.parse(logs.lines[0]!) as Record<string, unknown>;
  expect(line).toMatchObject({ dropped: { 'inbox full': 1 }, droppedInAll: 1 });
  expect(logs.all()).not.toContain('question');
  await retries.flush(100);
});

test('a write older than the age limit is dropped, not written late', async () => {
  let now = 1_000_000;
  const db = new Database();
  const retries = new WriteRetries(db.attempt, { ...fast, maxAgeMs: 60_000, now: () => now });
  retries.add('feedback', db.insert('old 👎'));
  now += 61_000;
  retries.add('feedback', db.insert('new 👎'));
  db.up = true;
  await until(() => retries.stats().waiting === 0, 2000, 'the waiting writes written');
  expect(db.rows).toEqual(['new 👎']);
  expect(retries.stats().dropped).toBe(1);
  await retries.flush(100);
});

test('at shutdown each waiting write gets one more try; what still fails is dropped and counted', async () => {
  const db = new Database();
  const retries = new WriteRetries(db.attempt, { baseMs: 60_000, maxWaitMs: 60_000 });
  retries.add('inbox', db.insert('asked during the outage'));
  db.up = true; // back, but the next try would be a minute away
  expect(await retries.flush(500)).toBe(1);
  expect(db.rows).toEqual(['asked during the outage']);

  const down = new WriteRetries(new Database().attempt, { baseMs: 60_000, maxWaitMs: 60_000 });
  down.add('inbox', new Database().insert('lost'));
  expect(await down.flush(500)).toBe(0);
  expect(down.stats()).toEqual({ waiting: 0, dropped: 1 });
});
