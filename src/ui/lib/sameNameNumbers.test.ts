import { describe, expect, it } from 'vitest';
import { runReference, sameNameNumbers } from './sameNameNumbers';

const SAME = 'LSTM 8 · Adam 0.005 · 1 epoch';

describe('sameNameNumbers', () => {
  it('numbers the runs that share a name in the order they were kept, whatever order the list shows', () => {
    const runs = [
      { id: 'e', name: SAME, createdAt: 50 },
      { id: 'x', name: 'GRU try', createdAt: 45 },
      { id: 'd', name: SAME, createdAt: 40 },
      { id: 'c', name: SAME, createdAt: 30 },
      { id: 'b', name: SAME, createdAt: 20 },
      { id: 'a', name: SAME, createdAt: 10 },
    ];
    const numbers = sameNameNumbers(runs);
    expect([...'abcde'].map((id) => numbers.get(id))).toEqual([1, 2, 3, 4, 5]);
    expect(numbers.has('x'), 'a name of its own needs no number').toBe(false);
  });

  it('gives every namesake a different number, also when kept in the same millisecond (a race)', () => {
    const numbers = sameNameNumbers([
      { id: 'r2', name: SAME, createdAt: 7 },
      { id: 'r1', name: SAME, createdAt: 7 },
    ]);
    expect(numbers).toEqual(new Map([['r1', 1], ['r2', 2]]));
  });

  it('numbers nothing when every name differs', () => {
    expect(sameNameNumbers([{ id: 'a', name: 'one', createdAt: 1 }, { id: 'b', name: 'two', createdAt: 1 }]).size).toBe(0);
  });
});

describe('runReference', () => {
  it('adds the number only where the name is shared', () => {
    expect(runReference('GRU try', undefined)).toBe('"GRU try"');
    expect(runReference(SAME, 3)).toBe(`"${SAME}" #3`);
  });
});
