/**
 * Logs are JSON when stdout is not a terminal (a pipe, a file, a container's log collector) and readable
 * lines on a terminal; both are redacted.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, logFormatFor } from '../src/logger';

const ROOT = path.resolve(__dirname, '..');
// eslint-disable-next-line no-control-regex -- colour codes are what is removed
const ANSI = /\u001b\[[0-9;]*m/g;

/** A stream that says it is (or is not) a terminal, as process.stdout does. */
function stream(isTTY: boolean): Writable & { isTTY: boolean; text(): string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(out, { isTTY, text: () => chunks.join('').replace(ANSI, '') });
}

describe('logger', () => {
  it('writes JSON lines when stdout is a pipe', () => {
    // The real default: no destination given, stdout is the pipe spawnSync reads.
    const script = "const { createLogger } = require('./src/logger'); createLogger('info').info({ text: 'мій номер 0612345678', port: 3000 }, 'listening');";
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const entry: unknown = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 30, msg: 'listening', port: 3000, service: 'prykhystok', text: '[redacted]' });
  });

  it('writes JSON to a destination that is not a terminal', () => {
    const out = stream(false);
    createLogger('info', out).warn({ entries: 36 }, 'knowledge loaded');
    expect(JSON.parse(out.text())).toMatchObject({ level: 40, msg: 'knowledge loaded', entries: 36 });
  });

  it('writes readable, still redacted lines to a terminal', () => {
    const out = stream(true);
    createLogger('info', out).info({ port: 3000, chatId: 123456789, text: 'мій номер 0612345678' }, 'Prykhystok is listening');
    const text = out.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Prykhystok is listening\n/);
    expect(text).toContain('port: 3000');
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(/123456789|0612345678/);
  });

  it('counts only a real terminal as one', () => {
    expect(logFormatFor({ isTTY: true })).toBe('pretty');
    expect(logFormatFor({ isTTY: false })).toBe('json');
    expect(logFormatFor({})).toBe('json');
  });
});
