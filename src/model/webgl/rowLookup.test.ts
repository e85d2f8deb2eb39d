import { describe, expect, it } from 'vitest';
import { NO_ROW, positionsByRow } from './rowLookup';

describe('positionsByRow', () => {
  it('groups every position under the row it reads, in position order, rows nobody reads empty', () => {
    const slots = Int32Array.from([3, 1, 3, 0, 3, 1]);
    const { starts, positions } = positionsByRow(slots, 5);
    expect(Array.from(starts)).toEqual([0, 1, 3, 3, 6, 6]);
    expect(Array.from(positions)).toEqual([3, 1, 5, 0, 2, 4]);
    // Every position once, each under its own slot.
    for (let row = 0; row < 5; row++) {
      for (const position of positions.subarray(starts[row], starts[row + 1])) expect(slots[position]).toBe(row);
    }
  });

  it('leaves out positions that read no row (padding)', () => {
    const { starts, positions } = positionsByRow(Int32Array.from([NO_ROW, 1, NO_ROW, 0]), 2);
    expect(Array.from(starts)).toEqual([0, 1, 2]);
    expect(Array.from(positions)).toEqual([3, 1]);
  });

  it('refuses a slot outside the rows', () => {
    expect(() => positionsByRow(Int32Array.from([0, 4]), 4)).toThrow('Slot 4 is outside the 4 rows');
    expect(() => positionsByRow(Int32Array.from([-2]), 4)).toThrow('Slot -2 is outside');
  });
});
