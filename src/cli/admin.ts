#!/usr/bin/env node
/**
 * Volunteers' accounts from a shell, on the database the app uses: PostgreSQL when DATABASE_URL is set
 * (shared by every instance), else the SQLite file in DATA_DIR (default ./data):
 *   npm run admin -- create-user NAME --role editor|reviewer|admin   (password on stdin)
 *   npm run admin -- set-password NAME                               (password on stdin)
 *   npm run admin -- unlock NAME | disable NAME | enable NAME | list-users
 * The password is read from stdin (first line), so it never appears in the shell history or `ps`.
 */
import path from 'node:path';
import { migrate, openDatabase } from '../storage/database';
import { openPostgres } from '../storage/postgres';
import { migrateVolunteerTables } from '../storage/postgres-volunteers';
import { ADMIN_MIGRATIONS } from '../admin/migrations';
import { UserError, UserStore } from '../admin/users';
import { SqliteUserRecords } from '../admin/sqlite-accounts';
import { PostgresUserRecords } from '../admin/postgres-accounts';
import { isRole, ROLES } from '../admin/roles';

const USAGE = `usage:
  npm run admin -- create-user NAME --role ${ROLES.join('|')}   (password on stdin)
  npm run admin -- set-password NAME                        (password on stdin)
  npm run admin -- unlock NAME | disable NAME | enable NAME | list-users`;

/** The first line of stdin; on a terminal, asked for without echo. */
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    process.stderr.write('Password: ');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    return new Promise((resolve, reject) => {
      let value = '';
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            stdin.setRawMode(false);
            stdin.pause();
            stdin.off('data', onData);
            process.stderr.write('\n');
            resolve(value);
            return;
          }
          if (ch === '\u0003') {
            stdin.setRawMode(false);
            reject(new UserError('cancelled'));
            return;
          }
          if (ch === '\u007f') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on('data', onData);
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(chunk as Buffer);
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '');
}

/** The accounts where the app keeps them; `where` names the place without the URL (it holds a password). */
async function openAccounts(): Promise<{ users: UserStore; where: string; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new UserError('DATABASE_URL must start with postgres:// (or postgresql://)');
    const pool = await openPostgres(url, { max: 2 });
    try {
      await migrateVolunteerTables(pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    return { users: new UserStore(new PostgresUserRecords(pool)), where: 'the shared PostgreSQL database (DATABASE_URL)', close: () => pool.end() };
  }
  const dataDir = path.resolve(process.env.DATA_DIR || './data');
  const db = openDatabase(dataDir);
  try {
    migrate(db, ADMIN_MIGRATIONS, 'admin');
  } catch (err) {
    db.close();
    throw err;
  }
  return { users: new UserStore(new SqliteUserRecords(db)), where: dataDir, close: async () => void db.close() };
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--');
  const [command, name] = args;
  const roleAt = args.indexOf('--role');
  const role = roleAt >= 0 ? args[roleAt + 1] : undefined;
  const { users, where, close } = await openAccounts();
  try {
    const target = async () => {
      const user = name ? await users.byName(name) : undefined;
      if (!user) throw new UserError(`no account is named "${name ?? ''}"`);
      return user;
    };
    switch (command) {
      case 'create-user': {
        if (!name || name.startsWith('--')) throw new UserError(USAGE);
        if (!isRole(role)) throw new UserError(`--role must be one of ${ROLES.join(', ')}`);
        const user = await users.create(name, role, await readPassword());
        console.log(`created ${user.name} (${user.role}) in ${where}`);
        return 0;
      }
      case 'set-password':
        if (!name) throw new UserError(USAGE);
        await target();
        await users.setPassword(name, await readPassword());
        console.log(`password of ${name} changed; their sessions are closed`);
        return 0;
      case 'unlock':
        await users.unlock((await target()).id);
        console.log(`${name} unlocked`);
        return 0;
      case 'disable':
      case 'enable':
        await users.setDisabled((await target()).id, command === 'disable');
        console.log(`${name} ${command}d`);
        return 0;
      case 'list-users':
        for (const u of await users.list()) console.log(`${u.name}\t${u.role}${u.disabled ? '\tdisabled' : ''}${u.lockedUntil > Date.now() ? '\tlocked' : ''}`);
        return 0;
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UserError) {
      console.error(`admin: ${err.message}`);
      process.exit(1);
    }
    console.error(err);
    process.exit(2);
  },
);
