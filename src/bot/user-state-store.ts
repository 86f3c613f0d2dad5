/**
 * The person's conversation state, under their pseudonymous key, on the project's storage port. A turn
 * loads the state with its version and saves naming that version: when another turn (on this or another
 * instance) changed or deleted the state meanwhile, the save is dropped — the other turn's state stands,
 * and a `/forget` is never undone. Reading a damaged record gives an empty state; a storage failure never
 * stops the bot from answering, and is reported to /healthz.
 */
import { parseUserState, type UserState } from '../assistant/user-state';
import { scrub } from '../privacy/scrub';
import { VersionConflict, type StateStore } from '../storage/state-port';

export interface StateStoreHealth {
  failed(component: string, err: unknown): void;
  ok(component: string): void;
}

export interface LoadedState {
  state: UserState;
  /** What the save must name; 0 when nothing was stored. */
  version: number;
}

export class UserStateStore {
  constructor(
    private readonly storage: StateStore,
    private readonly health: StateStoreHealth,
    private readonly now: () => Date = () => new Date(),
    /** Whether a successful write proves the database well (false when writes land in a cache). */
    private readonly writesReachDatabase = false,
    private readonly onConflict: () => void = () => undefined,
  ) {}

  async load(userKey: string): Promise<LoadedState> {
    try {
      // No health.ok here: reads work while writes fail (disk full, locked), and only a write proves
      // the storage is well again.
      const found = await this.storage.read(userKey);
      return { state: parseUserState(found?.value), version: found?.version ?? 0 };
    } catch (err) {
      this.health.failed('storage', err);
      // Unknown version: a save based on this must not overwrite what may be stored.
      return { state: {}, version: -1 };
    }
  }

  async save(userKey: string, state: UserState, version: number): Promise<void> {
    if (version < 0) return;
    const stored: UserState = { ...state, lastSeen: this.now().toISOString() };
    // The last question is kept only so a 👎 can bring it to volunteers; it is stored scrubbed.
    if (stored.lastQuestion) stored.lastQuestion = scrub(stored.lastQuestion).slice(0, 500);
    if (stored.pendingQuestion) stored.pendingQuestion = scrub(stored.pendingQuestion).slice(0, 500);
    try {
      await this.storage.write(userKey, stored, version);
      if (this.writesReachDatabase) this.health.ok('storage');
    } catch (err) {
      if (err instanceof VersionConflict) this.onConflict();
      else this.health.failed('storage', err);
    }
  }

  /** Deletes everything kept about the person. */
  async forget(userKey: string): Promise<boolean> {
    try {
      await this.storage.delete(userKey);
      return true;
    } catch (err) {
      this.health.failed('storage', err);
      return false;
    }
  }
}
