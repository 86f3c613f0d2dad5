/**
 * Conversation state served from memory and written in batches: nothing is lost at a clean stop, a
 * deletion is final at once, and a failing database is reported while the state is still served.
 */
import { openMemoryDatabase, type Db } from '../../src/storage/database';
import { SqliteStorage } from '../../src/storage/kv-storage';
import { ResilientStorage } from '../../src/storage/resilient-storage';
import { WriteBehindStorage } from '../../src/storage/write-behind-storage';

let db: Db;
let sqlite: SqliteStorage;
const health = { failures: [] as string[], oks: 0, failed(_c: string, err: unknown) { this.failures.push(String((err as Error).message)); }, ok() { this.oks++; } };

beforeEach(() => {
  db = openMemoryDatabase();
  sqlite = new SqliteStorage(db);
  health.failures = [];
  health.oks = 0;
});

const stored = (key: string): unknown => {
  const row = db.prepare('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? JSON.parse(row.value) : undefined;
};
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('write-behind conversation state', () => {
  it('serves a write at once and writes the latest value to the database within the flush time, in one batch', async () => {
    const storage = new WriteBehindStorage(new ResilientStorage(sqlite, health), { flushMs: 30 });
    const transactions = jest.spyOn(sqlite, 'write');
    for (let k = 1; k <= 5; k++) await storage.write({ 'user/a': { language: 'uk', turn: k, eTag: '*' }, [`user/b${k}`]: { turn: k } });
    expect(await storage.read(['user/a'])).toMatchObject({ 'user/a': { language: 'uk', turn: 5 } });
    expect(stored('user/a')).toBeUndefined();
    expect(storage.pending).toBe(6);
    await wait(80);
    expect(stored('user/a')).toEqual({ language: 'uk', turn: 5 });
    expect(stored('user/b3')).toEqual({ turn: 3 });
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(storage.pending).toBe(0);
  });

  it('reads what an earlier process wrote, and a flush at shutdown leaves nothing behind', async () => {
    await sqlite.write({ 'user/old': { language: 'ru' } });
    const storage = new WriteBehindStorage(sqlite, { flushMs: 60_000 });
    expect(await storage.read(['user/old', 'user/none'])).toEqual({ 'user/old': { language: 'ru', eTag: '1' } });
    await storage.write({ 'user/new': { language: 'nl' } });
    await storage.flush();
    const next = new WriteBehindStorage(new SqliteStorage(db));
    expect(await next.read(['user/new'])).toMatchObject({ 'user/new': { language: 'nl' } });
  });

  it('hands out copies: changing what one turn read does not change what the next reads', async () => {
    const storage = new WriteBehindStorage(sqlite);
    await storage.write({ k: { list: [1] } });
    const first = (await storage.read(['k'])).k as { list: number[] };
    first.list.push(2);
    expect(((await storage.read(['k'])).k as { list: number[] }).list).toEqual([1]);
  });

  it('refuses a write based on an old version, and changes nothing', async () => {
    const storage = new WriteBehindStorage(sqlite);
    await storage.write({ k: { v: 1 } });
    const { eTag } = (await storage.read(['k'])).k as { eTag: string };
    await storage.write({ k: { v: 2, eTag } });
    await expect(storage.write({ k: { v: 3, eTag }, other: { v: 1 } })).rejects.toThrow(/changed by another turn/);
    expect(await storage.read(['k', 'other'])).toEqual({ k: { v: 2, eTag: String(Number(eTag) + 1) } });
  });

  it('deletes from the database at once, and a pending write does not bring the value back', async () => {
    await sqlite.write({ 'user/person-1': { language: 'uk' } });
    const storage = new WriteBehindStorage(sqlite, { flushMs: 20 });
    await storage.write({ 'user/person-1': { language: 'en' }, 'conv/x-user/person-1-x': { dialog: [] } });
    await storage.delete(['user/person-1']);
    expect(storage.deleteContaining('user/person-1')).toBe(0);
    expect(stored('user/person-1')).toBeUndefined();
    expect(await storage.read(['user/person-1', 'conv/x-user/person-1-x'])).toEqual({});
    await wait(60);
    expect(db.prepare('SELECT COUNT(*) AS n FROM kv').get()).toEqual({ n: 0 });
  });

  it('keeps answering from memory when the database fails, and /healthz hears of it', async () => {
    const storage = new WriteBehindStorage(new ResilientStorage(sqlite, health), { flushMs: 10 });
    db.close();
    await storage.write({ 'user/q': { language: 'uk' } });
    await wait(40);
    expect(health.failures.length).toBeGreaterThan(0);
    expect(await storage.read(['user/q'])).toMatchObject({ 'user/q': { language: 'uk' } });
  });

  it('keeps at most `capacity` values in memory, and reads the rest from the database', async () => {
    const storage = new WriteBehindStorage(sqlite, { capacity: 10 });
    for (let k = 0; k < 50; k++) await storage.write({ [`user/${k}`]: { k } });
    await storage.flush();
    const memory = (storage as unknown as { slots: Map<string, unknown> }).slots;
    expect(memory.size).toBeLessThanOrEqual(10);
    const read = jest.spyOn(sqlite, 'read');
    expect(await storage.read(['user/3', 'user/49'])).toMatchObject({ 'user/3': { k: 3 }, 'user/49': { k: 49 } });
    expect(read).toHaveBeenCalledWith(['user/3']);
  });

  it('lets go of values untouched since the retention cut-off, so a purged row is not served from memory', async () => {
    let now = 1_000;
    const storage = new WriteBehindStorage(sqlite, { now: () => now });
    await storage.write({ 'user/idle': { language: 'uk' } });
    await storage.flush();
    now = 10_000;
    await storage.write({ 'user/active': { language: 'nl' } });
    expect(storage.forgetOlderThan(5_000)).toBe(1);
    sqlite.deleteOlderThan(Date.now() + 1); // the database's own purge (rows carry wall-clock times)
    expect(await storage.read(['user/idle', 'user/active'])).toEqual({ 'user/active': { language: 'nl', eTag: '1' } });
  });
});
