/**
 * WhatsApp's replies in the queue shared by instances: the instance that sends a reply need not be the
 * one the person wrote to, so it cannot ask its own 24-hour window. The window's end travels with the
 * message: sent by another instance while it is open, dropped (and counted) once it has closed.
 */
import { WhatsAppCloudApi } from '../../src/channels/whatsapp/cloud-api';
import { whatsappReplyQueue } from '../../src/channels/whatsapp/outbox';
import type { WhatsAppOutgoing } from '../../src/channels/whatsapp/render';
import { ServiceWindow } from '../../src/channels/whatsapp/service-window';
import type { ReplyQueue } from '../../src/channels/outbox-policy';
import { openPostgres, type PgPool } from '../../src/storage/postgres';
import { migrateOutbox, PostgresOutboxStore } from '../../src/storage/postgres-outbox';
import { FAKE_WA, FakeWhatsApp } from '../fakes/fake-whatsapp';
import { captureLogger } from '../channels/telegram/log-capture';
import { until } from '../channels/harness';
import { bodies, msg } from '../channels/whatsapp/outbox-fixtures';
import { describeWithPostgres, freshDatabase, type TestDatabase } from './postgres-helper';

const SECRET = 'the-same-secret-on-every-instance-0123456789';
const PHONE = '31612340001';
const PERSON = 'whatsapp:key-of-the-person';

type Queue = ReplyQueue<WhatsAppOutgoing, { kind: 'phone' | 'bsuid'; id: string }, string, 'outsideWindow'>;

describeWithPostgres('WhatsApp replies in the shared queue', () => {
  let database: TestDatabase;
  let pool: PgPool;
  let fake: FakeWhatsApp;
  let api: WhatsAppCloudApi;
  const queues: Queue[] = [];

  const instance = (window: ServiceWindow): Queue => {
    const queue = whatsappReplyQueue(
      { api, window, logger: captureLogger().logger, perRecipientIntervalMs: 0, globalPerSecond: 0, retry: { baseMs: 10 } },
      { store: new PostgresOutboxStore(pool, SECRET), leaseMs: 400, pollMs: 50 },
    );
    queues.push(queue);
    return queue;
  };

  beforeAll(async () => {
    database = await freshDatabase();
    pool = await openPostgres(database.url, { max: 4 });
    await migrateOutbox(pool);
  });
  beforeEach(async () => {
    await pool.query('TRUNCATE outbox, outbox_recipients, outbox_pace');
    fake = await FakeWhatsApp.start();
    api = new WhatsAppCloudApi({ token: FAKE_WA.token, phoneNumberId: FAKE_WA.phoneNumberId, apiRoot: fake.apiRoot, backoffBaseMs: 10, requestTimeoutMs: 2000 });
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.drain(1000)));
    await fake.close();
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  test('a reply queued on the instance the person wrote to is sent by another, buttons and all', async () => {
    const wroteToA = new ServiceWindow();
    wroteToA.wrote(PERSON);
    const a = instance(wroteToA);
    const buttons: WhatsAppOutgoing = {
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Чи допомогла відповідь?' }, action: { buttons: [{ type: 'reply', reply: { id: 'f:1', title: '👍' } }] } },
    };
    expect(await a.add(PERSON, { kind: 'phone', id: PHONE }, [msg('the answer'), buttons])).toBe(true);
    // B never heard from the person: its own window is closed for them.
    const b = instance(new ServiceWindow());
    b.start();
    await until(() => fake.accepted().length === 2, 5000);
    expect(bodies(fake.accepted(), PHONE)[0]).toBe('the answer');
    expect(fake.accepted()[1]!.body).toMatchObject({ to: PHONE, type: 'interactive', interactive: buttons.interactive });
  });

  test('a reply still queued when the window closes is not sent by any instance, and is counted', async () => {
    const wroteToA = new ServiceWindow({ windowMs: 400, marginMs: 100 });
    wroteToA.wrote(PERSON);
    const a = instance(wroteToA);
    expect(await a.add(PERSON, { kind: 'phone', id: PHONE }, [msg('too late 1'), msg('too late 2')])).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const b = instance(new ServiceWindow());
    b.start();
    await until(() => b.stats().outsideWindow === 2, 5000);
    expect(fake.calls).toHaveLength(0);
    expect((await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0]).toEqual({ n: 0 });
  });
});
