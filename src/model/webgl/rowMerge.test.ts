import { describe, expect, it } from 'vitest';
import { rowSegments } from './rowMerge';

describe('rowSegments', () => {
  it('places each row as one run in a texture as wide as the table', () => {
    // Table [V, 5] in a texture 5 wide: row id is texture row id.
    expect(Array.from(rowSegments(Int32Array.from([3, 0]), 5, 5))).toEqual([0, 3, 5, 0, 0, 0, 5, 5]);
  });

  it('splits a row where a texture row ends, the source index running on', () => {
    // Table [V, 7] in a texture 26 wide: row 3 is values 21…27, texels (21..25, 0) and (0..1, 1).
    expect(Array.from(rowSegments(Int32Array.from([3]), 7, 26))).toEqual([21, 0, 5, 0, 0, 1, 2, 5]);
    // Slot 1's values start at 7; row 11 is values 77…83: texel (25, 2), then (0..5, 3).
    expect(Array.from(rowSegments(Int32Array.from([0, 11]), 7, 26))).toEqual([0, 0, 7, 0, 25, 2, 1, 7, 0, 3, 6, 8]);
  });
});
