/**
 * `npm run --silent kb -- export | jq …`: the command-line tools deliver their whole output into a pipe
 * whose reader is slower than they are. A pipe holds 64 KiB; what did not fit was lost when the command
 * exited right after writing. Each command runs in a real shell pipeline and the reader's copy is parsed.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { LANGUAGES } from '../../src/knowledge/languages';

const ROOT = path.resolve(__dirname, '../..');
const PIPE_CAPACITY = 64 * 1024;

/**
 * A reader that takes the first chunk, then stops reading for a while (as `less` or a busy `jq` would),
 * then copies the rest to its own output.
 */
const SLOW_READER = `
  const chunks = [];
  process.stdin.on('data', (chunk) => {
    chunks.push(chunk);
    if (chunks.length > 1) return;
    process.stdin.pause();
    setTimeout(() => process.stdin.resume(), Number(process.env.PAUSE_MS));
  });
  process.stdin.on('end', () => process.stdout.write(Buffer.concat(chunks)));
`;

/** Runs `<cli> <args> | <slow reader>` in sh; returns what the reader got and the command's exit status. */
function throughPipe(cli: string, args: string[], stdin = '', pauseMs = 1500): Promise<{ out: string; status: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const script = '("$NODE" --import "$TSX" "$CLI" "$@"; echo "status $?" >&2) | "$NODE" -e "$READER"';
    const env = { ...process.env, NODE: process.execPath, TSX: pathToFileURL(require.resolve('tsx')).href, CLI: path.join(ROOT, 'src/cli', cli), READER: SLOW_READER, PAUSE_MS: String(pauseMs), LOG_LEVEL: 'silent' };
    const child = spawn('sh', ['-c', script, 'sh', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', () => resolve({ out, stderr, status: /status (\d+)/.exec(stderr)?.[1] ?? 'none' }));
    child.stdin.end(stdin);
  });
}

test('kb export: the whole JSON, every entry, more than a pipe holds', async () => {
  const { entries } = await loadKnowledgeDirectory(path.join(ROOT, 'knowledge'));
  const { out, status, stderr } = await throughPipe('kb.ts', ['export']);
  expect({ status, stderr: stderr.replace(/status \d+\n/, '') }).toEqual({ status: '0', stderr: '' });
  expect(Buffer.byteLength(out)).toBeGreaterThan(PIPE_CAPACITY);
  const exported = JSON.parse(out) as { entries: Array<{ id: string; answer: Record<string, string> }> };
  expect(exported.entries.map((e) => e.id).sort()).toEqual(entries.map((e) => e.id).sort());
  expect(exported.entries.every((e) => typeof e.answer.uk === 'string')).toBe(true);
}, 60_000);

test('ask --jsonl: one parsed line per question, in order, more than a pipe holds', async () => {
  const questions = readFileSync(path.join(ROOT, 'tests/eval/dev.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { q: string }).q);
  // Repeated until the answers are well over 64 KiB; repeats are answered fast, so the command finishes
  // while the reader is paused.
  const asked = [...questions, ...questions, ...questions, ...questions].slice(0, 700);
  const { out, status } = await throughPipe('ask.ts', ['--jsonl'], `${asked.join('\n')}\n`, 3000);
  expect(status).toBe('0');
  expect(Buffer.byteLength(out)).toBeGreaterThan(PIPE_CAPACITY);
  expect(out.endsWith('\n')).toBe(true);
  const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l) as { question: string; id: string | null; score: number });
  expect(lines.map((l) => l.question)).toEqual(asked);
  expect(lines.filter((l) => l.id !== null).length).toBeGreaterThan(asked.length / 2);
}, 60_000);

test('kb stats: every line, up to the stale count', async () => {
  const { out, status } = await throughPipe('kb.ts', ['stats']);
  expect(status).toBe('0');
  for (const l of LANGUAGES) expect(out).toMatch(new RegExp(`^${l} +\\d+/\\d+ \\(\\d+%\\)`, 'm'));
  expect(out).toMatch(/^missing translations: /m);
  expect(out).toMatch(/^stale \(reviewed more than \d+ days ago\): \d+\/\d+$/m);
}, 60_000);

test('a reader that stops early (| head) ends the export quietly', async () => {
  const child = spawn('sh', ['-c', '("$NODE" --import "$TSX" "$CLI" export; echo "status $?" >&2) | head -c 100 > /dev/null'], {
    cwd: ROOT,
    env: { ...process.env, NODE: process.execPath, TSX: pathToFileURL(require.resolve('tsx')).href, CLI: path.join(ROOT, 'src/cli/kb.ts') },
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  await new Promise((resolve) => child.on('close', resolve));
  expect(stderr).toBe('status 0\n');
}, 60_000);
