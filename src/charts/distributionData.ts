/**
 * Pure preparation for the Data step's BarChart (examples per class) and Histogram (lengths).
 */
import { bin, max, mean, median, min } from 'd3';

export interface BarItem {
  label: string;
  value: number;
}

export interface BarRow extends BarItem {
  /** Key for joins: the label (class names are unique). */
  key: string;
  /** value / total; 0 when the total is 0. */
  share: number;
}

/**
 * Rows with their share of the total, largest first when `isSorted` (so the imbalance reads at a glance), ties kept in
 * input order. Negative or non-finite values are a bug upstream and are rejected.
 */
export function barRows(items: readonly BarItem[], isSorted = true): BarRow[] {
  let total = 0;
  for (const item of items) {
    if (!Number.isFinite(item.value) || item.value < 0) {
      throw new RangeError(`Bar "${item.label}" has value ${item.value}; counts must be finite and non-negative.`);
    }
    total += item.value;
  }
  const rows = items.map((item) => ({ key: item.label, label: item.label, value: item.value, share: total > 0 ? item.value / total : 0 }));
  if (isSorted) return rows.map((row, order) => ({ row, order })).sort((a, b) => b.row.value - a.row.value || a.order - b.order).map(({ row }) => row);
  return rows;
}

export interface HistogramBin {
  /** Inclusive lower edge. */
  x0: number;
  /** Exclusive upper edge (inclusive for the last bin). */
  x1: number;
  count: number;
}

export interface LengthHistogram {
  bins: HistogramBin[];
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
}

/**
 * Bins for sequence lengths. Lengths are whole numbers, so when their range fits in `maxBins` every length gets its
 * own bin (a name of 6 letters is not "5.5 to 6.5"); wider ranges (sentences of 1 to 60 words) use d3.bin's nice
 * thresholds. Non-finite values are ignored.
 */
export function lengthHistogram(values: readonly number[], maxBins = 40): LengthHistogram {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return { bins: [], count: 0, min: 0, max: 0, mean: 0, median: 0 };
  const low = min(finite) ?? 0;
  const high = max(finite) ?? 0;
  const isWhole = finite.every((value) => Number.isInteger(value));
  let bins: HistogramBin[];
  if (isWhole && high - low + 1 <= maxBins) {
    const counts = new Array<number>(high - low + 1).fill(0);
    for (const value of finite) counts[value - low] += 1;
    bins = counts.map((count, offset) => ({ x0: low + offset, x1: low + offset + 1, count }));
  } else {
    const binner = bin().domain([low, high + (isWhole ? 1 : 0)]).thresholds(Math.min(maxBins, 30));
    bins = binner(finite)
      .filter((entry) => entry.x0 !== undefined && entry.x1 !== undefined)
      .map((entry) => ({ x0: entry.x0 as number, x1: entry.x1 as number, count: entry.length }));
  }
  return { bins, count: finite.length, min: low, max: high, mean: mean(finite) ?? 0, median: median(finite) ?? 0 };
}

/** A bin's range as text: '6' for a single whole length, '10–14' for a wider whole-number bin, else '[a, b)'. */
export function binLabel(histogramBin: HistogramBin): string {
  const { x0, x1 } = histogramBin;
  if (Number.isInteger(x0) && Number.isInteger(x1)) return x1 - x0 === 1 ? String(x0) : `${x0}–${x1 - 1}`;
  return `[${x0}, ${x1})`;
}
