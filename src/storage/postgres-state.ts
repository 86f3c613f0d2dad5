/**
 * Conversation state in PostgreSQL, shared by every instance. No cache: each turn reads the row and
 * writes it back naming the version it read, so a `/forget` on one instance is final on all of them.
 * A turn's statements are `quick`: a database that stops answering is given up on, not waited for.
 */
import { z } from 'zod';
import type { PgPool } from './postgres';
import { quick } from './postgres-breaker';
import { VersionConflict, type StateStore, type Versioned } from './state-port';

const stateRow = z.object({ value: z.unknown(), version: z.coerce.number().int().positive() });
const versionRow = z.object({ version: z.coerce.number().int().positive() });

export class PostgresStateStore implements StateStore {
  constructor(
    private readonly pool: PgPool,
    private readonly now: () => number = Date.now,
  ) {}

  async read(person: string): Promise<Versioned | undefined> {
    const result = await this.pool.query(quick('SELECT value, version FROM conversation_state WHERE person = $1', [person]));
    return result.rows[0] === undefined ? undefined : stateRow.parse(result.rows[0]);
  }

  async write(person: string, value: unknown, expected: number): Promise<number> {
    const json = JSON.stringify(value);
    const result =
      expected === 0
        ? await this.pool.query(
            quick(
              `INSERT INTO conversation_state (person, value, version, updated_at) VALUES ($1, $2, nextval('state_versions'), $3)
               ON CONFLICT (person) DO NOTHING RETURNING version`,
              [person, json, this.now()],
            ),
          )
        : await this.pool.query(
            quick(
              `UPDATE conversation_state SET value = $2, version = nextval('state_versions'), updated_at = $3
               WHERE person = $1 AND version = $4 RETURNING version`,
              [person, json, this.now(), expected],
            ),
          );
    if (result.rows[0] === undefined) throw new VersionConflict();
    return versionRow.parse(result.rows[0]).version;
  }

  async delete(person: string): Promise<void> {
    await this.pool.query(quick('DELETE FROM conversation_state WHERE person = $1', [person]));
  }

  async deleteIdleSince(cutoff: number): Promise<number> {
    const result = await this.pool.query('DELETE FROM conversation_state WHERE updated_at < $1', [cutoff]);
    return result.rowCount ?? 0;
  }
}
