/**
 * Storage that never takes the conversation down: when the database is locked, full or gone, reads
 * come back empty and writes are dropped, the failure is reported to /healthz, and the bot keeps
 * answering from the knowledge in memory.
 */
import type { Storage, StoreItems } from 'botbuilder';

export interface HealthSink {
  ok(component: string): void;
  failed(component: string, err: unknown): void;
}

export class ResilientStorage implements Storage {
  constructor(
    private readonly inner: Storage & { deleteContaining?(fragment: string): number },
    private readonly health: HealthSink,
    private readonly component = 'storage',
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    try {
      const items = await this.inner.read(keys);
      this.health.ok(this.component);
      return items;
    } catch (err) {
      this.health.failed(this.component, err);
      return {};
    }
  }

  async write(changes: StoreItems): Promise<void> {
    try {
      await this.inner.write(changes);
      this.health.ok(this.component);
    } catch (err) {
      this.health.failed(this.component, err);
    }
  }

  async delete(keys: string[]): Promise<void> {
    try {
      await this.inner.delete(keys);
      this.health.ok(this.component);
    } catch (err) {
      this.health.failed(this.component, err);
      throw err;
    }
  }

  deleteContaining(fragment: string): number {
    try {
      return this.inner.deleteContaining?.(fragment) ?? 0;
    } catch (err) {
      this.health.failed(this.component, err);
      throw err;
    }
  }
}
