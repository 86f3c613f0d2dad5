/**
 * Conversation state served from memory and written to SQLite in batches: nothing is lost at a clean
 * stop, a deletion is final at once, and a failing database is reported while the state is still served.
 */
import { openMemoryDatabase, type Db } from '../../src/storage/database';
import { SqliteStateStore } from '../../src/storage/sqlite-state';
import { WriteBehindStateStore } from '../../src/storage/write-behind-storage';
import { VersionConflict } from '../../src/storage/state-port';

let db: Db;
let sqlite: SqliteStateStore;
const flushes = { failures: [] as string[], oks: 0 };
const onFlush = (err: unknown) => (err === undefined ? flushes.oks++ : flushes.failures.push(String((err as Error).message)));

beforeEach(() => {
  db = openMemoryDatabase();
  sqlite = new SqliteStateStore(db);
  flushes.failures = [];
  flushes.oks = 0;
});

const stored = (person: string): unknown => {
  const row = db.prepare('SELECT value FROM kv WHERE key = ?').get(`user/${person}`) as { value: string } | undefined;
  return row ? JSON.parse(row.value) : undefined;
};
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('write-behind conversation state', () => {
  it('serves a write at once and writes the latest value to the database within the flush time, in one batch', async () => {
    const storage = new WriteBehindStateStore(sqlite, { flushMs: 30, onFlush });
    const batches = jest.spyOn(sqlite, 'putMany');
    let version = 0;
    for (let k = 1; k <= 5; k++) {
      version = await storage.write('a', { language: 'uk', turn: k }, version);
      await storage.write(`b${k}`, { turn: k }, 0);
    }
    expect((await storage.read('a'))?.value).toEqual({ language: 'uk', turn: 5 });
    expect(stored('a')).toBeUndefined();
    expect(storage.pending).toBe(6);
    await wait(80);
    expect(stored('a')).toEqual({ language: 'uk', turn: 5 });
    expect(stored('b3')).toEqual({ turn: 3 });
    expect(batches).toHaveBeenCalledTimes(1);
    expect(storage.pending).toBe(0);
    expect(flushes.oks).toBe(1);
  });

  it('reads what an earlier process wrote, and a flush at shutdown leaves nothing behind', async () => {
    const v = await sqlite.write('old', { language: 'ru' }, 0);
    const storage = new WriteBehindStateStore(sqlite, { flushMs: 60_000 });
    expect(await storage.read('old')).toEqual({ value: { language: 'ru' }, version: v });
    expect(await storage.read('none')).toBeUndefined();
    await storage.write('new', { language: 'nl' }, 0);
    await storage.flush();
    const next = new WriteBehindStateStore(new SqliteStateStore(db));
    expect((await next.read('new'))?.value).toEqual({ language: 'nl' });
  });

  it('deletes from the database at once, and a pending write does not bring the value back', async () => {
    await sqlite.write('person-1', { language: 'uk' }, 0);
    const storage = new WriteBehindStateStore(sqlite, { flushMs: 20 });
    const read = await storage.read('person-1');
    await storage.write('person-1', { language: 'en' }, read!.version);
    await storage.delete('person-1');
    expect(stored('person-1')).toBeUndefined();
    expect(await storage.read('person-1')).toBeUndefined();
    await wait(60);
    expect(db.prepare('SELECT COUNT(*) AS n FROM kv').get()).toEqual({ n: 0 });
  });

  it('keeps answering from memory when the database fails, and /healthz hears of it', async () => {
    const storage = new WriteBehindStateStore(sqlite, { flushMs: 10, onFlush });
    await storage.write('q', { language: 'uk' }, 0);
    db.close();
    const v = (await storage.read('q'))!.version;
    await storage.write('q', { language: 'nl' }, v);
    await wait(40);
    expect(flushes.failures.length).toBeGreaterThan(0);
    expect((await storage.read('q'))?.value).toEqual({ language: 'nl' });
  });

  it('keeps at most `capacity` values in memory, reads the rest from the database, and still checks versions', async () => {
    const storage = new WriteBehindStateStore(sqlite, { capacity: 10 });
    const versions: number[] = [];
    for (let k = 0; k < 50; k++) versions.push(await storage.write(`p${k}`, { k }, 0));
    await storage.flush();
    const memory = (storage as unknown as { slots: Map<string, unknown> }).slots;
    expect(memory.size).toBeLessThanOrEqual(10);
    const read = jest.spyOn(sqlite, 'readSync');
    expect(await storage.read('p3')).toEqual({ value: { k: 3 }, version: versions[3] });
    expect(read).toHaveBeenCalledWith('p3');
    await expect(storage.write('p4', { k: 'stale' }, versions[4]! - 1)).rejects.toBeInstanceOf(VersionConflict);
  });

  it('lets go of values untouched since the retention cut-off, so a purged row is not served from memory', async () => {
    let now = 1_000;
    const storage = new WriteBehindStateStore(sqlite, { now: () => now });
    await storage.write('idle', { language: 'uk' }, 0);
    await storage.flush();
    now = 10_000;
    await storage.write('active', { language: 'nl' }, 0);
    expect(await storage.deleteIdleSince(5_000)).toBe(1);
    await sqlite.deleteIdleSince(Date.now() + 1); // the database's own purge (rows carry wall-clock times)
    expect(await storage.read('idle')).toBeUndefined();
    expect((await storage.read('active'))?.value).toEqual({ language: 'nl' });
  });
});
