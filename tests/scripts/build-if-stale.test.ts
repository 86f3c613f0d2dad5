/**
 * `npm start` builds only when the sources changed (scripts/build-if-stale.cjs): a built tree starts
 * without running tsc, and a changed, added or deleted source file is built before the server starts.
 * Runs the real script on a small TypeScript project in a temporary folder. The project declares the few
 * global types tsc needs itself (noLib) rather than reading TypeScript's ES2022 library: each of the
 * fourteen builds took tsc 1.4 s, nearly all of it spent on the library, and takes 0.25 s without it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
let dir: string;

// The stamp gets the time a build started, and each build takes tsc a fraction of a second to start and
// compile, so a file written after one is newer than its stamp.
function write(file: string, text: string): void {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

function run(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['scripts/build-if-stale.cjs', ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stderr: `${r.stderr}${r.stdout}` };
}

const built = (file = 'dist/src/main.js') => readFileSync(path.join(dir, file), 'utf8');

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'build-if-stale-'));
  mkdirSync(path.join(dir, 'scripts'));
  copyFileSync(path.join(ROOT, 'scripts/build-if-stale.cjs'), path.join(dir, 'scripts/build-if-stale.cjs'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  write('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, outDir: 'dist', rootDir: '.', types: [], noLib: true }, include: ['src'] }));
  // What tsc requires of a library: these global types must exist.
  write('src/globals.d.ts', ['Array<T>', 'Boolean', 'CallableFunction', 'Function', 'IArguments', 'NewableFunction', 'Number', 'Object', 'RegExp', 'String'].map((t) => `interface ${t} {}\n`).join(''));
  write('tsconfig.build.json', JSON.stringify({ extends: './tsconfig.json', compilerOptions: { incremental: true, tsBuildInfoFile: 'dist/.tsbuildinfo' }, include: ['src'] }));
  write('src/main.ts', "import { greeting } from './greeting';\nexport const message: string = greeting;\n");
  write('src/greeting.ts', "export const greeting = 'first';\n");
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start build check', () => {
  it('builds a fresh clone once, saying so, and leaves a built tree alone', () => {
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/building… \(first start only\)/);
    expect(first.stderr).toMatch(/built in \d+\.\d s/);
    expect(built('dist/src/greeting.js')).toContain("'first'");

    const mtime = statSync(path.join(dir, 'dist/src/main.js')).mtimeMs;
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stderr).toBe('');
    expect(statSync(path.join(dir, 'dist/src/main.js')).mtimeMs).toBe(mtime);
  });

  it('rebuilds after a source file is edited, added or deleted', () => {
    expect(run().status).toBe(0);

    write('src/greeting.ts', "export const greeting = 'edited';\n");
    const edited = run();
    expect(edited.stderr).toMatch(/building… \(the sources changed/);
    expect(built('dist/src/greeting.js')).toContain("'edited'");
    expect(run().stderr).toBe('');

    write('src/extra/added.ts', 'export const added = 1;\n');
    run();
    expect(existsSync(path.join(dir, 'dist/src/extra/added.js'))).toBe(true);

    // A deleted file changes only its folder's time; main.ts no longer compiles without it.
    unlinkSync(path.join(dir, 'src/greeting.ts'));
    const deleted = run();
    expect(deleted.status).not.toBe(0);
    expect(deleted.stderr).toMatch(/the build failed/);
  });

  it('does not count a failed build as built, and rebuilds a dist/ that lost its output', () => {
    expect(run().status).toBe(0);
    write('src/greeting.ts', 'export const greeting: number = "not a number";\n');
    expect(run().status).not.toBe(0);
    // Still out of date: the next start tries again and fails again, rather than running old code.
    expect(run().stderr).toMatch(/building…/);

    write('src/greeting.ts', "export const greeting = 'fixed';\n");
    expect(run().status).toBe(0);
    rmSync(path.join(dir, 'dist/src'), { recursive: true });
    const rebuilt = run();
    expect(rebuilt.stderr).toMatch(/first start only/);
    expect(built('dist/src/greeting.js')).toContain("'fixed'");
  });

  it('ships the data files under src/ (YAML) beside the compiled code, and rebuilds when one is edited', () => {
    write('src/words/cues.yaml', 'words: [first]\n');
    expect(run().status).toBe(0);
    expect(built('dist/src/words/cues.yaml')).toBe('words: [first]\n');

    write('src/words/cues.yaml', 'words: [edited]\n');
    expect(run().stderr).toMatch(/building… \(the sources changed/);
    expect(built('dist/src/words/cues.yaml')).toBe('words: [edited]\n');
  });

  it('builds every time with --always (npm run build)', () => {
    expect(run().status).toBe(0);
    expect(run('--always').stderr).toMatch(/building…/);
  });
});
