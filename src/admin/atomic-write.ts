/**
 * Replaces a file so that a reader, or the bot after a crash, sees either the old content or the new,
 * never half of it: write a temporary file in the same folder, fsync it, rename it over the old one,
 * fsync the folder. The temporary name does not end in .yaml, so the knowledge loader never reads it.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteHooks {
  /** Runs after the temporary file is written and synced, before the rename (tests simulate crashes here). */
  beforeRename?(tempFile: string): void | Promise<void>;
}

const TEMP = /^\..+\.[0-9a-f]{12}\.tmp$/;

function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

export async function writeFileAtomic(file: string, content: string, hooks: AtomicWriteHooks = {}): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const mode = await fs.stat(file).then(
    (s) => s.mode & 0o777,
    () => 0o644,
  );
  const temp = tempNameFor(file);
  const handle = await fs.open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await hooks.beforeRename?.(temp);
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

/** Makes a rename durable. Some systems cannot open a folder for syncing; then there is nothing to do. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM on some platforms: the rename is still atomic, only its durability is up to the OS.
  } finally {
    await handle?.close();
  }
}

/** Removes temporary files a crash left behind in `<root>/<topic>/`, older than `minAgeMs`. */
export async function removeStaleTempFiles(root: string, minAgeMs = 60_000, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  const topics = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  for (const topic of topics) {
    if (!topic.isDirectory()) continue;
    const dir = path.join(root, topic.name);
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      if (!TEMP.test(name)) continue;
      const full = path.join(dir, name);
      const stat = await fs.stat(full).catch(() => undefined);
      if (stat && now - stat.mtimeMs >= minAgeMs) {
        await fs.rm(full, { force: true });
        removed.push(full);
      }
    }
  }
  return removed;
}
