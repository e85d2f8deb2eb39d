/**
 * Number and label formatting shared by tooltips, legends and axes. Pure.
 */
import { format } from 'd3';

const grouped = format(',.0f');
const significant = format('.4~g');
const scientific = format('.3~e');
const percentWhole = format('.0%');
const percentOne = format('.1%');

/**
 * A value for a tooltip: integers grouped (`9,408`), tiny or huge magnitudes in scientific notation (gradient norms
 * span 1e-8..1e2), the rest to 4 significant digits. Non-finite values are spelled out, since a diverged loss is news.
 */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) && magnitude < 1e9) return grouped(value);
  if (magnitude < 1e-3 || magnitude >= 1e6) return scientific(value);
  return significant(value);
}

/** Integer count with thousands separators. */
export function formatCount(count: number): string {
  return grouped(count);
}

/** A share in [0, 1] as a percentage: one decimal below 10 %, whole numbers above; `<0.1%` rather than a lying `0%`. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return '–';
  if (share === 0) return '0%';
  if (share > 0 && share < 0.001) return '<0.1%';
  return share < 0.1 ? percentOne(share) : percentWhole(share);
}

/** Shortens a label to `maxChars` with an ellipsis (long words on narrow columns). */
export function truncateLabel(label: string, maxChars: number): string {
  const characters = Array.from(label);
  if (characters.length <= maxChars) return label;
  return characters.slice(0, Math.max(1, maxChars - 1)).join('') + '…';
}

/**
 * Rough width of a label in px without a DOM (average glyph ≈ 0.6 em for UI fonts). Used to size margins before
 * anything is rendered, so layouts stay pure and testable.
 */
export function estimateTextWidth(label: string, fontSize: number): number {
  return Array.from(label).length * fontSize * 0.6;
}

/**
 * Makes invisible symbols visible in labels and symbol lists: a space becomes "␣" (the one-hot alphabet contains one;
 * "␠" renders as an empty box in common fonts), a tab "⇥", a line break "↵" (the text lab's alphabets hold them).
 */
export function visibleSymbol(symbol: string): string {
  if (symbol === ' ') return '␣';
  if (symbol === '\n') return '↵';
  if (symbol === '\t') return '⇥';
  return symbol;
}

const subscriptDigits = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];

/** `subscript(12)` → `₁₂`, for labels such as h₃ and x₁₂ in diagrams. */
export function subscript(value: number): string {
  return String(value)
    .split('')
    .map((digit) => (digit >= '0' && digit <= '9' ? subscriptDigits[Number(digit)] : digit))
    .join('');
}

const SUPERSCRIPT_DIGITS: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** An integer exponent in superscript digits: -3 → "⁻³", for "10⁻³". */
export function superscript(exponent: number): string {
  return Array.from(String(exponent), (character) => SUPERSCRIPT_DIGITS[character] ?? character).join('');
}
