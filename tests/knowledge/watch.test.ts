import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KnowledgeStore } from '../../src/knowledge/knowledge-store';
import { watchDirectory } from '../../src/knowledge/watch';

describe('someone edits a knowledge file on disk while the bot runs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kb-watch-'));
    cpSync(path.resolve(__dirname, '../../knowledge'), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the bot picks the change up without a restart', async () => {
    const { store } = await KnowledgeStore.open(dir);
    const reloaded = new Promise<void>((resolve) => store!.onChange(() => resolve()));
    const watcher = watchDirectory(dir, () => void store!.reload(), 50);
    try {
      const file = path.join(dir, 'healthcare/gp.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^reviewed: .*$/m, 'reviewed: 2026-11-01'));
      await reloaded;
      expect(store!.current().get('healthcare.gp')!.reviewed).toBe('2026-11-01');
    } finally {
      watcher.close();
    }
  });

  it('files written again unchanged (a save the watcher then sees too) do not rebuild the knowledge', async () => {
    const { store } = await KnowledgeStore.open(dir);
    const changes: string[] = [];
    store!.onChange((kb) => changes.push(kb.get('healthcare.gp')!.reviewed));
    const file = path.join(dir, 'healthcare/gp.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^reviewed: .*$/m, 'reviewed: 2026-11-02'));
    expect(await store!.reload()).toMatchObject({ ok: true });
    writeFileSync(file, readFileSync(file, 'utf8'));
    expect(await store!.reload()).toMatchObject({ ok: true });
    expect(changes).toEqual(['2026-11-02']);
    expect(store!.current().get('healthcare.gp')!.reviewed).toBe('2026-11-02');
  });
});
