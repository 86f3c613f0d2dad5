/**
 * The two places the volunteers' data can live, for contract tests that run the same cases on both: the
 * SQLite file of one instance, and PostgreSQL shared by instances. Each case gets empty stores and a
 * second handle on the same data (for PostgreSQL another pool: what another instance would have).
 * Call `volunteerBackends()` at the top of a test file: it registers the hooks that create and drop the
 * file's PostgreSQL database.
 */
import { openMemoryDatabase } from '../../src/storage/database';
import { openPostgres, type PgPool } from '../../src/storage/postgres';
import { openVolunteerStores, type VolunteerStores } from '../../src/app/volunteer-stores';
import { DATABASE_URL, freshDatabase, type TestDatabase } from './postgres-helper';

export interface VolunteerSubject {
  stores: VolunteerStores;
  /** The same data through another handle (another instance on PostgreSQL). */
  other: VolunteerStores;
}

export type OpenVolunteers = (now?: () => number) => Promise<VolunteerSubject>;

export function volunteerBackends(): Array<[string, OpenVolunteers]> {
  let database: TestDatabase | undefined;
  const pools: PgPool[] = [];
  beforeAll(async () => {
    if (!DATABASE_URL) return;
    database = await freshDatabase();
    pools.push(await openPostgres(database.url, { max: 8 }), await openPostgres(database.url, { max: 8 }));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await database?.drop();
  });

  const sqlite: OpenVolunteers = async (now) => {
    const db = openMemoryDatabase();
    const stores = await openVolunteerStores({ db, ...(now ? { now } : {}) });
    return { stores, other: await openVolunteerStores({ db, ...(now ? { now } : {}) }) };
  };
  const postgres: OpenVolunteers = async (now) => {
    const [a, b] = pools;
    if (!a || !b) throw new Error('no PostgreSQL');
    const stores = await openVolunteerStores({ db: openMemoryDatabase(), pool: a, ...(now ? { now } : {}) });
    await a.query('TRUNCATE inbox, feedback, admin_users, admin_sessions, admin_audit, admin_pending RESTART IDENTITY CASCADE');
    return { stores, other: await openVolunteerStores({ db: openMemoryDatabase(), pool: b, ...(now ? { now } : {}) }) };
  };
  if (!DATABASE_URL) console.warn('volunteer stores contract: PostgreSQL skipped (no DATABASE_URL); CI runs it.');
  return DATABASE_URL ? [['SQLite', sqlite], ['PostgreSQL', postgres]] : [['SQLite', sqlite]];
}
