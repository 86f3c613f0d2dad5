import { TelegramBotApi } from '../../../src/channels/telegram/bot-api';
import { TelegramPoller } from '../../../src/channels/telegram/poller';
import type { TelegramUpdate } from '../../../src/channels/telegram/update';
import { FakeTelegram } from '../../fakes/fake-telegram';
import { until } from '../harness';
import { captureLogger } from './log-capture';

let fake: FakeTelegram;
beforeEach(async () => {
  fake = await FakeTelegram.start();
});
afterEach(async () => {
  await fake.close();
});

const message = (text: string) => ({
  message: { message_id: 1, date: 1, from: { id: 42, is_bot: false, first_name: 'O' }, chat: { id: 42, type: 'private' }, text },
});

function poller(onUpdate: (update: TelegramUpdate) => unknown, extra: { backoffBaseMs?: number; timeoutSeconds?: number } = {}) {
  const { logger, all } = captureLogger();
  const api = new TelegramBotApi({ token: fake.token, apiRoot: fake.apiRoot, backoffBaseMs: 5, maxRetries: 0 });
  return { poller: new TelegramPoller({ api, onUpdate, logger, timeoutSeconds: 2, backoffBaseMs: 10, ...extra }), logs: all };
}

describe('long polling', () => {
  test('removes a webhook first, then delivers each update once, in order', async () => {
    fake.webhook = { url: 'https://old.example/telegram/webhook' };
    const received: string[] = [];
    const { poller: p } = poller((update) => void received.push(update.message?.text ?? ''));
    fake.pushUpdate(message('перше'));
    fake.pushUpdate(message('друге'));
    await p.start();
    expect(fake.callsOf('deleteWebhook')).toHaveLength(1);
    await until(() => received.length === 2);
    // One arriving while a long poll is open is delivered too.
    fake.pushUpdate(message('третє'));
    await until(() => received.length === 3);
    await fake.waitForCalls('getUpdates', 3);
    await p.stop();
    expect(received).toEqual(['перше', 'друге', 'третє']);
    expect(fake.callsOf('deleteWebhook')).toHaveLength(1);
  });

  test('stop() ends an open long poll promptly', async () => {
    const { poller: p } = poller(() => undefined, { timeoutSeconds: 25 });
    await p.start();
    await fake.waitForCalls('getUpdates', 1);
    const started = performance.now();
    await p.stop();
    // Waiting for the poll would take 25 s: far beyond this bound, which no busy machine reaches.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  test('stopping right after handling tells Telegram, so a restart does not handle the update again', async () => {
    const received: number[] = [];
    let stopping: Promise<void> | undefined;
    const { poller: p } = poller((update) => {
      received.push(update.update_id);
      stopping = p.stop();
    });
    const id = fake.pushUpdate(message('x'));
    await p.start();
    await until(() => stopping !== undefined);
    await stopping;
    const last = fake.callsOf('getUpdates').at(-1);
    expect(last?.params).toMatchObject({ offset: id + 1, timeout: 0 });

    const again: number[] = [];
    const { poller: second } = poller((update) => void again.push(update.update_id));
    await second.start();
    await fake.waitForCalls('getUpdates', fake.callsOf('getUpdates').length + 1);
    await second.stop();
    expect(received).toEqual([id]);
    expect(again).toEqual([]);
  });

  test('backs off after errors and carries on; a failing handler does not stop the loop', async () => {
    fake.failNext('getUpdates', { status: 500 }, 2);
    const received: string[] = [];
    const { poller: p, logs } = poller(
      (update) => {
        received.push(update.message?.text ?? '');
        if (received.length === 1) throw new Error('handler broke');
      },
      { backoffBaseMs: 30 },
    );
    fake.pushUpdate(message('one'));
    fake.pushUpdate(message('two'));
    fake.pushUpdate({ update_id: 99_999, message: 'not a message' });
    await p.start();
    await until(() => received.length === 2);
    await p.stop();
    expect(received).toEqual(['one', 'two']);
    expect(logs()).toContain('getUpdates failed');
    expect(logs()).toContain('handler broke');
    expect(logs()).toContain('does not match the schema');
    // Backoff base 30 ms, doubling: 30 ms after the first failure, 60 ms after the second.
    const [a = 0, b = 0, c = 0] = fake.callsOf('getUpdates').map((call) => call.at);
    expect(b - a).toBeGreaterThanOrEqual(28);
    expect(c - b).toBeGreaterThanOrEqual(58);
  });

  test('a wrong token makes start() fail with advice', async () => {
    const { logger } = captureLogger();
    const api = new TelegramBotApi({ token: '1:wrong', apiRoot: fake.apiRoot });
    const p = new TelegramPoller({ api, onUpdate: () => undefined, logger });
    await expect(p.start()).rejects.toThrow(/@BotFather/);
    await p.stop();
  });
});
