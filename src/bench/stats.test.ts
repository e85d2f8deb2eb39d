import { describe, expect, it } from 'vitest';
import { median, quantile, round } from './stats';

describe('quantile', () => {
  it('interpolates between order statistics like numpy', () => {
    const values = [5, 1, 4, 2, 3];
    expect(quantile(values, 0)).toBe(1);
    expect(quantile(values, 1)).toBe(5);
    expect(median(values)).toBe(3);
    expect(quantile(values, 0.1)).toBeCloseTo(1.4, 10);
    expect(quantile(values, 0.9)).toBeCloseTo(4.6, 10);
  });

  it('takes the mean of the middle pair for an even count', () => {
    expect(median([10, 40, 20, 30])).toBe(25);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });

  it('gives NaN for no samples and refuses a q outside 0..1', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(() => quantile([1], 1.5)).toThrow(/0\.\.1/);
  });
});

describe('round', () => {
  it('keeps the asked number of digits', () => {
    expect(round(12.3456, 1)).toBe(12.3);
    expect(round(0.78149, 3)).toBe(0.781);
  });
});
