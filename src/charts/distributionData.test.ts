import { describe, expect, it } from 'vitest';
import { barRows, binLabel, lengthHistogram } from './distributionData';

describe('barRows', () => {
  const items = [
    { label: 'Korean', value: 94 },
    { label: 'Russian', value: 9408 },
    { label: 'English', value: 3668 },
    { label: 'Irish', value: 94 },
  ];

  it('sorts largest first, keeps ties in input order and computes shares', () => {
    const rows = barRows(items);
    expect(rows.map((row) => row.label)).toEqual(['Russian', 'English', 'Korean', 'Irish']);
    const total = 94 + 9408 + 3668 + 94;
    expect(rows[0].share).toBeCloseTo(9408 / total);
    expect(rows.reduce((sum, row) => sum + row.share, 0)).toBeCloseTo(1);
  });

  it('keeps input order when not sorting and copes with an all-zero total', () => {
    expect(barRows(items, false).map((row) => row.label)).toEqual(['Korean', 'Russian', 'English', 'Irish']);
    expect(barRows([{ label: 'a', value: 0 }])[0].share).toBe(0);
  });

  it('rejects negative or non-finite counts', () => {
    expect(() => barRows([{ label: 'x', value: -1 }])).toThrow(/"x" has value -1/);
    expect(() => barRows([{ label: 'y', value: NaN }])).toThrow(RangeError);
  });
});

describe('lengthHistogram', () => {
  it('gives every whole length its own bin when the range is small', () => {
    const histogram = lengthHistogram([3, 4, 4, 6, 6, 6]);
    expect(histogram.bins).toEqual([
      { x0: 3, x1: 4, count: 1 },
      { x0: 4, x1: 5, count: 2 },
      { x0: 5, x1: 6, count: 0 },
      { x0: 6, x1: 7, count: 3 },
    ]);
    expect(histogram).toMatchObject({ count: 6, min: 3, max: 6, median: 5 });
    expect(histogram.mean).toBeCloseTo(29 / 6);
  });

  it('groups wide ranges into at most maxBins bins that still count every value', () => {
    const values = Array.from({ length: 500 }, (_, index) => 1 + (index % 120));
    const histogram = lengthHistogram(values, 20);
    expect(histogram.bins.length).toBeLessThanOrEqual(30);
    expect(histogram.bins.length).toBeGreaterThan(1);
    expect(histogram.bins.reduce((sum, entry) => sum + entry.count, 0)).toBe(500);
    expect(histogram.bins[0].x0).toBeLessThanOrEqual(1);
  });

  it('is empty for no finite values', () => {
    expect(lengthHistogram([NaN]).bins).toEqual([]);
  });

  it('labels bins readably', () => {
    expect(binLabel({ x0: 6, x1: 7, count: 1 })).toBe('6');
    expect(binLabel({ x0: 10, x1: 15, count: 1 })).toBe('10–14');
    expect(binLabel({ x0: 0.5, x1: 1, count: 1 })).toBe('[0.5, 1)');
  });
});
