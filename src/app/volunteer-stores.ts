/**
 * The volunteers' data: the inbox of unanswered questions, feedback counts, admin accounts and sessions,
 * the audit log and changes waiting for review. In the instance's SQLite file by default; in PostgreSQL
 * when DATABASE_URL is set, so every instance shows and changes the same (a volunteer may be sent to any
 * instance). Each store is a port with both implementations; this only picks and migrates.
 */
import { migrate, type Db } from '../storage/database';
import type { PgPool } from '../storage/postgres';
import { migrateVolunteerTables } from '../storage/postgres-volunteers';
import { SqliteInboxStore } from '../storage/inbox-store';
import { PostgresInboxStore } from '../storage/postgres-inbox';
import { SqliteFeedbackStore } from '../storage/feedback-store';
import { PostgresFeedbackStore } from '../storage/postgres-feedback';
import { ADMIN_MIGRATIONS } from '../admin/migrations';
import { SqliteAuditLog } from '../admin/audit-log';
import { PostgresAuditLog } from '../admin/postgres-audit-log';
import { SqlitePendingStore } from '../admin/pending-store';
import { PostgresPendingStore } from '../admin/postgres-pending-store';
import type { AdminStores } from '../admin/context';
import { SqliteSessionRecords, SqliteUserRecords } from '../admin/sqlite-accounts';
import { PostgresSessionRecords, PostgresUserRecords } from '../admin/postgres-accounts';

export interface VolunteerStores extends AdminStores {
  readonly kind: 'sqlite' | 'postgres';
}

export interface VolunteerStoresOptions {
  db: Db;
  /** The shared database; without it everything stays in `db`. */
  pool?: PgPool;
  /** The clock of the inbox and feedback (tests move it). */
  now?: () => number;
}

export async function openVolunteerStores({ db, pool, now = Date.now }: VolunteerStoresOptions): Promise<VolunteerStores> {
  if (!pool) {
    migrate(db, ADMIN_MIGRATIONS, 'admin');
    return {
      kind: 'sqlite',
      inbox: new SqliteInboxStore(db, now),
      feedback: new SqliteFeedbackStore(db, now),
      audit: new SqliteAuditLog(db),
      users: new SqliteUserRecords(db),
      sessions: new SqliteSessionRecords(db),
      pending: new SqlitePendingStore(db),
    };
  }
  await migrateVolunteerTables(pool);
  return {
    kind: 'postgres',
    inbox: new PostgresInboxStore(pool, now),
    feedback: new PostgresFeedbackStore(pool, now),
    audit: new PostgresAuditLog(pool),
    users: new PostgresUserRecords(pool),
    sessions: new PostgresSessionRecords(pool),
    pending: new PostgresPendingStore(pool),
  };
}
