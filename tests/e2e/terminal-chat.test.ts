/**
 * `npm run chat`: the same conversation in a terminal, buttons as numbers — driven through its real
 * standard input and output.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '../..');

function chat(lines: string[], cwd = ROOT): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'), LOCALES_DIR: path.join(ROOT, 'locales') };
    // tsx by its full address: the chat may run from a folder without node_modules.
    const tsx = pathToFileURL(require.resolve('tsx')).href;
    const child = spawn(process.execPath, ['--import', tsx, path.join(ROOT, 'src/cli/chat.ts')], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    let exited = false;
    child.on('exit', () => {
      exited = true;
      clearTimeout(timer);
      resolve(out);
    });
    child.on('error', reject);
    // One line at a time, as a person types: each waits for the bot's prompt.
    let sent = 0;
    const feed = () => {
      if (exited) return;
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

  it('the banner names no folder, and a number with no button behind it says so instead of repeating the answer', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'olena-private-folder-'));
    try {
      const out = await chat(['4', 'How do I register with a GP?', '9', '0', '/quit'], folder);
      const banner = out.split('\n')[0]!;
      expect(banner).toMatch(/^Prykhystok/);
      expect(out).not.toContain(path.basename(folder));
      expect(out).not.toContain(os.tmpdir());
      expect(out).not.toContain(ROOT);
      expect(out).toContain('There is no button 9. Type a number from the list (1–6) or write your question.');
      expect(out).toContain('There is no button 0.');
      // The answer is shown once: "9" and "0" were not read as follow-ups of it.
      expect(out.split('Checked on').length - 1).toBe(1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 40_000);
});
