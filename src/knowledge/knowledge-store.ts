/**
 * The live knowledge: a snapshot swapped whole on reload, so a volunteer's edit is live at once and a
 * broken file never replaces good knowledge in memory.
 */
import { loadKnowledgeDirectory } from './load-directory';
import type { KnowledgeBase } from './knowledge-base';
import type { KnowledgeProblem } from './problems';

export interface ReloadResult {
  ok: boolean;
  problems: KnowledgeProblem[];
  entries: number;
}

export class KnowledgeStore {
  private snapshot: KnowledgeBase;
  private readonly listeners: Array<(kb: KnowledgeBase) => void> = [];
  private queue: Promise<unknown> = Promise.resolve();
  lastError: { at: string; problems: KnowledgeProblem[] } | undefined;
  loadedAt = new Date();

  private constructor(
    readonly dir: string,
    initial: KnowledgeBase,
  ) {
    this.snapshot = initial;
  }

  /** Loads the directory; fails (with the problems) when it has errors, as there is nothing to serve. */
  static async open(dir: string): Promise<{ store?: KnowledgeStore; problems: KnowledgeProblem[] }> {
    const { knowledge, problems } = await loadKnowledgeDirectory(dir);
    return knowledge ? { store: new KnowledgeStore(dir, knowledge), problems } : { problems };
  }

  current(): KnowledgeBase {
    return this.snapshot;
  }

  onChange(listener: (kb: KnowledgeBase) => void): void {
    this.listeners.push(listener);
  }

  /** Re-reads the directory. Reloads run one at a time, so the last call always sees the latest files. */
  reload(): Promise<ReloadResult> {
    const run = this.queue.then(() => this.doReload());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async doReload(): Promise<ReloadResult> {
    const { knowledge, problems } = await loadKnowledgeDirectory(this.dir);
    if (!knowledge) {
      this.lastError = { at: new Date().toISOString(), problems: problems.filter((p) => p.severity === 'error') };
      return { ok: false, problems, entries: this.snapshot.size };
    }
    // A volunteer's save reloads at once, and the folder's watcher reloads the same files again a moment
    // later: knowledge that did not change is not swapped, so indexes and workers are not rebuilt for it.
    if (sameKnowledge(knowledge, this.snapshot)) {
      this.lastError = undefined;
      return { ok: true, problems, entries: knowledge.size };
    }
    this.snapshot = knowledge;
    this.loadedAt = new Date();
    this.lastError = undefined;
    for (const l of this.listeners) l(knowledge);
    return { ok: true, problems, entries: knowledge.size };
  }
}

function sameKnowledge(a: KnowledgeBase, b: KnowledgeBase): boolean {
  return JSON.stringify(a.entries) === JSON.stringify(b.entries) && JSON.stringify(a.municipalities.all) === JSON.stringify(b.municipalities.all);
}
