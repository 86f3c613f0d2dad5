/**
 * What instances share in PostgreSQL besides conversation state: the per-person rate limit (a token
 * bucket, so a person who waits a third of a minute may write again instead of waiting for a window to
 * turn) and the update ids already taken. Two limiter or dedupe objects on one database stand for two
 * instances.
 */
import { openPostgres, type PgPool } from '../../src/storage/postgres';
import { PostgresRateLimiter } from '../../src/storage/postgres-rate-limiter';
import { PostgresDedupe } from '../../src/storage/postgres-dedupe';
import { RateLimiter } from '../../src/rate-limiter';
import { RecentIds } from '../../src/channels/dedupe';
import { describeWithPostgres, freshDatabase, type TestDatabase } from './postgres-helper';

describeWithPostgres('shared rate limits and dedupe on PostgreSQL', () => {
  let database: TestDatabase;
  let pool: PgPool;
  let now = 1_000_000;
  const clock = () => now;

  beforeAll(async () => {
    database = await freshDatabase();
    pool = await openPostgres(database.url, { max: 4 });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  test('two instances limit a person as one, tell them once, and let them write again as the bucket refills', async () => {
    const errors: unknown[] = [];
    const [a, b] = [0, 1].map(() => new PostgresRateLimiter(pool, 3, new RateLimiter(3), (err) => errors.push(err), clock));
    const hits = [];
    for (let k = 0; k < 5; k++) hits.push(await (k % 2 ? b! : a!).hit('telegram:person-1'));
    expect(hits.map((h) => h.allowed)).toEqual([true, true, true, false, false]);
    expect(hits.map((h) => h.tell)).toEqual([false, false, false, true, false]);
    expect(hits[3]).toMatchObject({ firstRefusal: true, retryAfterSeconds: 20 });
    expect(hits[4]!.firstRefusal).toBe(false);
    // Another person has their own bucket.
    expect((await a!.hit('telegram:person-2')).allowed).toBe(true);
    // A third of a minute later one message's worth has come back — not a whole new window of three.
    now += 20_000;
    expect((await b!.hit('telegram:person-1')).allowed).toBe(true);
    const refused = await a!.hit('telegram:person-1');
    expect(refused).toMatchObject({ allowed: false, tell: true, firstRefusal: true });
    expect(errors).toEqual([]);
  });

  test('an update taken by one instance is a repeat on the other, until it expires', async () => {
    const [a, b] = [0, 1].map(() => new PostgresDedupe(pool, 60_000, new RecentIds({ ttlMs: 60_000, maxEntries: 10 }), undefined, clock));
    expect(await a!.firstTime('telegram:42')).toBe(true);
    expect(await b!.firstTime('telegram:42')).toBe(false);
    expect(await a!.firstTime('telegram:42')).toBe(false);
    expect(await b!.firstTime('telegram:43')).toBe(true);
    now += 60_000;
    expect(await a!.deleteExpired()).toBe(2);
    expect(await b!.firstTime('telegram:42')).toBe(true);
    // Only digests are stored, never the platform's ids.
    const { rows } = await pool.query('SELECT key FROM seen_updates');
    expect(JSON.stringify(rows)).not.toContain('telegram:42');
  });

  test('with the database gone, the instance decides alone: people are answered, and /healthz hears of it', async () => {
    const broken = await openPostgres(database.url, { max: 1 });
    await broken.end();
    const errors: unknown[] = [];
    const limiter = new PostgresRateLimiter(broken, 3, new RateLimiter(3), (err) => errors.push(err), clock);
    const dedupe = new PostgresDedupe(broken, 60_000, new RecentIds({ ttlMs: 60_000, maxEntries: 10 }), (err) => errors.push(err), clock);
    expect((await limiter.hit('telegram:person-3')).allowed).toBe(true);
    expect(await dedupe.firstTime('telegram:77')).toBe(true);
    expect(await dedupe.firstTime('telegram:77')).toBe(false);
    expect(errors.length).toBe(3);
  });
});
