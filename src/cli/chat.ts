#!/usr/bin/env node
/**
 * `npm run chat`: the whole conversation in a terminal, through the same Botkit layer as every channel.
 * Buttons are numbered; type a number to press one. State lives in memory and is gone on exit.
 */
import { randomBytes } from 'node:crypto';
import { loadAssistant } from './load-assistant';
import { BotRuntime } from '../bot/bot-runtime';
import { openMemoryDatabase } from '../storage/database';
import { SqliteStateStore } from '../storage/sqlite-state';
import { RateLimiter } from '../rate-limiter';
import { createLogger } from '../logger';
import { runTerminalSession } from '../channels/terminal/session';
import type { ChannelSender } from '../bot/channel-adapter';
import type { Reply } from '../messages';

interface TerminalAddress {
  replies: Reply[];
}

async function main(): Promise<void> {
  const { assistant, translate } = await loadAssistant();
  const logger = createLogger(process.env.LOG_LEVEL || 'silent');
  const sender: ChannelSender<TerminalAddress> = {
    async send(reply, turn) {
      turn.address.replies.push(reply);
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
  await runTerminalSession({
    translate,
    input: process.stdin,
    output: process.stdout,
    async turn(input) {
      const address: TerminalAddress = { replies: [] };
      await bot.handle({ channel: 'terminal', userKey, ...input }, address);
      return address.replies;
    },
  });
  await runtime.shutdown();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
