/**
 * How the word labels under a chart's x axis are laid out (the prefix chart and ‖∂L/∂h_t‖ put one word per step):
 * decided from the room each word has, so no two labels ever overprint. Pure: the chart passes a measure (the page's
 * font in the browser, the glyph estimate in tests).
 *
 * The rule, in order:
 *   1. Upright, every word, whole, when the widest word and a gap fit the slot (the width between two steps).
 *   2. Else rotated (−60°, as the heatmaps' column labels below): rotated labels stack along the axis one text line
 *      apart, so a slot of about 1.4 lines shows every word. A word longer than `maxRotatedEm` ems is cut with "…" (a
 *      3,000-letter word would push the plot off the card); the chart puts the whole word in the label's tooltip.
 *   3. Where even rotated labels do not fit one per slot, every `stride`-th word is shown.
 */
import { estimateTextWidth } from './format';

/** The angle of rotated labels, in degrees (negative: reading up to the right, ending at the tick). */
export const ROTATED_LABEL_ANGLE = -60;

export interface TickLabelLayout {
  /** Every `stride`-th label is drawn (1: all of them). */
  stride: number;
  /** 0 (upright) or ROTATED_LABEL_ANGLE. */
  angle: number;
  /** The text drawn for each label (all of them, drawn or not): whole, or cut with "…" when rotated and long. */
  texts: string[];
  /** The height the drawn labels take below the axis line, in px (for the chart's bottom margin). */
  height: number;
}

export interface TickLabelOptions {
  /** Width of one label in px; default: the glyph estimate at `fontSize`. */
  measure?: (text: string) => number;
  /** The longest a rotated label may be, in ems of `fontSize` (default 8: "flimflammery" stays whole). */
  maxRotatedEm?: number;
}

/** Line height of a label as a share of its font size. */
const LINE = 1.2;

/**
 * The layout of `labels`, one per slot of `slotWidth` px, at `fontSize` px. See the module comment for the rule.
 */
export function tickLabelLayout(labels: readonly string[], slotWidth: number, fontSize: number, options: TickLabelOptions = {}): TickLabelLayout {
  const measure = options.measure ?? ((text: string) => estimateTextWidth(text, fontSize));
  const lineHeight = fontSize * LINE;
  const gap = fontSize * 0.4;
  const widths = labels.map(measure);
  const widest = Math.max(0, ...widths);
  if (labels.length === 0 || widest + gap <= slotWidth) {
    return { stride: 1, angle: 0, texts: [...labels], height: lineHeight };
  }
  const radians = (Math.abs(ROTATED_LABEL_ANGLE) * Math.PI) / 180;
  // Two neighbouring rotated labels are parallel lines `slot · sin θ` apart: at least a text line is needed.
  const stride = Math.max(1, Math.ceil(lineHeight / (Math.max(slotWidth, 1e-6) * Math.sin(radians))));
  const maxLength = fontSize * (options.maxRotatedEm ?? 8);
  const texts = labels.map((label, index) => (widths[index] <= maxLength ? label : cutToWidth(label, maxLength, measure)));
  const longest = Math.max(0, ...texts.filter((_, index) => index % stride === 0).map(measure));
  return { stride, angle: ROTATED_LABEL_ANGLE, texts, height: longest * Math.sin(radians) + fontSize * Math.cos(radians) };
}

/** `label` cut (by whole characters, emoji included) so that it and its "…" measure at most `maxLength`. */
function cutToWidth(label: string, maxLength: number, measure: (text: string) => number): string {
  const characters = Array.from(label);
  let low = 1;
  let high = characters.length - 1;
  // The longest prefix that fits, by bisection: a 3,000-letter word is measured a dozen times, not 3,000.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measure(`${characters.slice(0, middle).join('')}…`) <= maxLength) low = middle;
    else high = middle - 1;
  }
  return `${characters.slice(0, low).join('')}…`;
}
