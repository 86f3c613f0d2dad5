/**
 * A PostgreSQL database for the bench's several-instances setups, dropped afterwards. With DATABASE_URL
 * set, a fresh database on that server; without it, a throw-away cluster started exactly as CI starts
 * one (.ci/postgres.sh: initdb and pg_ctl in a temporary folder, a free port), stopped when the bench
 * ends — also when it dies, since the script waits on our pipe.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

export interface BenchDatabase {
  url: string;
  /** Where it came from, for the report. */
  origin: string;
  close(): Promise<void>;
}

async function onServer(serverUrl: string): Promise<BenchDatabase> {
  const name = `prykhystok_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), origin: `database ${name} on DATABASE_URL's server`, close: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function throwAway(): Promise<BenchDatabase> {
  const script = path.resolve(__dirname, '../.ci/postgres.sh');
  // The cluster lives as long as this shell, and the shell until our end of the pipe closes.
  const shell = spawn('bash', ['-c', `source '${script}' && echo "URL $DATABASE_URL" && cat >/dev/null`], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    shell.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /^URL (\S+)$/m.exec(out);
      if (!m) return;
      resolve({
        url: m[1]!,
        origin: 'a throw-away cluster (.ci/postgres.sh)',
        close: () =>
          new Promise<void>((done) => {
            shell.once('exit', () => done());
            shell.stdin.end();
          }),
      });
    });
    shell.once('exit', (code) => reject(new Error(`.ci/postgres.sh exited with ${code} before PostgreSQL was up`)));
  });
}

export function benchDatabase(): Promise<BenchDatabase> {
  const server = process.env.DATABASE_URL?.trim();
  return server ? onServer(server) : throwAway();
}
