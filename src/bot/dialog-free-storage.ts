/**
 * What Botkit gets as its `storage`. Botkit insists on a botbuilder Storage for its conversation state,
 * which holds only the stack of Botkit dialogs — and we run none: the person's state lives in our own
 * store (UserStateStore, on the storage port). So nothing is kept: reads find nothing, and the only
 * write Botkit makes, an empty dialog stack, is dropped. Anything else throws, so a Botkit dialog added
 * later fails in the tests instead of losing its state silently (or keeping it in one instance's memory).
 */
import type { Storage, StoreItems } from 'botbuilder';

export class DialogFreeStorage implements Storage {
  async read(): Promise<StoreItems> {
    return {};
  }

  async write(changes: StoreItems): Promise<void> {
    for (const item of Object.values(changes)) {
      if (!isEmptyDialogState(item)) throw new Error('storage: Botkit dialogs are not supported; keep state in UserStateStore');
    }
  }

  async delete(): Promise<void> {}
}

function isEmptyDialogState(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  return Object.entries(item).every(([key, value]) => {
    if (key === 'eTag') return true;
    if (typeof value !== 'object' || value === null) return false;
    const stack = (value as { dialogStack?: unknown }).dialogStack;
    return Object.keys(value).length === 1 && Array.isArray(stack) && stack.length === 0;
  });
}
