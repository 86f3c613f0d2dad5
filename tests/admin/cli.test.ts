/** `npm run admin -- create-user NAME --role …` with the password on stdin, against DATA_DIR. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/storage/database';
import { UserStore } from '../../src/admin/users';
import { SqliteUserRecords } from '../../src/admin/sqlite-accounts';
import { ROOT } from './helpers';

function run(args: string[], stdin: string, dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/admin.ts'), ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir } }); // the SQLite file, even where CI sets DATABASE_URL
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

test('creates an account whose password (from stdin) signs in; refuses weak passwords and bad roles', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'prykhystok-cli-'));
  try {
    const created = await run(['create-user', 'Olena', '--role', 'reviewer'], 'a very good password\n', dataDir);
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining('created Olena (reviewer)') });
    expect(created.stdout).not.toContain('a very good password');

    const weak = await run(['create-user', 'Petro', '--role', 'editor'], 'short\n', dataDir);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('at least 12 characters');
    const role = await run(['create-user', 'Petro', '--role', 'boss'], 'a very good password\n', dataDir);
    expect(role.code).toBe(1);
    expect(role.stderr).toContain('--role must be one of editor, reviewer, admin');

    const db = openDatabase(dataDir);
    try {
      const users = new UserStore(new SqliteUserRecords(db));
      expect(await users.authenticate('Olena', 'a very good password')).toMatchObject({ name: 'Olena', role: 'reviewer' });
      expect(await users.authenticate('olena', 'a very good password')).toBeDefined(); // names ignore case
      expect(await users.byName('Petro')).toBeUndefined();
    } finally {
      db.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 30_000);
