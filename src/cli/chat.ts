#!/usr/bin/env node
/**
 * `npm run chat`: the whole conversation in a terminal, through the same Botkit layer as every channel.
 * Buttons are numbered; type a number to press one. State lives in memory and is gone on exit.
 */
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { randomBytes } from 'node:crypto';
import { loadAssistant } from './load-assistant';
import { BotRuntime } from '../bot/bot-runtime';
import { openMemoryDatabase } from '../storage/database';
import { SqliteStateStore } from '../storage/sqlite-state';
import { RateLimiter } from '../rate-limiter';
import { createLogger } from '../logger';
import { renderForTerminal } from '../channels/terminal/render';
import type { ChannelSender } from '../bot/channel-adapter';

interface TerminalAddress {
  payloads: string[];
}

async function main(): Promise<void> {
  const { assistant, translate } = await loadAssistant();
  const logger = createLogger(process.env.LOG_LEVEL || 'silent');
  const sender: ChannelSender<TerminalAddress> = {
    async send(reply, turn) {
      const rendered = renderForTerminal(reply, turn.address.payloads.length + 1, translate('answer.sources', reply.language));
      turn.address.payloads.push(...rendered.payloads);
      process.stdout.write(`\n${rendered.text}\n`);
    },
  };
  const runtime = new BotRuntime({
    assistant,
    translate,
    storage: new SqliteStateStore(openMemoryDatabase()),
    recorder: { question() {}, feedback() {}, outcome() {}, rateLimited() {} },
    userLimiter: new RateLimiter(0),
    health: { ok() {}, failed() {} },
    logger,
  });
  const bot = runtime.channel<TerminalAddress>('terminal', sender);
  const userKey = `terminal:${randomBytes(6).toString('hex')}`;
  let buttons: string[] = [];
  const turn = async (input: { text?: string; payload?: string }) => {
    const address: TerminalAddress = { payloads: [] };
    await bot.handle({ channel: 'terminal', userKey, ...input }, address);
    buttons = address.payloads;
  };

  console.log(`Prykhystok — ${path.basename(process.cwd())}. Type a question, a button number, /lang, /menu, /forget, or /quit.`);
  await turn({ payload: 'start' });
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  rl.setPrompt('\n> ');
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
    if (n >= 1 && n <= buttons.length) await turn({ payload: buttons[n - 1]! });
    else await turn({ text });
    rl.prompt();
  }
  rl.close();
  await runtime.shutdown();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
