/**
 * Conversation state served from memory and written to the database in batches. Every turn reads the
 * person's state and Botkit's conversation state and writes one of them back; doing that against SQLite
 * one statement and one transaction at a time was a quarter of a turn's cost. Here a turn touches only
 * memory, and the changes of all turns in the last `flushMs` go to the database in one transaction.
 *
 * What that trades: if the process is killed (not stopped: SIGTERM flushes), the state changes of the
 * last `flushMs` are lost — a language choice or a "last answer" for 👎, never an answer or anything a
 * volunteer saved. Deleting (/forget, retention) goes to the database at once. One process owns the
 * state: several instances need sticky routing per person, as for the in-memory turn queues (README).
 *
 * Values are kept as JSON text, so no caller can change what another reads, as with botbuilder's
 * MemoryStorage; a failed batch is reported to /healthz by the storage underneath (ResilientStorage),
 * and the state it held is still served from memory.
 */
import type { Storage, StoreItems } from 'botbuilder';

interface Slot {
  /** The value as JSON without its eTag; null: known to be absent. */
  json: string | null;
  etag: number;
  dirty: boolean;
  /** When the value was last written (ms), for retention. */
  touched: number;
}

export interface WriteBehindOptions {
  /** The longest a change waits in memory before it is written. */
  flushMs?: number;
  /** Values kept in memory; the least recently used clean ones go first. */
  capacity?: number;
  now?: () => number;
}

type Inner = Storage & { deleteContaining?(fragment: string): number };

export class WriteBehindStorage implements Storage {
  private readonly slots = new Map<string, Slot>();
  private readonly dirty = new Set<string>();
  private readonly flushMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: Inner,
    options: WriteBehindOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 200;
    this.capacity = options.capacity ?? 20_000;
    this.now = options.now ?? Date.now;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const missing = keys.filter((k) => !this.slots.has(k));
    if (missing.length) {
      const found = await this.inner.read(missing);
      for (const key of missing) {
        // A turn may have written the key while the database was read.
        if (this.slots.has(key)) continue;
        const item = found[key] as Record<string, unknown> | undefined;
        const { eTag: _eTag, ...value } = item ?? {};
        this.remember(key, { json: item ? JSON.stringify(value) : null, etag: 1, dirty: false, touched: this.now() });
      }
    }
    const items: StoreItems = {};
    for (const key of keys) {
      const slot = this.slots.get(key);
      if (!slot) continue;
      this.slots.delete(key);
      this.slots.set(key, slot); // most recently used
      if (slot.json !== null) items[key] = { ...(JSON.parse(slot.json) as object), eTag: String(slot.etag) };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    // Check every eTag before changing anything: a refused batch changes nothing.
    for (const [key, item] of Object.entries(changes)) {
      const eTag = (item as { eTag?: unknown } | undefined)?.eTag;
      const slot = this.slots.get(key);
      if (typeof eTag === 'string' && eTag !== '*' && slot && slot.json !== null && String(slot.etag) !== eTag) {
        throw new Error(`storage: "${key}" was changed by another turn`);
      }
    }
    for (const [key, item] of Object.entries(changes)) {
      const { eTag: _eTag, ...value } = (item ?? {}) as Record<string, unknown>;
      const previous = this.slots.get(key);
      this.remember(key, { json: JSON.stringify(value), etag: (previous?.etag ?? 0) + 1, dirty: true, touched: this.now() });
      this.dirty.add(key);
    }
    this.schedule();
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) {
      this.dirty.delete(key);
      this.remember(key, { json: null, etag: (this.slots.get(key)?.etag ?? 0) + 1, dirty: false, touched: this.now() });
    }
    await this.inner.delete(keys);
  }

  deleteContaining(fragment: string): number {
    if (!this.inner.deleteContaining) throw new Error('storage: the database cannot delete by fragment');
    const deleted = this.inner.deleteContaining(fragment);
    for (const key of [...this.slots.keys()]) {
      if (!key.includes(fragment)) continue;
      this.dirty.delete(key);
      this.slots.delete(key);
    }
    return deleted;
  }

  /** Drops from memory what nobody wrote since `cutoff` (the database's own rows go by retention). */
  forgetOlderThan(cutoff: number): number {
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
    // One batch at a time, in order: a later batch must not be overtaken by an earlier one.
    const run = this.flushing.then(() => this.writeBatch());
    this.flushing = run.catch(() => undefined);
    await run;
  }

  /** Changes not yet in the database. */
  get pending(): number {
    return this.dirty.size;
  }

  private async writeBatch(): Promise<void> {
    if (this.dirty.size === 0) return;
    const batch: StoreItems = {};
    for (const key of this.dirty) {
      const slot = this.slots.get(key);
      if (!slot || slot.json === null) continue;
      slot.dirty = false;
      batch[key] = { ...(JSON.parse(slot.json) as object), eTag: '*' };
    }
    this.dirty.clear();
    this.evict();
    await this.inner.write(batch);
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.flushMs);
    this.timer.unref();
  }

  private remember(key: string, slot: Slot): void {
    this.slots.delete(key);
    this.slots.set(key, slot);
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
