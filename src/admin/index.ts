/**
 * The volunteers' pages under /admin. (Seam for issue 4: the admin router is built here from the parts
 * of the running application it needs.)
 */
import { Router } from 'express';
import type { Db } from '../storage/database';
import type { KnowledgeStore } from '../knowledge/knowledge-store';
import type { InboxStore } from '../storage/inbox-store';
import type { FeedbackStore } from '../storage/feedback-store';
import type { SearchIndex } from '../search/search-index';
import type { Logger } from '../logger';

export interface AdminDeps {
  db: Db;
  knowledge: KnowledgeStore;
  inbox: InboxStore;
  feedback: FeedbackStore;
  search: () => SearchIndex;
  logger: Logger;
  requireReview: boolean;
  retentionDays: number;
  /** Set when the app is served over HTTPS (cookies get `Secure`). */
  secureCookies: boolean;
  now?: () => Date;
}

export function createAdminRouter(_deps: AdminDeps): Router {
  return Router();
}
