/**
 * The person's conversation state in Botkit's storage, under their pseudonymous key. Reading a damaged
 * record gives an empty state; a storage failure never stops the bot from answering. Failures that reach
 * this layer are reported to /healthz; recovery is reported by the storage, which sees every write
 * (ResilientStorage swallows write failures, so a "successful" save here proves nothing).
 */
import type { Storage } from 'botbuilder';
import { parseUserState, type UserState } from '../assistant/user-state';
import { scrub } from '../privacy/scrub';

export interface StateStoreHealth {
  failed(component: string, err: unknown): void;
  ok(component: string): void;
}

const stateKey = (userKey: string) => `user/${userKey}`;

export class UserStateStore {
  constructor(
    private readonly storage: Storage & { deleteContaining?(fragment: string): number },
    private readonly health: StateStoreHealth,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async load(userKey: string): Promise<UserState> {
    try {
      // No health.ok here: reads work while writes fail (disk full, locked), and only a write proves
      // the storage is well again (the storage reports that itself).
      const items = await this.storage.read([stateKey(userKey)]);
      const { eTag: _eTag, ...value } = (items[stateKey(userKey)] ?? {}) as Record<string, unknown>;
      return parseUserState(value);
    } catch (err) {
      this.health.failed('storage', err);
      return {};
    }
  }

  async save(userKey: string, state: UserState): Promise<void> {
    const stored: UserState = { ...state, lastSeen: this.now().toISOString() };
    // The last question is kept only so a 👎 can bring it to volunteers; it is stored scrubbed.
    if (stored.lastQuestion) stored.lastQuestion = scrub(stored.lastQuestion).slice(0, 500);
    if (stored.pendingQuestion) stored.pendingQuestion = scrub(stored.pendingQuestion).slice(0, 500);
    try {
      await this.storage.write({ [stateKey(userKey)]: { ...stored, eTag: '*' } });
    } catch (err) {
      this.health.failed('storage', err);
    }
  }

  /** Deletes everything kept about the person: our state and Botkit's conversation state. */
  async forget(userKey: string): Promise<boolean> {
    try {
      await this.storage.delete([stateKey(userKey)]);
      this.storage.deleteContaining?.(userKey);
      return true;
    } catch (err) {
      this.health.failed('storage', err);
      return false;
    }
  }
}
