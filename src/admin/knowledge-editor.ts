/**
 * The only way the admin changes knowledge files. A change is validated with the same schema and checks
 * as `kb check`, refused when the file changed since the volunteer opened it (by version), written
 * atomically, recorded in the audit log, and made live with KnowledgeStore.reload(). When the deployment
 * requires review, an editor's change waits in the database until a reviewer approves it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KnowledgeStore } from '../knowledge/knowledge-store';
import { checkPlaces, crossCheck, entryPath } from '../knowledge/load-directory';
import { parseEntry } from '../knowledge/parse-entry';
import type { KnowledgeProblem } from '../knowledge/problems';
import { LocalSaveLock, type KnowledgeSaveLock } from '../knowledge/save-lock';
import type { KnowledgeEntry } from '../knowledge/schema';
import type { InboxStore } from '../storage/inbox-store';
import { writeFileAtomic, type AtomicWriteHooks } from './atomic-write';
import { changedFields } from './changed-fields';
import type { AuditAction, AuditLog, AuditRecord } from './audit-log';
import { versionOf } from './entry-yaml';
import { unifiedDiff } from './line-diff';
import type { PendingStore } from './pending-store';
import { allows, type Role } from './roles';

const MAX_FILE_BYTES = 200 * 1024;

export interface Author {
  name: string;
  role: Role;
}

export interface ChangeRequest {
  id: string;
  content: string;
  /** Version of the file the volunteer started from; null when creating an entry. */
  baseVersion: string | null;
  action: AuditAction;
  author: Author;
  /** Inbox questions this change answers: marked "added" now, reopened if a reviewer rejects the change. */
  inboxIds?: number[];
}

export type ChangeResult =
  | { kind: 'live'; auditId: number; reloaded: boolean; problems: KnowledgeProblem[] }
  | { kind: 'pending'; pendingId: number }
  | { kind: 'unchanged' }
  | { kind: 'conflict'; latest?: AuditRecord }
  | { kind: 'invalid'; problems: KnowledgeProblem[] }
  | { kind: 'exists' }
  | { kind: 'missing' };

export interface StoredEntry {
  source: string;
  version: string;
  entry?: KnowledgeEntry;
  problems: KnowledgeProblem[];
}

export interface EditorDeps {
  knowledge: KnowledgeStore;
  audit: AuditLog;
  pending: PendingStore;
  inbox: InboxStore;
  requireReview: boolean;
  now: () => Date;
  hooks?: AtomicWriteHooks;
  /** One save at a time: in this process (the default), or across instances sharing the folder. */
  lock?: KnowledgeSaveLock;
}

export class KnowledgeEditor {
  private readonly lock: KnowledgeSaveLock;

  constructor(private readonly deps: EditorDeps) {
    this.lock = deps.lock ?? new LocalSaveLock();
  }

  get root(): string {
    return this.deps.knowledge.dir;
  }

  fileOf(id: string): string {
    return entryPath(this.root, id);
  }

  /** The file as it is on disk now, with its version. */
  async read(id: string): Promise<StoredEntry | undefined> {
    let source: string;
    try {
      source = await fs.readFile(this.fileOf(id), 'utf8');
    } catch {
      return undefined;
    }
    const parsed = parseEntry(this.displayName(id), source);
    return { source, version: versionOf(source), ...(parsed.entry ? { entry: parsed.entry } : {}), problems: parsed.problems };
  }

  private displayName(id: string): string {
    const full = this.fileOf(id);
    return path.relative(this.root, full) || full;
  }

  /** Validates a file's text as `kb check` would, against the other entries in memory. */
  validate(id: string, content: string): { entry?: KnowledgeEntry; problems: KnowledgeProblem[] } {
    const file = this.displayName(id);
    if (Buffer.byteLength(content, 'utf8') > MAX_FILE_BYTES) {
      return { problems: [{ file, line: 1, severity: 'error', message: `the file would be larger than ${MAX_FILE_BYTES / 1024} KB` }] };
    }
    const parsed = parseEntry(file, content);
    if (!parsed.entry) return { problems: parsed.problems };
    const entry = parsed.entry;
    if (entry.id !== id) {
      return { problems: [...parsed.problems, { file, line: parsed.lineOf(['id']), severity: 'error', message: `id "${entry.id}" does not match the file; it must be "${id}"` }] };
    }
    const kb = this.deps.knowledge.current();
    const others = kb.entries.filter((e) => e.id !== id);
    const files = new Map([[id, file]]);
    const lines = new Map([[id, parsed.lineOf]]);
    const cross = crossCheck([...others, entry], files, lines).filter((p) => p.file === file);
    // A variant for a code the municipalities list does not have would save, then fail the reload.
    const places = checkPlaces([entry], files, lines, kb.municipalities);
    const problems = [...parsed.problems, ...cross, ...places];
    return problems.some((p) => p.severity === 'error') ? { problems } : { entry, problems };
  }

  /** Saves a change: live at once, or waiting for review when the deployment asks for it and the author is an editor. */
  async submit(request: ChangeRequest): Promise<ChangeResult> {
    const needsReview = this.deps.requireReview && !allows(request.author.role, 'reviewer');
    if (!needsReview) {
      const result = await this.apply(request, null);
      if (result.kind === 'live' && request.inboxIds?.length) await this.deps.inbox.setStatus(request.inboxIds, 'added');
      return result;
    }
    return this.lock.exclusive(async () => {
      const checked = await this.check(request);
      if ('kind' in checked) return checked;
      const pendingId = await this.deps.pending.add({
        entryId: request.id,
        action: request.action,
        baseVersion: request.baseVersion,
        content: request.content,
        summary: checked.summary,
        inboxIds: request.inboxIds ?? [],
        createdBy: request.author.name,
        createdAt: this.deps.now().getTime(),
      });
      if (request.inboxIds?.length) await this.deps.inbox.setStatus(request.inboxIds, 'added');
      return { kind: 'pending', pendingId } as const;
    });
  }

  /** A reviewer's approval: applies the waiting change unless the entry changed since it was made. */
  async approve(pendingId: number, reviewer: Author): Promise<ChangeResult | { kind: 'gone' }> {
    const change = await this.deps.pending.get(pendingId);
    if (!change || change.status !== 'pending') return { kind: 'gone' };
    const result = await this.apply(
      { id: change.entryId, content: change.content, baseVersion: change.baseVersion, action: change.action, author: { name: change.createdBy, role: 'editor' } },
      reviewer.name,
    );
    if (result.kind === 'live' || result.kind === 'unchanged') await this.deps.pending.decide(pendingId, 'approved', reviewer.name, this.deps.now().getTime());
    return result;
  }

  async reject(pendingId: number, reviewer: Author): Promise<boolean> {
    const change = await this.deps.pending.get(pendingId);
    if (!change || !(await this.deps.pending.decide(pendingId, 'rejected', reviewer.name, this.deps.now().getTime()))) return false;
    if (change.inboxIds.length) await this.deps.inbox.setStatus(change.inboxIds, 'open');
    return true;
  }

  /** Version and validity checks shared by saving and proposing. */
  private async check(request: ChangeRequest): Promise<ChangeResult | { current?: StoredEntry; entry: KnowledgeEntry; summary: string }> {
    const current = await this.read(request.id);
    if (request.baseVersion === null) {
      if (current || this.deps.knowledge.current().has(request.id)) return { kind: 'exists' };
    } else {
      if (!current) return { kind: 'missing' };
      if (current.version !== request.baseVersion) {
        const latest = await this.deps.audit.latest(request.id);
        return { kind: 'conflict', ...(latest ? { latest } : {}) };
      }
      if (current.source === request.content) return { kind: 'unchanged' };
    }
    const validated = this.validate(request.id, request.content);
    if (!validated.entry) return { kind: 'invalid', problems: validated.problems };
    const fields = changedFields(current?.entry, validated.entry);
    const summary = request.action === 'create' ? 'new entry' : fields.length ? fields.join(', ') : 'layout only';
    return { ...(current ? { current } : {}), entry: validated.entry, summary };
  }

  private apply(request: ChangeRequest, approvedBy: string | null): Promise<ChangeResult> {
    return this.lock.exclusive(async ({ wrote, stillHeld }) => {
      const checked = await this.check(request);
      if ('kind' in checked) return checked;
      const file = this.fileOf(request.id);
      // The last moment before the file changes: a lock lost since the check (another instance may have
      // saved this entry meanwhile) refuses the save with nothing written, instead of undoing the other.
      const hooks = this.deps.hooks;
      await writeFileAtomic(file, request.content, {
        beforeRename: async (temp) => {
          await hooks?.beforeRename?.(temp);
          await stillHeld();
        },
      });
      wrote();
      const before = checked.current?.source ?? null;
      const auditId = await this.deps.audit.record({
        at: this.deps.now().getTime(),
        userName: request.author.name,
        approvedBy,
        entryId: request.id,
        action: request.action,
        summary: checked.summary,
        diff: unifiedDiff(before ?? '', request.content, { a: before === null ? '/dev/null' : `${request.id} (before)`, b: `${request.id} (after)` }),
        before,
        after: request.content,
      });
      const reload = await this.deps.knowledge.reload();
      return { kind: 'live', auditId, reloaded: reload.ok, problems: reload.ok ? [] : reload.problems.filter((p) => p.severity === 'error') } as const;
    });
  }
}
