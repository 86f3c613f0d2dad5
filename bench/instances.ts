/**
 * The servers a benchmark runs against, each in a child process (bench/http-server.ts) so the load
 * comes from another process. A setup is written `<instances>[pg][w<search workers>]`: `1` is one
 * instance as `npm start` runs it (SQLite), `1w0` the same without search worker threads, `1pg` one
 * instance on PostgreSQL, `2pg` two instances on one PostgreSQL (behind no proxy: the load generator
 * sends to each in turn, as a round-robin balancer would).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { benchDatabase, type BenchDatabase } from './postgres';

export interface Setup {
  name: string;
  instances: number;
  postgres: boolean;
  /** SEARCH_WORKERS for each instance; undefined keeps the app's default. */
  searchWorkers?: number;
}

export function parseSetup(spec: string): Setup {
  const m = /^([1-4])(pg)?(?:w(\d))?$/.exec(spec.trim());
  if (!m) throw new Error(`setup "${spec}": write <instances>[pg][w<workers>], e.g. 1, 1w0, 1w2, 2pg, 2pgw1`);
  const instances = Number(m[1]);
  return {
    name: spec.trim(),
    instances,
    // Several instances share their state only through PostgreSQL.
    postgres: Boolean(m[2]) || instances > 1,
    ...(m[3] !== undefined ? { searchWorkers: Number(m[3]) } : {}),
  };
}

export function describeSetup(s: Setup): string {
  const store = s.postgres ? 'PostgreSQL' : 'SQLite';
  const workers = s.searchWorkers === undefined ? 'default search workers' : `SEARCH_WORKERS=${s.searchWorkers}`;
  return `${s.instances} instance${s.instances > 1 ? 's' : ''}, ${store}, ${workers}`;
}

export function startChild(mode: 'app' | 'bare', env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number }> {
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": where a server's time goes (Node refuses
  // --cpu-prof in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(__dirname, 'http-server.ts'), mode], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

export interface Running {
  bases: string[];
  /** The instances' process ids (their worker threads are inside them). */
  pids: number[];
  database?: BenchDatabase;
  stop(): Promise<void>;
}

const SECRET = 'bench-pseudonym-secret-0123456789abcdef';

export async function startSetup(setup: Setup): Promise<Running> {
  const database = setup.postgres ? await benchDatabase() : undefined;
  const env: Record<string, string> = {
    PSEUDONYM_SECRET: SECRET,
    ...(database ? { DATABASE_URL: database.url } : { DATABASE_URL: '' }),
    ...(setup.searchWorkers !== undefined ? { SEARCH_WORKERS: String(setup.searchWorkers) } : {}),
  };
  const started: Array<{ child: ChildProcess; port: number }> = [];
  try {
    // One after the other: the first creates the tables, the others find them.
    for (let i = 0; i < setup.instances; i++) started.push(await startChild('app', env));
  } catch (err) {
    for (const { child } of started) child.kill('SIGTERM');
    await database?.close();
    throw err;
  }
  const children = started.map((s) => s.child);
  return {
    bases: started.map((s) => `http://127.0.0.1:${s.port}`),
    pids: children.map((c) => c.pid!),
    ...(database ? { database } : {}),
    async stop() {
      await Promise.all(children.map((c) => new Promise<void>((done) => (c.exitCode !== null ? done() : (c.once('exit', () => done()), c.kill('SIGTERM'))))));
      await database?.close();
    },
  };
}
