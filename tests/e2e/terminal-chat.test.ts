/**
 * `npm run chat`: the same conversation in a terminal, buttons as numbers — driven through its real
 * standard input and output.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function chat(lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/chat.ts')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(out);
    });
    child.on('error', reject);
    // One line at a time, as a person types: each waits for the bot's prompt.
    let sent = 0;
    const feed = () => {
      if (sent < lines.length && out.split('\n> ').length - 1 > sent) child.stdin.write(`${lines[sent++]}\n`);
      if (sent === lines.length) child.stdin.end();
      else setTimeout(feed, 50);
    };
    feed();
  });
}

describe('a volunteer tries the bot in a terminal', () => {
  it('chooses Ukrainian by number, asks a question, presses a follow-up, and /forget', async () => {
    const out = await chat(['1', 'як записатися до сімейного лікаря', '1', '/forget', '/quit']);
    expect(out).toMatch(/\[1\] Українська/);
    expect(out).toMatch(/huisarts/);
    expect(out).toMatch(/Перевірено \d+ \S+ 20\d\d/);
    expect(out).toMatch(/\[\d\] 👍/);
    // The follow-up pressed by number answers in Ukrainian too, then /forget confirms.
    expect(out.split('Перевірено').length).toBeGreaterThanOrEqual(3);
    expect(out).toMatch(/видалено|видалив|видалила/i);
  }, 40_000);
});
