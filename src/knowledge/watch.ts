/**
 * Reloads the knowledge when its files change on disk — edits by hand, a `git pull`, or another
 * instance's volunteers writing to a shared folder. Bursts of changes (an editor's save, a checkout) are
 * gathered into one reload.
 */
import { watch, type FSWatcher } from 'node:fs';

export function watchDirectory(dir: string, onChange: () => void, debounceMs = 500): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { recursive: true, persistent: false }, (_event, file) => {
      // Temporary files of atomic saves come and go; only YAML files matter.
      if (file && !/\.ya?ml$/.test(String(file))) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
      timer.unref();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    // Some file systems cannot be watched; SIGHUP and the admin pages still reload.
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
