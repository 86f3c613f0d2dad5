/**
 * How the command-line tools write and end. Writes to a pipe are asynchronous in Node, and process.exit()
 * drops whatever the pipe has not taken yet (64 KiB): `kb export | jq` got cut JSON. So a command sets
 * the exit code and lets Node end once stdout is drained.
 */
import { once } from 'node:events';

/** Writes to stdout and waits while the reader is behind, so a long output is not all held in memory. */
export async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

/**
 * Runs a command's main function; its result (or onError's) is the exit code. A reader that stops early
 * (`kb export | head`) closes the pipe: that ends the command quietly, as other Unix tools do.
 */
export function runCommand(main: () => Promise<number>, onError: (err: unknown) => number): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.exitCode = onError(err);
    },
  );
}
