/**
 * One save slot per browser (IndexedDB is shared by every tab of the app), so one tab writes it: the
 * one holding a Web Lock, taken at start-up and kept while the tab lives. A second tab learns it is
 * second (and is told), writes nothing, and takes over when the first one closes. Two tabs writing the
 * same slot once meant the last checkpoint saved, from either tab, silently replaced the other's.
 */

const LOCK_NAME = 'rnn-playground/save-slot';

/** The part of the Web Locks API used here (a fake stands in for it in tests). */
export interface SaveSlotLocks {
  request(name: string, options: { ifAvailable?: boolean; signal?: AbortSignal }, callback: (lock: unknown) => Promise<void>): Promise<unknown>;
}

let isOwner = true;

/** Whether this tab may write the save slot. True where Web Locks are missing (every tab writes, as before). */
export function ownsSaveSlot(): boolean {
  return isOwner;
}

/** Thrown by a write this tab may not make; its message is for the user. */
export class SaveSlotTakenError extends Error {
  override name = 'SaveSlotTakenError';
}

/**
 * Claim the slot; `onChange(false)` when another tab holds it, `onChange(true)` once this tab does.
 * Returns a release function (the lock is also released when the tab closes).
 */
export function claimSaveSlot(onChange: (owns: boolean) => void, locks: SaveSlotLocks | undefined = globalThis.navigator?.locks): () => void {
  if (!locks) return () => undefined;
  const stopWaiting = new AbortController();
  let release: () => void = () => undefined;
  const heldUntilReleased = new Promise<void>((resolve) => (release = resolve));
  const hold = () => {
    isOwner = true;
    onChange(true);
    return heldUntilReleased;
  };
  void locks
    .request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
      if (lock) return hold();
      isOwner = false;
      onChange(false);
      await locks.request(LOCK_NAME, { signal: stopWaiting.signal }, hold).catch(() => undefined);
    })
    .catch(() => undefined);
  return () => {
    stopWaiting.abort();
    release();
  };
}
