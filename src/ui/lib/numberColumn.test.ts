import { describe, expect, it } from 'vitest';
import { columnNotation, formatNumberColumn, formatPowerOfTen } from './numberColumn';

/** Digits after the decimal point of a plain number, or null for a power of ten. */
const decimalsOf = (text: string) => (text.includes('×') ? null : (text.split('.')[1] ?? '').length);

describe('formatNumberColumn', () => {
  it("prints a column of gradient norms with one number of decimals: the smallest value's 3 significant figures", () => {
    // The Memory lab's race at distance 4 (hidden 4, 10 steps) gave "0.003287", "0.001195", "0.01774" one above the other.
    const firstStep = formatNumberColumn([0.003287, 0.001195, 0.01774]);
    expect(firstStep).toEqual(['0.00329', '0.00120', '0.01774']);
    expect(new Set(firstStep.map(decimalsOf)).size).toBe(1);
    // "0.06302" and "0.0725": four decimals and three before.
    expect(formatNumberColumn([0.06302, 0.0725, 0.06976])).toEqual(['0.0630', '0.0725', '0.0698']);
  });

  it('prints every value as a power of ten when one is tiny, not only that one', () => {
    // A vanishing RNN gradient beside gated ones: "1.235e-7" under "0.01774" before.
    const column = formatNumberColumn([1.2345e-7, 0.001195, 0.01774]);
    expect(column).toEqual(['1.23 × 10⁻⁷', '1.20 × 10⁻³', '1.77 × 10⁻²']);
    expect(column.every((text) => /^\d\.\d\d × 10[⁻⁰-⁹¹²³]+$/.test(text))).toBe(true);
  });

  it('goes to powers of ten for a column more than a thousand times apart, or past 10,000', () => {
    expect(columnNotation([0.002, 5])).toEqual({ kind: 'power' });
    expect(columnNotation([0.002, 1.9])).toEqual({ kind: 'plain', decimals: 5 });
    expect(formatNumberColumn([12_345, 200])).toEqual(['1.23 × 10⁴', '2.00 × 10²']);
    expect(formatNumberColumn([2.5, 12.25, 130])).toEqual(['2.50', '12.25', '130.00']);
  });

  it('keeps exact zeros and missing values in their own words, out of the choice', () => {
    expect(formatNumberColumn([0, 0.0521, Number.NaN, null], { zero: '0 (cut)' })).toEqual(['0 (cut)', '0.0521', '—', '—']);
    expect(formatNumberColumn([0, 0])).toEqual(['0', '0']);
  });

  it('rounds at the mantissa without printing 10.0 × 10ⁿ, and writes a real minus sign', () => {
    expect(formatPowerOfTen(9.996e-5)).toBe('1.00 × 10⁻⁴');
    expect(formatPowerOfTen(-3.14159e12)).toBe('−3.14 × 10¹²');
    expect(formatNumberColumn([-0.05, 0.02])).toEqual(['−0.0500', '0.0200']);
  });
});
