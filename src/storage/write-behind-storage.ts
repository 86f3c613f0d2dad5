/**
 * Conversation state served from memory and written to SQLite in batches — for the embedded database
 * only, where one process owns the state. Every turn reads the person's state and writes it back; doing
 * that against SQLite one statement and one transaction at a time was a quarter of a turn's cost. Here a
 * turn touches only memory, and the changes of all turns in the last `flushMs` go to the database in one
 * transaction.
 *
 * What that trades: if the process is killed (not stopped: SIGTERM flushes), the state changes of the
 * last `flushMs` are lost — a language choice or a "last answer" for 👎, never an answer or anything a
 * volunteer saved. Deleting (/forget, retention) goes to the database at once, and the cache remembers
 * the deletion's version, so a turn that read before it cannot write the old state back. With several
 * instances this cache would serve stale state: on PostgreSQL the app uses the database directly.
 *
 * Values are kept as JSON text, so no caller can change what another reads. Failed batches are reported
 * through `onFlush`, and the state they held is still served from memory.
 */
import { VersionConflict, versionClock, type StateStore, type Versioned } from './state-port';

interface Slot {
  /** The value as JSON; null: known to be absent. */
  json: string | null;
  /** The version a writer must name (0 while absent). */
  version: number;
  dirty: boolean;
  /** When the value was last written (ms), for retention. */
  touched: number;
}

/** What the cache needs underneath: reads, deletes at once, and a synchronous batch write. */
export interface BatchedStateStore {
  readSync(person: string): Versioned | undefined;
  putMany(entries: ReadonlyArray<{ person: string; value: unknown; version: number }>): void;
  delete(person: string): Promise<void>;
}

export interface WriteBehindOptions {
  /** The longest a change waits in memory before it is written. */
  flushMs?: number;
  /** Values kept in memory; the least recently used clean ones go first. */
  capacity?: number;
  now?: () => number;
  /** Runs each batch write (a lock gate goes here) and hears whether it worked. */
  runBatch?: (write: () => void) => void;
  onFlush?: (err: unknown | undefined) => void;
}

export class WriteBehindStateStore implements StateStore {
  private readonly slots = new Map<string, Slot>();
  private readonly dirty = new Set<string>();
  private readonly flushMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly nextVersion: () => number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly inner: BatchedStateStore,
    private readonly options: WriteBehindOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 200;
    this.capacity = options.capacity ?? 20_000;
    this.now = options.now ?? Date.now;
    this.nextVersion = versionClock(this.now);
  }

  async read(person: string): Promise<Versioned | undefined> {
    const slot = this.slotOf(person);
    return slot.json === null ? undefined : { value: JSON.parse(slot.json) as unknown, version: slot.version };
  }

  async write(person: string, value: unknown, expected: number): Promise<number> {
    const slot = this.slotOf(person);
    if ((slot.json === null ? 0 : slot.version) !== expected) throw new VersionConflict();
    const version = this.nextVersion();
    this.remember(person, { json: JSON.stringify(value), version, dirty: true, touched: this.now() });
    this.dirty.add(person);
    this.schedule();
    return version;
  }

  async delete(person: string): Promise<void> {
    this.dirty.delete(person);
    // Remembered as absent: a writer holding the old version is refused; the next reader, who sees
    // nothing, may write.
    this.remember(person, { json: null, version: 0, dirty: false, touched: this.now() });
    await this.inner.delete(person);
  }

  /** Drops from memory what nobody wrote since `cutoff` (the database's own rows go by retention). */
  async deleteIdleSince(cutoff: number): Promise<number> {
    let dropped = 0;
    for (const [key, slot] of this.slots) {
      if (slot.dirty || slot.touched >= cutoff) continue;
      this.slots.delete(key);
      dropped++;
    }
    return dropped;
  }

  /** Writes every pending change now (shutdown, tests). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writeBatch();
  }

  /** Changes not yet in the database. */
  get pending(): number {
    return this.dirty.size;
  }

  /** The person's slot, read from the database if it is not in memory (synchronously: no race). */
  private slotOf(person: string): Slot {
    let slot = this.slots.get(person);
    if (!slot) {
      const found = this.inner.readSync(person);
      slot = found
        ? { json: JSON.stringify(found.value ?? null), version: found.version, dirty: false, touched: this.now() }
        : { json: null, version: 0, dirty: false, touched: this.now() };
    }
    this.remember(person, slot); // most recently used
    return slot;
  }

  private writeBatch(): void {
    if (this.dirty.size === 0) return;
    const batch: Array<{ person: string; value: unknown; version: number }> = [];
    for (const person of this.dirty) {
      const slot = this.slots.get(person);
      if (!slot || slot.json === null) continue;
      slot.dirty = false;
      batch.push({ person, value: JSON.parse(slot.json) as unknown, version: slot.version });
    }
    this.dirty.clear();
    this.evict();
    const run = this.options.runBatch ?? ((write: () => void) => write());
    try {
      run(() => this.inner.putMany(batch));
      this.options.onFlush?.(undefined);
    } catch (err) {
      this.options.onFlush?.(err);
      throw err;
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.writeBatch();
      } catch {
        // Reported through onFlush; the state is still served from memory.
      }
    }, this.flushMs);
    this.timer.unref();
  }

  private remember(person: string, slot: Slot): void {
    this.slots.delete(person);
    this.slots.set(person, slot);
    if (this.slots.size > this.capacity) this.evict();
  }

  /** Lets go of the least recently used values that are already in the database. */
  private evict(): void {
    for (const [key, slot] of this.slots) {
      if (this.slots.size <= this.capacity) return;
      if (!slot.dirty) this.slots.delete(key);
    }
  }
}
