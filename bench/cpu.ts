/**
 * CPU time the bench's processes used, read from /proc (Linux): the figure that stays meaningful on a
 * machine others are using too. Requests per second fall when another job takes a core; the CPU
 * milliseconds one message costs do not, and 2 cores ÷ that cost is the most this setup could answer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  ppid: number;
  /** utime + stime, and the same of its children that ended and were waited for, in ms. */
  own: number;
  ended: number;
}

function stat(pid: number, file = `/proc/${pid}/stat`): Stat | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    // The name (field 2) may hold spaces; the fields after it are plain numbers.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ').map(Number);
    const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;
    return { ppid: f[1]!, own: ms(f[11]! + f[12]!), ended: ms(f[13]! + f[14]!) };
  } catch {
    return undefined;
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/**
 * CPU ms of these processes so far: all their threads, and their main threads alone (the JavaScript
 * event loop, which one core bounds; worker threads and V8's helpers are the rest).
 */
export function processCpuMs(pids: readonly number[]): { all: number; main: number } {
  return {
    all: pids.reduce((sum, pid) => sum + (stat(pid)?.own ?? 0), 0),
    main: pids.reduce((sum, pid) => sum + (stat(pid, `/proc/${pid}/task/${pid}/stat`)?.own ?? 0), 0),
  };
}

/** The PostgreSQL server listening on `port` on this machine, if its processes can be seen. */
export function postgresServerPid(port: number): number | undefined {
  for (const pid of allPids()) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const p = args.indexOf('-p');
      if (/postgres$/.test(args[0] ?? '') && p >= 0 && args[p + 1] === String(port)) return pid;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** CPU ms of a PostgreSQL server so far: the postmaster, its backends, and the backends that ended. */
export function postgresCpuMs(postmaster: number): number {
  const main = stat(postmaster);
  if (!main) return 0;
  let sum = main.own + main.ended;
  for (const pid of allPids()) {
    const s = pid === postmaster ? undefined : stat(pid);
    if (s?.ppid === postmaster) sum += s.own;
  }
  return sum;
}
