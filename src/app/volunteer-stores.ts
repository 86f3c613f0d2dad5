/**
 * The volunteers' data: the inbox of unanswered questions, feedback counts, admin accounts and sessions,
 * the audit log and changes waiting for review, each behind an asynchronous port, in the instance's
 * SQLite file (a PostgreSQL implementation, shared by instances, can stand behind the same ports).
 */
import { migrate, type Db } from '../storage/database';
import { SqliteInboxStore } from '../storage/inbox-store';
import { SqliteFeedbackStore } from '../storage/feedback-store';
import { ADMIN_MIGRATIONS } from '../admin/migrations';
import { SqliteAuditLog } from '../admin/audit-log';
import { SqlitePendingStore } from '../admin/pending-store';
import type { AdminStores } from '../admin/context';
import { SqliteSessionRecords, SqliteUserRecords } from '../admin/sqlite-accounts';

export interface VolunteerStores extends AdminStores {
  readonly kind: 'sqlite' | 'postgres';
}

export interface VolunteerStoresOptions {
  db: Db;
  /** The clock of the inbox and feedback (tests move it). */
  now?: () => number;
}

export async function openVolunteerStores({ db, now = Date.now }: VolunteerStoresOptions): Promise<VolunteerStores> {
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
