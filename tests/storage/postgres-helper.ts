/**
 * PostgreSQL for the tests: DATABASE_URL names a server (CI starts a throw-away one, see .ci/postgres.sh);
 * each test file gets a database of its own, created here and dropped at the end, so files running side
 * by side never see each other's rows. Without DATABASE_URL the PostgreSQL tests are skipped with a
 * message — except in CI, where that is a failure.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DATABASE_URL = process.env.DATABASE_URL?.trim() || undefined;

if (!DATABASE_URL && process.env.CI === 'true') {
  throw new Error('CI=true but DATABASE_URL is not set: the PostgreSQL tests must run in CI (.ci/run starts a server).');
}

/** `describe` when a server is there, else `describe.skip` (after saying why, once per file). */
export function describeWithPostgres(name: string, fn: () => void): void {
  if (DATABASE_URL) {
    describe(name, fn);
    return;
  }
  describe.skip(`${name} (skipped: set DATABASE_URL=postgres://… to run the PostgreSQL tests)`, fn);
  console.warn(`PostgreSQL tests skipped (${name}): no DATABASE_URL. CI runs them; locally: DATABASE_URL=postgres://… npx jest`);
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDatabase> {
  if (!DATABASE_URL) throw new Error('no DATABASE_URL');
  const name = `prykhystok_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
