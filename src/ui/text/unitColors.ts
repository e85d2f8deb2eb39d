/**
 * The diverging colour of a hidden unit's activation: red below zero, white at zero, blue above (ColorBrewer
 * RdBu through d3), over a symmetric domain [−m, m] with m the unit's largest |activation| on the text, so a
 * unit that moves little still shows its pattern. Text on the darkest fifth of the scale is white, elsewhere
 * black: both keep a contrast of at least 4.5:1 (WCAG AA).
 */
import { interpolateRdBu } from 'd3';

/** Where on the scale text turns white (fraction of m). */
const DARK_FROM = 0.7;

export interface UnitColor {
  background: string;
  text: string;
}

/** The largest |value| (1e-6 at least, so an all-zero unit still has a scale). */
export function symmetricExtent(values: ArrayLike<number>): number {
  let extent = 1e-6;
  for (let i = 0; i < values.length; i++) extent = Math.max(extent, Math.abs(values[i]));
  return extent;
}

/** Colour of `value` on [−extent, extent]. */
export function unitColor(value: number, extent: number): UnitColor {
  const scaled = Math.max(-1, Math.min(1, value / extent));
  // interpolateRdBu runs red (0) → white (0.5) → blue (1).
  return { background: interpolateRdBu((scaled + 1) / 2), text: Math.abs(scaled) > DARK_FROM ? '#ffffff' : '#000000' };
}
