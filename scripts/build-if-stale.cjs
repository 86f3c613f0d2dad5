#!/usr/bin/env node
/**
 * Compiles src/ into dist/ only when it is out of date, so `npm start` on a built tree starts at once
 * (type-checking the whole program takes tsc 10–50 s on a small machine even when nothing changed).
 *
 * Out of date means: no dist/src/main.js, no stamp from a finished build, or a newer file (or folder:
 * a file added, deleted or renamed changes it) under src/ or among the tsconfigs than the stamp. The
 * stamp gets the time the build *started*, so a file saved during a build is built next time.
 *
 * The data files under src/ (YAML: the safety words and patterns, the chat words) are read by the code
 * next to itself, so the build copies them into dist/src/ beside the compiled JavaScript.
 *
 * Usage: node scripts/build-if-stale.cjs [--always]   (plain JavaScript: it runs before anything is built)
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
const ENTRY = path.join(ROOT, 'dist', 'src', 'main.js');
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'].map((f) => path.join(ROOT, f));
/** What tsc reads from src/, and the data files copied with it (static web files are served as they are). */
const SOURCE = /\.(?:[cm]?ts|tsx|json|ya?ml)$/;
const DATA = /\.ya?ml$/;
/** Say that the build is still running this often, so a slow machine does not look stuck. */
const HEARTBEAT_MS = 15_000;

function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The newest modification time of the sources and the folders holding them. */
function newestSource(dir) {
  let newest = mtimeMs(dir) ?? 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (SOURCE.test(item.name)) newest = Math.max(newest, mtimeMs(full) ?? 0);
  }
  return newest;
}

/** Copies the data files under `from` to the same places under `to`. */
function copyData(from, to) {
  for (const item of fs.readdirSync(from, { withFileTypes: true })) {
    const full = path.join(from, item.name);
    if (item.isDirectory()) copyData(full, path.join(to, item.name));
    else if (DATA.test(item.name)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(full, path.join(to, item.name));
    }
  }
}

/** Why a build is needed, or undefined when dist/ is up to date. */
function staleReason() {
  const built = mtimeMs(STAMP);
  if (built === undefined || mtimeMs(ENTRY) === undefined) return 'first';
  const configs = Math.max(...CONFIGS.map((f) => mtimeMs(f) ?? 0));
  return Math.max(configs, newestSource(path.join(ROOT, 'src'))) > built ? 'changed' : undefined;
}

function build(reason) {
  const started = new Date();
  const t0 = Date.now();
  console.error(
    reason === 'first'
      ? 'building… (first start only): compiling src/ into dist/; this can take a minute on a small machine'
      : reason === 'changed'
        ? 'building… (the sources changed since the last build)'
        : 'building…',
  );
  // Without its output, tsc's incremental record would say there is nothing to emit.
  if (mtimeMs(ENTRY) === undefined) fs.rmSync(path.join(ROOT, 'dist', '.tsbuildinfo'), { force: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const child = spawn(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  const heartbeat = setInterval(() => console.error(`still building… ${Math.round((Date.now() - t0) / 1000)} s`), HEARTBEAT_MS);
  child.on('exit', (code, signal) => {
    clearInterval(heartbeat);
    if (code !== 0) {
      console.error(`the build failed (${signal ?? `exit ${code}`}): fix the errors above, then start again`);
      process.exit(code || 1);
    }
    copyData(path.join(ROOT, 'src'), path.join(ROOT, 'dist', 'src'));
    fs.writeFileSync(STAMP, `${started.toISOString()}\n`);
    fs.utimesSync(STAMP, started, started);
    console.error(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });
}

const reason = process.argv.includes('--always') ? 'asked' : staleReason();
if (reason) build(reason);
