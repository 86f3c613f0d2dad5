/**
 * Volunteers on two instances that share one knowledge folder and one PostgreSQL: their saves take turns
 * across the instances, so a save can never silently undo another, and each instance reloads what the
 * other saved. Two editors, each with its own pool, lock, knowledge in memory and SQLite admin stores,
 * stand for the two instances.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KnowledgeEditor, type Author } from '../../src/admin/knowledge-editor';
import { applyChanges } from '../../src/admin/entry-yaml';
import { writeFileAtomic } from '../../src/admin/atomic-write';
import { ADMIN_MIGRATIONS } from '../../src/admin/migrations';
import { SqliteAuditLog } from '../../src/admin/audit-log';
import { SqlitePendingStore } from '../../src/admin/pending-store';
import { SqliteInboxStore } from '../../src/storage/inbox-store';
import { migrate, openMemoryDatabase, type Db } from '../../src/storage/database';
import { openPostgres, type PgPool } from '../../src/storage/postgres';
import { PostgresKnowledgeSync } from '../../src/storage/postgres-knowledge-sync';
import { KnowledgeStore } from '../../src/knowledge/knowledge-store';
import { SaveLockLost } from '../../src/knowledge/save-lock';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { copyKnowledge } from '../admin/helpers';
import { until } from '../e2e/helpers';
import { describeWithPostgres, freshDatabase, type TestDatabase } from './postgres-helper';

const GP = 'healthcare.gp';
const DENTIST = 'healthcare.dentist';
const OLENA: Author = { name: 'olena', role: 'editor' };
const IRYNA: Author = { name: 'iryna', role: 'editor' };
/** The advisory lock every knowledge save takes (postgres-knowledge-sync.ts). */
const SAVE_LOCK = 0x6b6e6f77;

interface Instance {
  editor: KnowledgeEditor;
  store: KnowledgeStore;
  sync: PostgresKnowledgeSync;
  pool: PgPool;
  db: Db;
}

/** Holds a save between writing its temporary file and renaming it over the entry, until opened. */
function gate(): { hook: () => Promise<void>; reached: Promise<void>; open: () => void } {
  let open!: () => void;
  let arrive!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  return {
    reached,
    open,
    hook: async () => {
      arrive();
      await opened;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithPostgres('knowledge saves on two instances sharing PostgreSQL and one folder', () => {
  let database: TestDatabase;
  let root: string;
  let knowledgeDir: string;
  let instances: Instance[] = [];

  async function instance(name: string, options: { beforeRename?: () => Promise<void>; lockTimeoutMs?: number; pollMs?: number } = {}): Promise<Instance> {
    const pool = await openPostgres(database.url, { max: 3 });
    const sync = await PostgresKnowledgeSync.open({
      pool,
      url: database.url,
      instance: name,
      pollMs: options.pollMs ?? 60_000,
      ...(options.lockTimeoutMs ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
    });
    const { store } = await KnowledgeStore.open(knowledgeDir);
    const db = openMemoryDatabase();
    migrate(db, ADMIN_MIGRATIONS, 'admin');
    const editor = new KnowledgeEditor({
      knowledge: store!,
      audit: new SqliteAuditLog(db),
      pending: new SqlitePendingStore(db),
      inbox: new SqliteInboxStore(db),
      requireReview: false,
      now: () => new Date(),
      lock: sync,
      ...(options.beforeRename ? { hooks: { beforeRename: options.beforeRename } } : {}),
    });
    sync.start(() => store!.reload());
    const made = { editor, store: store!, sync, pool, db };
    instances.push(made);
    return made;
  }

  const answer = async (from: Instance, id: string, text: string) => {
    const stored = (await from.editor.read(id))!;
    return { id, content: applyChanges(stored.source, [{ path: ['answer', 'uk'], value: text }]), baseVersion: stored.version, action: 'edit' as const };
  };
  const fileOf = (id: string) => readFileSync(path.join(knowledgeDir, ...id.split('.')).concat('.yaml'), 'utf8');

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'prykhystok-kb-sync-'));
    knowledgeDir = copyKnowledge(root);
  });
  afterEach(async () => {
    for (const i of instances) {
      await i.sync.close();
      await i.pool.end();
      i.db.close();
    }
    instances = [];
    rmSync(root, { recursive: true, force: true });
  });

  test('two saves of one answer at once: the second waits for the first, then is refused as a conflict instead of undoing it', async () => {
    const held = gate();
    const a = await instance('A', { beforeRename: held.hook });
    const b = await instance('B');
    const fromA = await answer(a, GP, 'Відповідь, яку зберегла Олена на A.');
    const fromB = await answer(b, GP, 'Відповідь, яку зберегла Ірина на B.');
    expect(fromA.baseVersion).toBe(fromB.baseVersion); // both opened the same version of the entry

    const savedOnA = a.editor.submit({ ...fromA, author: OLENA });
    await held.reached; // A has checked the version and written its temporary file
    let bFinished = false;
    const savedOnB = b.editor.submit({ ...fromB, author: IRYNA }).finally(() => (bFinished = true));
    await sleep(500);
    // Without a lock shared by the instances, B would have passed the same version check and written by now.
    expect(bFinished).toBe(false);
    held.open();

    expect((await savedOnA).kind).toBe('live');
    expect((await savedOnB).kind).toBe('conflict');
    expect(fileOf(GP)).toBe(fromA.content);
    // B took the lock after A's save and reloaded before checking; it shows A's answer, not its own.
    expect(b.store.current().get(GP)?.answer.uk).toBe('Відповідь, яку зберегла Олена на A.');
    expect(a.sync.version).toBe(b.sync.version);
  });

  test('two saves of different answers at once: both are kept whole, and each instance serves both', async () => {
    const held = gate();
    const a = await instance('A', { beforeRename: held.hook });
    const b = await instance('B');
    const before = a.sync.version;
    const gp = await answer(a, GP, 'Нова відповідь про сімейного лікаря.');
    const dentist = await answer(b, DENTIST, 'Нова відповідь про стоматолога.');

    const savedOnA = a.editor.submit({ ...gp, author: OLENA });
    await held.reached;
    const savedOnB = b.editor.submit({ ...dentist, author: IRYNA });
    await sleep(200);
    held.open();
    expect((await savedOnA).kind).toBe('live');
    expect((await savedOnB).kind).toBe('live');

    // Neither lost nor half-written: each file is exactly what its volunteer saved, and the folder loads.
    expect(fileOf(GP)).toBe(gp.content);
    expect(fileOf(DENTIST)).toBe(dentist.content);
    const loaded = await loadKnowledgeDirectory(knowledgeDir);
    expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const { rows } = await a.pool.query('SELECT version, instance FROM knowledge_version');
    expect(rows).toEqual([{ version: String(before + 2), instance: 'B' }]);
    for (const i of [a, b]) {
      await until(() => i.store.current().get(DENTIST)?.answer.uk === 'Нова відповідь про стоматолога.', 2000, 'the dentist answer on every instance');
      expect(i.store.current().get(GP)?.answer.uk).toBe('Нова відповідь про сімейного лікаря.');
    }
  });

  test('a save that cannot get the lock in time fails and writes nothing; the one holding it is saved', async () => {
    const held = gate();
    const a = await instance('A', { beforeRename: held.hook });
    const b = await instance('B', { lockTimeoutMs: 300 });
    const fromA = await answer(a, GP, 'Відповідь від A.');
    const fromB = await answer(b, GP, 'Відповідь від B.');
    const savedOnA = a.editor.submit({ ...fromA, author: OLENA });
    await held.reached;
    await expect(b.editor.submit({ ...fromB, author: IRYNA })).rejects.toMatchObject({ code: '55P03' }); // lock_not_available
    held.open();
    expect((await savedOnA).kind).toBe('live');
    expect(fileOf(GP)).toBe(fromA.content);
  });

  test('the connection holding A’s lock is cut mid-save: A’s save is refused with nothing written, B’s is whole, and the lock is free', async () => {
    const held = gate();
    const a = await instance('A', { beforeRename: held.hook });
    const b = await instance('B');
    const observer = await a.pool.connect();
    const lockHolders = async (granted: boolean) =>
      (await observer.query<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted = $2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", [SAVE_LOCK, granted])).rows.map((r) => r.pid);
    try {
      const fromA = await answer(a, GP, 'Відповідь від A, чий зв’язок обірвався.');
      const fromB = await answer(b, GP, 'Відповідь від B, збережена, поки A чекав.');
      const savedOnA = a.editor.submit({ ...fromA, author: OLENA });
      // A has the lock, has checked the version and written its temporary file; B waits for the lock.
      await held.reached;
      const savedOnB = b.editor.submit({ ...fromB, author: IRYNA });
      await until(async () => (await lockHolders(false)).length === 1, 3000, 'B waiting for the lock');
      const [holder] = await lockHolders(true);
      await observer.query('SELECT pg_terminate_backend($1)', [holder]);

      // The server ended A's transaction and so freed the lock: B goes ahead rather than wait forever.
      expect((await savedOnB).kind).toBe('live');
      held.open();
      // A no longer holds the lock, so it must not write: B checked the same version and saved meanwhile.
      await expect(savedOnA).rejects.toBeInstanceOf(SaveLockLost); // the admin page: "Nothing was saved. Try again".
      expect(fileOf(GP)).toBe(fromB.content);
      expect(readdirSync(path.join(knowledgeDir, 'healthcare')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      expect((await loadKnowledgeDirectory(knowledgeDir)).problems.filter((p) => p.severity === 'error')).toEqual([]);
      await until(() => a.store.current().get(GP)?.answer.uk === 'Відповідь від B, збережена, поки A чекав.', 2000, 'B’s answer on A');

      // The volunteer on A tries again: the entry now shows B's answer, and the save goes through.
      const again = await answer(a, GP, 'Відповідь від A, з другої спроби.');
      expect((await a.editor.submit({ ...again, author: OLENA })).kind).toBe('live');
      expect(fileOf(GP)).toBe(again.content);
      expect(await lockHolders(true)).toEqual([]);
    } finally {
      observer.release();
    }
  });

  test('a save another instance was not told of (its notice lost) is reloaded when the counter is read', async () => {
    const a = await instance('A', { pollMs: 200 });
    const changed = await answer(a, GP, 'Змінено, а сповіщення загубилося.');
    // What a save looks like to an instance that missed the NOTIFY: the file and the counter changed.
    await writeFileAtomic(path.join(knowledgeDir, 'healthcare', 'gp.yaml'), changed.content);
    await a.pool.query("UPDATE knowledge_version SET version = version + 1, instance = 'elsewhere'");
    await until(() => a.store.current().get(GP)?.answer.uk === 'Змінено, а сповіщення загубилося.', 3000, 'the reload after the poll');
  });
});
