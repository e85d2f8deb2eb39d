import { describe, expect, it } from 'vitest';
import { claimSaveSlot, ownsSaveSlot, type SaveSlotLocks } from './saveSlot';

/** A minimal in-memory Web Locks: exclusive, FIFO, `ifAvailable` gets null when held. */
function fakeLocks(): SaveSlotLocks {
  let held = false;
  const queue: (() => void)[] = [];
  return {
    async request(_name, options, callback) {
      if (held && options.ifAvailable) return callback(null);
      if (held) await new Promise<void>((resolve) => queue.push(resolve));
      held = true;
      try {
        return await callback({});
      } finally {
        held = false;
        queue.shift()?.();
      }
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('claimSaveSlot', () => {
  it('gives the slot to the first tab, tells the second, and hands over when the first closes', async () => {
    const locks = fakeLocks();
    const first: boolean[] = [];
    const second: boolean[] = [];
    const releaseFirst = claimSaveSlot((owns) => first.push(owns), locks);
    await settle();
    const releaseSecond = claimSaveSlot((owns) => second.push(owns), locks);
    await settle();
    expect(first).toEqual([true]);
    expect(second).toEqual([false]);
    expect(ownsSaveSlot()).toBe(false);
    releaseFirst();
    await settle();
    await settle();
    expect(second).toEqual([false, true]);
    expect(ownsSaveSlot()).toBe(true);
    releaseSecond();
  });

  it('lets every tab write where Web Locks are missing', () => {
    const changes: boolean[] = [];
    claimSaveSlot((owns) => changes.push(owns), undefined)();
    expect(changes).toEqual([]);
    expect(ownsSaveSlot()).toBe(true);
  });
});
