/**
 * The storage port's contract, the same for every implementation: the embedded SQLite store, SQLite
 * behind the write-behind cache (what `npm start` runs), and PostgreSQL (what several instances share).
 * What a person would notice if it broke: a `/forget` undone by a turn that was already running, or one
 * turn's state silently overwriting another's.
 */
import { openMemoryDatabase } from '../../src/storage/database';
import { SqliteStateStore } from '../../src/storage/sqlite-state';
import { WriteBehindStateStore } from '../../src/storage/write-behind-storage';
import { openPostgres, type PgPool } from '../../src/storage/postgres';
import { PostgresStateStore } from '../../src/storage/postgres-state';
import { VersionConflict, type StateStore } from '../../src/storage/state-port';
import { DATABASE_URL, freshDatabase, type TestDatabase } from './postgres-helper';

interface Subject {
  store: StateStore;
  /** Another handle on the same data (another instance, or the database under the cache). */
  other?: StateStore;
  close(): Promise<void>;
}

let database: TestDatabase | undefined;
let pool: PgPool | undefined;

beforeAll(async () => {
  if (!DATABASE_URL) return;
  database = await freshDatabase();
  pool = await openPostgres(database.url, { max: 4 });
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

const kinds: Array<[string, () => Promise<Subject>]> = [
  ['SQLite', async () => {
    const db = openMemoryDatabase();
    return { store: new SqliteStateStore(db), other: new SqliteStateStore(db), close: async () => undefined };
  }],
  ['SQLite behind the write-behind cache', async () => {
    const store = new WriteBehindStateStore(new SqliteStateStore(openMemoryDatabase()), { flushMs: 5 });
    return { store, close: () => store.flush() };
  }],
  ['PostgreSQL', async () => {
    if (!pool) throw new Error('no PostgreSQL');
    await pool.query('TRUNCATE conversation_state');
    return { store: new PostgresStateStore(pool), other: new PostgresStateStore(pool), close: async () => undefined };
  }],
];
const available = kinds.filter(([name]) => name !== 'PostgreSQL' || DATABASE_URL);
if (available.length < kinds.length) console.warn('storage contract: PostgreSQL skipped (no DATABASE_URL); CI runs it.');

describe.each(available)('conversation state on %s', (_name, open) => {
  let s: Subject;
  beforeEach(async () => {
    s = await open();
  });
  afterEach(() => s.close());

  it('reads back what was written, with a version, and nothing for a person never seen', async () => {
    expect(await s.store.read('person-a')).toBeUndefined();
    const version = await s.store.write('person-a', { language: 'uk', lastAnswerId: 'healthcare.gp' }, 0);
    expect(version).toBeGreaterThan(0);
    expect(await s.store.read('person-a')).toEqual({ value: { language: 'uk', lastAnswerId: 'healthcare.gp' }, version });
  });

  it('refuses a write based on an old version and keeps the newer state', async () => {
    const v1 = await s.store.write('person-a', { language: 'uk' }, 0);
    // Two turns read v1; the first saves, the second is refused.
    const v2 = await s.store.write('person-a', { language: 'nl' }, v1);
    await expect(s.store.write('person-a', { language: 'en' }, v1)).rejects.toBeInstanceOf(VersionConflict);
    expect(await s.store.read('person-a')).toEqual({ value: { language: 'nl' }, version: v2 });
    // Two turns that both saw nothing: one creates, the other is refused.
    await s.store.write('person-b', { n: 1 }, 0);
    await expect(s.store.write('person-b', { n: 2 }, 0)).rejects.toBeInstanceOf(VersionConflict);
  });

  it('after a delete, a turn that read before it cannot bring the state back', async () => {
    const v1 = await s.store.write('person-a', { language: 'ru', lastQuestion: 'де взяти бсн' }, 0);
    await s.store.delete('person-a');
    await expect(s.store.write('person-a', { language: 'ru', lastQuestion: 'де взяти бсн' }, v1)).rejects.toBeInstanceOf(VersionConflict);
    expect(await s.store.read('person-a')).toBeUndefined();
    // A new conversation starts from nothing, and its versions never repeat the old one's.
    const fresh = await s.store.write('person-a', { language: 'en' }, 0);
    expect(fresh).not.toBe(v1);
    await expect(s.store.write('person-a', { language: 'ru' }, v1)).rejects.toBeInstanceOf(VersionConflict);
    expect((await s.store.read('person-a'))?.value).toEqual({ language: 'en' });
  });

  it('deletes one person only, and deleting nothing is not an error', async () => {
    await s.store.write('person-a', { a: 1 }, 0);
    await s.store.write('person-b', { b: 1 }, 0);
    await s.store.delete('person-a');
    await s.store.delete('nobody');
    expect(await s.store.read('person-a')).toBeUndefined();
    expect((await s.store.read('person-b'))?.value).toEqual({ b: 1 });
  });

  it('hands out copies: changing what one turn read does not change what the next reads', async () => {
    await s.store.write('person-a', { list: [1] }, 0);
    const first = (await s.store.read('person-a'))!.value as { list: number[] };
    first.list.push(2);
    expect((await s.store.read('person-a'))?.value).toEqual({ list: [1] });
  });

  it('shares state between handles: what one writes or deletes, the other sees at once', async () => {
    if (!s.other) return;
    const v1 = await s.store.write('person-a', { language: 'uk' }, 0);
    expect(await s.other.read('person-a')).toEqual({ value: { language: 'uk' }, version: v1 });
    await s.other.delete('person-a');
    expect(await s.store.read('person-a')).toBeUndefined();
    await expect(s.store.write('person-a', { language: 'uk' }, v1)).rejects.toBeInstanceOf(VersionConflict);
  });
});

// The cache only lets go of idle values (tests/storage/write-behind-storage.test.ts); the database deletes rows.
describe.each(available.filter(([name]) => !name.includes('write-behind')))('retention on %s', (_name, open) => {
  it('deletes state nobody wrote since the cut-off, and keeps the rest', async () => {
    const s = await open();
    await s.store.write('idle', { language: 'uk' }, 0);
    expect(await s.store.deleteIdleSince(Date.now() - 60_000)).toBe(0);
    expect(await s.store.deleteIdleSince(Date.now() + 1000)).toBe(1);
    expect(await s.store.read('idle')).toBeUndefined();
    await s.close();
  });
});
