/**
 * A table's column of measured magnitudes (gradient norms span 1e-8..1e2) printed one way, so the eye compares
 * them down the column. Each value alone had its own look: the Memory lab's gradient table showed "0.003287",
 * "0.0725" and "1.235e-7" one above the other. Here a column is either plain decimals, every value with the
 * decimals that give the smallest one 3 significant figures ("0.00329", "0.0725" → "0.0725", "0.0630"), or, when
 * its values are tiny, huge or more than a thousand times apart, every value as a power of ten with 3 significant
 * figures ("3.29 × 10⁻³", "1.24 × 10⁻⁷"), the notation of the charts' log axes. Exact zeros (a gradient cut by
 * truncated BPTT) and missing values keep their own words.
 */
import { superscript } from '../../charts/format';

/** Plain decimals only inside [1e-3, 1e4) and within three decades; a column past that is all powers of ten. */
const PLAIN_LOW = 1e-3;
const PLAIN_HIGH = 1e4;
const PLAIN_SPAN = 1e3;
const MAX_DECIMALS = 6;

export interface NumberColumnOptions {
  /** Significant figures of the smallest value (plain) or of each value (powers of ten); 3 by default. */
  significant?: number;
  /** What an exact zero reads as; "0" by default. */
  zero?: string;
  /** What a missing or non-finite value reads as; "—" by default. */
  missing?: string;
}

/** How a column prints: plain with a number of decimals, or powers of ten. */
export type ColumnNotation = { kind: 'plain'; decimals: number } | { kind: 'power' };

/** The one notation for all the finite non-zero values of a column. */
export function columnNotation(values: readonly (number | null)[], significant = 3): ColumnNotation {
  const magnitudes = values.filter((value): value is number => value !== null && Number.isFinite(value) && value !== 0).map(Math.abs);
  if (magnitudes.length === 0) return { kind: 'plain', decimals: 0 };
  const smallest = Math.min(...magnitudes);
  const largest = Math.max(...magnitudes);
  if (smallest < PLAIN_LOW || largest >= PLAIN_HIGH || largest / smallest >= PLAIN_SPAN) return { kind: 'power' };
  const decimals = significant - 1 - Math.floor(Math.log10(smallest));
  return { kind: 'plain', decimals: Math.min(MAX_DECIMALS, Math.max(0, decimals)) };
}

/** "3.29 × 10⁻³", with a real minus sign for a negative value. */
export function formatPowerOfTen(value: number, significant = 3): string {
  const [mantissa, exponent] = Math.abs(value).toExponential(significant - 1).split('e');
  const power = superscript(Number(exponent));
  return `${value < 0 ? '−' : ''}${mantissa} × 10${power}`;
}

/** Every value of one column, printed the column's one way (see the module's comment). */
export function formatNumberColumn(values: readonly (number | null)[], options: NumberColumnOptions = {}): string[] {
  const { significant = 3, zero = '0', missing = '—' } = options;
  const notation = columnNotation(values, significant);
  return values.map((value) => {
    if (value === null || !Number.isFinite(value)) return missing;
    if (value === 0) return zero;
    const text = notation.kind === 'plain' ? Math.abs(value).toFixed(notation.decimals) : formatPowerOfTen(Math.abs(value), significant);
    return value < 0 ? `−${text}` : text;
  });
}
