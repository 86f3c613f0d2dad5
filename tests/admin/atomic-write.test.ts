/**
 * A save never leaves a half-written knowledge file: the new text goes to a temporary file that is
 * fsynced and renamed over the old one. A crash between write and rename leaves the old file intact.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeStaleTempFiles, writeFileAtomic } from '../../src/admin/atomic-write';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { KnowledgeStore } from '../../src/knowledge/knowledge-store';
import { openMemoryDatabase, migrate } from '../../src/storage/database';
import { SqliteInboxStore } from '../../src/storage/inbox-store';
import { ADMIN_MIGRATIONS } from '../../src/admin/migrations';
import { SqliteAuditLog } from '../../src/admin/audit-log';
import { SqlitePendingStore } from '../../src/admin/pending-store';
import { KnowledgeEditor } from '../../src/admin/knowledge-editor';
import { applyChanges } from '../../src/admin/entry-yaml';
import { copyKnowledge, ROOT } from './helpers';

let dir: string;
let knowledgeDir: string;
const GP = () => path.join(knowledgeDir, 'healthcare', 'gp.yaml');
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'prykhystok-atomic-'));
  knowledgeDir = copyKnowledge(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tempFiles = (d: string) => readdirSync(d).filter((n) => n.endsWith('.tmp'));

test('replaces the file and leaves no temporary file behind', async () => {
  await writeFileAtomic(GP(), 'new content\n');
  expect(readFileSync(GP(), 'utf8')).toBe('new content\n');
  expect(tempFiles(path.dirname(GP()))).toEqual([]);
});

test('an error between write and rename keeps the old file and removes the temporary one', async () => {
  const before = readFileSync(GP(), 'utf8');
  let temp = '';
  await expect(
    writeFileAtomic(GP(), 'half', {
      beforeRename(t) {
        temp = t;
        expect(readFileSync(t, 'utf8')).toBe('half');
        throw new Error('disk full');
      },
    }),
  ).rejects.toThrow('disk full');
  expect(readFileSync(GP(), 'utf8')).toBe(before);
  expect(existsSync(temp)).toBe(false);
});

test('a process killed between write and rename leaves the old file intact; the bot still loads', async () => {
  const before = readFileSync(GP(), 'utf8');
  const child = path.join(dir, 'crash.ts');
  writeFileSync(
    child,
    `import { writeFileAtomic } from ${JSON.stringify(path.join(ROOT, 'src/admin/atomic-write'))};
     writeFileAtomic(${JSON.stringify(GP())}, 'id: healthcare.gp\\ntopic: healt', {
       beforeRename: (temp) => new Promise(() => { process.stdout.write('written ' + temp + '\\n'); }),
     });`,
  );
  const proc = spawn(process.execPath, ['--import', 'tsx', child], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const temp = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /written (.+)\n/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
  });
  proc.kill('SIGKILL');
  await new Promise((resolve) => proc.once('close', resolve));

  expect(readFileSync(GP(), 'utf8')).toBe(before);
  expect(readFileSync(temp, 'utf8')).toContain('topic: healt'); // the half-done work is only in the temporary file
  const loaded = await loadKnowledgeDirectory(knowledgeDir);
  expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(loaded.knowledge?.get('healthcare.gp')).toBeDefined();
  // At the next start the admin removes what the crash left behind.
  expect(await removeStaleTempFiles(knowledgeDir, 0)).toEqual([temp]);
  expect(existsSync(temp)).toBe(false);
}, 20_000);

test('a save that fails to write is not logged and the bot keeps the old snapshot', async () => {
  const db = openMemoryDatabase();
  migrate(db, ADMIN_MIGRATIONS, 'admin');
  const { store } = await KnowledgeStore.open(knowledgeDir);
  const audit = new SqliteAuditLog(db);
  const editor = new KnowledgeEditor({
    knowledge: store!,
    audit,
    pending: new SqlitePendingStore(db),
    inbox: new SqliteInboxStore(db),
    requireReview: false,
    now: () => new Date(),
    hooks: {
      beforeRename() {
        throw new Error('power cut');
      },
    },
  });
  const stored = (await editor.read('healthcare.gp'))!;
  const content = applyChanges(stored.source, [{ path: ['answer', 'uk'], value: 'Нова відповідь' }]);
  await expect(editor.submit({ id: 'healthcare.gp', content, baseVersion: stored.version, action: 'edit', author: { name: 'olena', role: 'editor' } })).rejects.toThrow('power cut');
  expect(readFileSync(GP(), 'utf8')).toBe(stored.source);
  expect(await audit.count()).toBe(0);
  expect(store!.current().get('healthcare.gp')?.answer.uk).toBe(stored.entry!.answer.uk);
  db.close();
});
