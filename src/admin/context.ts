/** What every admin handler works with: the app's parts, the admin's own stores, and who is asking. */
import type { Request, Response } from 'express';
import type { KnowledgeStore } from '../knowledge/knowledge-store';
import type { KnowledgeSaveLock } from '../knowledge/save-lock';
import type { InboxStore } from '../storage/inbox-store';
import type { FeedbackStore } from '../storage/feedback-store';
import type { SearchIndex } from '../search/search-index';
import type { Logger } from '../logger';
import type { AuditLog } from './audit-log';
import type { KnowledgeEditor } from './knowledge-editor';
import type { PendingStore } from './pending-store';
import type { Session, SessionRecords, SessionStore } from './sessions';
import type { AdminUser, UserRecords, UserStore } from './users';
import type { ScryptCost } from './passwords';
import type { Frame } from './pages/layout';
import { allows } from './roles';

/** Where the volunteers' data is kept: the instance's SQLite file, or PostgreSQL shared by instances. */
export interface AdminStores {
  inbox: InboxStore;
  feedback: FeedbackStore;
  audit: AuditLog;
  users: UserRecords;
  sessions: SessionRecords;
  pending: PendingStore;
}

export interface AdminDeps {
  stores: AdminStores;
  knowledge: KnowledgeStore;
  /** One save at a time (across instances when they share PostgreSQL); a queue in this process if not given. */
  knowledgeLock?: KnowledgeSaveLock;
  search: () => SearchIndex;
  logger: Logger;
  requireReview: boolean;
  retentionDays: number;
  /**
   * Set when the app is always served over HTTPS (PUBLIC_URL): every cookie gets `Secure`. Otherwise each
   * request decides (`req.secure`, from a proxy TRUST_PROXY trusts).
   */
  secureCookies: boolean;
  now?: () => Date;
  /** The scrypt cost of new password hashes (default SCRYPT_COST; see AppOptions.passwordCost). */
  passwordCost?: ScryptCost;
}

export interface AdminServices {
  deps: AdminDeps;
  inbox: InboxStore;
  feedback: FeedbackStore;
  users: UserStore;
  sessions: SessionStore;
  audit: AuditLog;
  pending: PendingStore;
  editor: KnowledgeEditor;
  now(): Date;
}

export interface Visitor {
  user: AdminUser;
  session: Session;
  token: string;
}

export type Handler = (req: Request, res: Response, visitor: Visitor | undefined) => void | Promise<void>;
export type SignedInHandler = (req: Request, res: Response, visitor: Visitor) => void | Promise<void>;

/** The page frame for a signed-in volunteer; takes (and clears) the one-time message when asked to. */
export async function frameFor(services: AdminServices, visitor: Visitor, options: { takeFlash?: boolean } = {}): Promise<Frame> {
  const flash = options.takeFlash ? visitor.session.flash : null;
  const reviewer = allows(visitor.user.role, 'reviewer');
  const [inbox, review] = await Promise.all([
    services.inbox.count('open'),
    reviewer ? services.pending.count() : undefined,
    flash ? services.sessions.setFlash(visitor.session, null) : undefined,
  ]);
  return {
    user: visitor.user,
    csrf: visitor.session.csrf,
    flash,
    counts: { inbox, ...(review !== undefined ? { review } : {}) },
  };
}

export function flash(services: AdminServices, visitor: Visitor, message: string): Promise<void> {
  return services.sessions.setFlash(visitor.session, message);
}
