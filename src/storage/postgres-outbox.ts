/**
 * The outgoing queue in PostgreSQL (the port: channels/outbox-store.ts). Every instance takes messages
 * from the same table with `FOR UPDATE SKIP LOCKED`, so each message is taken by one instance at a time;
 * a lease with an expiry hands a message to another instance when the one that took it stops.
 *
 * - Order and spacing per recipient: only a recipient's oldest message can be taken, and only once
 *   `outbox_recipients.next_at` has passed, which is set from the end of the previous send.
 * - Pacing over everyone: a message is taken together with a slot in `outbox_pace` (one row per channel),
 *   `globalIntervalMs` after the slot before it, whichever instance took that.
 * - Times are the database's clock, so instances with clocks apart still pace and lease alike.
 * - Each message is sealed (the raw messenger id and the answer's text; privacy/seal.ts) and the
 *   recipient is a keyed digest: the table and its backups show neither.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OutboxLimits, OutboxPacing, OutboxStore, TakenMessage } from '../channels/outbox-store';
import { Sealer } from '../privacy/seal';
import { migratePostgres, type PgPool } from './postgres';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE outbox (
     id BIGSERIAL PRIMARY KEY,
     channel TEXT NOT NULL,
     recipient TEXT NOT NULL,
     payload BYTEA NOT NULL,
     created_at BIGINT NOT NULL,
     send_by BIGINT,
     not_before BIGINT NOT NULL DEFAULT 0,
     failures INTEGER NOT NULL DEFAULT 0,
     lease TEXT,
     lease_until BIGINT NOT NULL DEFAULT 0,
     leaving BOOLEAN NOT NULL DEFAULT FALSE
   );
   CREATE INDEX outbox_by_recipient ON outbox (channel, recipient, id);
   CREATE INDEX outbox_by_channel ON outbox (channel, id);
   CREATE TABLE outbox_recipients (
     channel TEXT NOT NULL,
     recipient TEXT NOT NULL,
     next_at BIGINT NOT NULL,
     PRIMARY KEY (channel, recipient)
   );
   CREATE TABLE outbox_pace (
     channel TEXT PRIMARY KEY,
     next_slot BIGINT NOT NULL
   );`,
];

export function migrateOutbox(pool: PgPool): Promise<void> {
  return migratePostgres(pool, 'outbox', MIGRATIONS);
}

/** The database's clock in milliseconds, read once per statement. */
const NOW = `now AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms)`;
/** `o` is its recipient's oldest message. */
const IS_HEAD = `NOT EXISTS (SELECT 1 FROM outbox p WHERE p.channel = o.channel AND p.recipient = o.recipient AND p.id < o.id)`;

// $1 channel, $2 lease, $3 lease ms [, $4 global interval ms]
const PICK = `
  picked AS (
    SELECT o.id FROM outbox o, now
    WHERE o.channel = $1 AND NOT o.leaving AND o.lease_until <= now.ms AND o.not_before <= now.ms AND ${IS_HEAD}
      AND NOT EXISTS (SELECT 1 FROM outbox_recipients r WHERE r.channel = o.channel AND r.recipient = o.recipient AND r.next_at > now.ms)
    ORDER BY o.id LIMIT 1
    FOR UPDATE OF o SKIP LOCKED
  ),
  taken AS (
    UPDATE outbox o SET lease = $2, lease_until = now.ms + $3 FROM picked, now WHERE o.id = picked.id
    RETURNING o.id, o.recipient, o.payload, o.failures, o.send_by
  )`;
const TAKE = `WITH ${NOW}, ${PICK} SELECT taken.*, 0 AS wait_ms FROM taken`;
const TAKE_WITH_SLOT = `WITH ${NOW}, ${PICK},
  slot AS (
    INSERT INTO outbox_pace AS s (channel, next_slot) SELECT $1, now.ms + $4 FROM taken, now
    ON CONFLICT (channel) DO UPDATE SET next_slot = GREATEST(s.next_slot, excluded.next_slot - $4) + $4
    RETURNING next_slot - $4 AS at
  )
  SELECT taken.*, GREATEST(0, (SELECT at FROM slot) - now.ms) AS wait_ms FROM taken, now`;

const takenRow = z.object({
  id: z.coerce.string(),
  recipient: z.string(),
  payload: z.instanceof(Buffer),
  failures: z.coerce.number().int(),
  send_by: z.coerce.number().nullable(),
  wait_ms: z.coerce.number(),
});
const addedRow = z.object({ added: z.coerce.number().int(), mine: z.coerce.number().int(), everyone: z.coerce.number().int() });
const dueRow = z.object({ due: z.coerce.number().nullable() });
const countsRow = z.object({ pending: z.coerce.number().int(), retrying: z.coerce.number().int() });
const droppedRow = z.object({ dropped: z.coerce.number().int() });

/** Sets when the recipient may get the next message: $1 channel, $2 recipient, $3 spacing ms. */
const SPACE = `paced AS (
    INSERT INTO outbox_recipients (channel, recipient, next_at) SELECT $1, $2, now.ms + $3 FROM now WHERE $3 > 0
    ON CONFLICT (channel, recipient) DO UPDATE SET next_at = excluded.next_at
  )`;

export class PostgresOutboxStore implements OutboxStore {
  private readonly sealer: Sealer;

  /** `secret`: the server secret, the same on every instance (a message sealed by one is opened by another). */
  constructor(
    private readonly pool: PgPool,
    secret: string,
  ) {
    this.sealer = new Sealer(secret, 'outbox');
  }

  async add(channel: string, recipient: string, items: readonly unknown[], limits: OutboxLimits): Promise<'added' | 'recipientFull' | 'full'> {
    const digest = this.sealer.digest(`${channel}\u0000${recipient}`);
    const payloads = items.map((item) => this.sealer.seal(item, channel));
    // Inserted in the reply's order (ids follow the sorted rows), and only when both limits hold.
    const result = await this.pool.query(
      `WITH ${NOW},
       counts AS (SELECT count(*) FILTER (WHERE recipient = $2) AS mine, count(*) AS everyone FROM outbox WHERE channel = $1),
       inserted AS (
         INSERT INTO outbox (channel, recipient, payload, created_at, send_by)
         SELECT $1, $2, t.payload, now.ms, $4 FROM unnest($3::bytea[]) WITH ORDINALITY AS t(payload, n), now, counts
         WHERE counts.mine + $5 <= $6 AND counts.everyone + $5 <= $7
         ORDER BY t.n
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM inserted) AS added, mine, everyone FROM counts`,
      [channel, digest, payloads, limits.sendBy ?? null, payloads.length, limits.maxPerRecipient, limits.maxPending],
    );
    const row = addedRow.parse(result.rows[0]);
    if (row.added > 0 || payloads.length === 0) return 'added';
    return row.mine + payloads.length > limits.maxPerRecipient ? 'recipientFull' : 'full';
  }

  async take(channel: string, pacing: OutboxPacing): Promise<TakenMessage | undefined> {
    const lease = randomUUID();
    const result =
      pacing.globalIntervalMs > 0
        ? await this.pool.query(TAKE_WITH_SLOT, [channel, lease, pacing.leaseMs, Math.round(pacing.globalIntervalMs)])
        : await this.pool.query(TAKE, [channel, lease, pacing.leaseMs]);
    if (result.rows[0] === undefined) return undefined;
    const row = takenRow.parse(result.rows[0]);
    return {
      id: row.id,
      recipient: row.recipient,
      item: this.sealer.open(row.payload, channel),
      failures: row.failures,
      ...(row.send_by !== null ? { sendBy: row.send_by } : {}),
      lease,
      waitMs: row.wait_ms,
    };
  }

  async leaving(channel: string, taken: TakenMessage, leaseMs: number): Promise<boolean> {
    const result = await this.pool.query(
      `WITH ${NOW} UPDATE outbox SET leaving = TRUE, lease_until = now.ms + $4 FROM now
       WHERE channel = $1 AND id = $2 AND lease = $3 AND lease_until > now.ms AND NOT leaving`,
      [channel, taken.id, taken.lease, leaseMs],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async finish(channel: string, taken: TakenMessage, outcome: { dropRest: boolean; spacingMs: number }): Promise<number> {
    const result = await this.pool.query(
      `WITH ${NOW}, ${SPACE},
       gone AS (DELETE FROM outbox WHERE channel = $1 AND id = $4 AND lease = $5),
       rest AS (DELETE FROM outbox WHERE $6 AND channel = $1 AND recipient = $2 AND id > $4 RETURNING 1)
       SELECT count(*) AS dropped FROM rest`,
      [channel, taken.recipient, Math.round(outcome.spacingMs), taken.id, taken.lease, outcome.dropRest],
    );
    return droppedRow.parse(result.rows[0]).dropped;
  }

  async retry(channel: string, taken: TakenMessage, outcome: { delayMs: number; spacingMs: number }): Promise<void> {
    await this.pool.query(
      `WITH ${NOW}, ${SPACE}
       UPDATE outbox SET lease = NULL, lease_until = 0, leaving = FALSE, failures = failures + 1, not_before = now.ms + $6 FROM now
       WHERE channel = $1 AND id = $4 AND lease = $5`,
      [channel, taken.recipient, Math.round(outcome.spacingMs), taken.id, taken.lease, Math.round(outcome.delayMs)],
    );
  }

  async release(channel: string, taken: TakenMessage): Promise<void> {
    await this.pool.query('UPDATE outbox SET lease = NULL, lease_until = 0 WHERE channel = $1 AND id = $2 AND lease = $3 AND NOT leaving', [
      channel,
      taken.id,
      taken.lease,
    ]);
  }

  async dropAbandoned(channel: string): Promise<number> {
    const result = await this.pool.query(`WITH ${NOW} DELETE FROM outbox USING now WHERE channel = $1 AND leaving AND lease_until <= now.ms`, [channel]);
    return result.rowCount ?? 0;
  }

  async nextDue(channel: string): Promise<number | undefined> {
    const result = await this.pool.query(
      `WITH ${NOW}
       SELECT min(GREATEST(o.not_before, o.lease_until, COALESCE(r.next_at, 0))) - (SELECT ms FROM now) AS due
       FROM outbox o LEFT JOIN outbox_recipients r ON r.channel = o.channel AND r.recipient = o.recipient
       WHERE o.channel = $1 AND ${IS_HEAD}`,
      [channel],
    );
    const { due } = dueRow.parse(result.rows[0]);
    return due === null ? undefined : Math.max(0, due);
  }

  async counts(channel: string): Promise<{ pending: number; retrying: number }> {
    const result = await this.pool.query('SELECT count(*) AS pending, count(DISTINCT recipient) FILTER (WHERE failures > 0) AS retrying FROM outbox WHERE channel = $1', [channel]);
    return countsRow.parse(result.rows[0]);
  }

  /** Forgets recipients whose spacing passed long ago (retention). */
  async deleteIdle(): Promise<number> {
    const result = await this.pool.query(
      `WITH ${NOW} DELETE FROM outbox_recipients r USING now WHERE r.next_at < now.ms - 60000
       AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.channel = r.channel AND o.recipient = r.recipient)`,
    );
    return result.rowCount ?? 0;
  }
}
