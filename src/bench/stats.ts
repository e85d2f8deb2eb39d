/** Small statistics for timing samples. Pure functions, no DOM. */

/**
 * The q-quantile (0..1) of `values` with linear interpolation between order statistics
 * (numpy's default), so p10/p50/p90 of 20 samples are well defined. NaN for an empty list.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  if (q < 0 || q > 1) throw new RangeError(`quantile: q must be within 0..1, got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const weight = position - lower;
  return sorted[lower] * (1 - weight) + sorted[upper] * weight;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Round for display and JSON: timing noise makes more digits meaningless. */
export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
