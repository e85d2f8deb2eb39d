/**
 * Colours and type sizes shared by every chart.
 *
 * Why CSS variables: presenter mode and the high-contrast theme are CSS concerns (a class on <body>), so the charts read
 * `--chart-*` variables from their container at construction and on every resize instead of hard-coding pixels and hex
 * values. Anything not set falls back to `DEFAULT_THEME`; a caller can also pass overrides directly.
 *
 * Variables read (all optional):
 *   --chart-fg, --chart-bg, --chart-muted, --chart-grid, --chart-accent, --chart-missing   colours
 *   --chart-font-size (px), --chart-small-font-size (px), --chart-font-family               type
 *   --chart-palette   comma-separated list of categorical colours
 *   --chart-share-ramp   'dark': shares brighten towards 100% (darkShareRamp) instead of darkening
 */
import { color as parseColor, interpolateBlues, interpolateRdBu, interpolateViridis } from 'd3';

/** A colour interpolator: t in [0, 1] → CSS colour. For diverging ones t = 0.5 is zero. */
export type Interpolator = (t: number) => string;

export interface ChartTheme {
  /** Text, axes and rules. */
  foreground: string;
  /** Fill behind tooltips and boxes; also used to knock out text halos. */
  background: string;
  /** Secondary text (counts, captions). */
  muted: string;
  /** Grid lines and empty-cell outlines. */
  grid: string;
  /** Selection and highlights (selected timestep, selected cell). */
  accent: string;
  /** Cells whose value is NaN or infinite (a diverged run), so they never pass for a real value. */
  missing: string;
  fontFamily: string;
  /** Labels and tooltips, in CSS pixels. Presenter mode raises it via --chart-font-size. */
  fontSize: number;
  /** Tick labels and numbers inside cells. */
  smallFontSize: number;
  /**
   * The smallest size a chart drawn scaled down to fit (the network diagram) may shrink its small labels to, in CSS
   * pixels. Presenter mode raises it via --chart-min-font-size: a projected label below about 16 px cannot be read
   * from the back of a room, so there the drawing scrolls sideways sooner instead.
   */
  minScaledFontSize: number;
  /** Series colours: Okabe–Ito by default, distinguishable with the common colour-vision deficiencies. */
  categorical: readonly string[];
  /** Values in [-1, 1] (tanh hidden states): blue negative, white zero, red positive. */
  diverging: Interpolator;
  /** Values in [0, 1] on a dark-to-light perceptually uniform ramp (sigmoid gates). */
  sequential: Interpolator;
  /** Sparse shares (confusion matrix): white for zero so empty cells look empty. */
  sequentialLight: Interpolator;
}

/** Okabe & Ito (2008) colour-blind-safe palette, yellow moved last because it is faint on white. */
export const OKABE_ITO: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#D55E00', // vermillion
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
];

/** RdBu reversed so that negative is blue and positive red (the usual reading of activations). */
const divergingBlueRed: Interpolator = (t) => interpolateRdBu(1 - t);

export const DEFAULT_THEME: ChartTheme = {
  foreground: '#1a1a1a',
  background: '#ffffff',
  muted: '#595959',
  grid: 'rgba(128, 128, 128, 0.3)',
  accent: '#D55E00',
  missing: '#9e9e9e',
  fontFamily: 'system-ui, sans-serif',
  fontSize: 13,
  smallFontSize: 11,
  minScaledFontSize: 9,
  categorical: OKABE_ITO,
  diverging: divergingBlueRed,
  sequential: interpolateViridis,
  sequentialLight: interpolateBlues,
};

/**
 * Shares on a dark card (the confusion matrix): the Blues ramp run the other way, from a deep blue that stands clear of
 * the card at a small share to near white at 100%, so a brighter cell is a larger share. The light ramp's near-white
 * small shares were the brightest cells on a dark card and its 90% cells the closest to the card's black. Chosen by
 * `--chart-share-ramp: dark` (styles.css sets it with the dark colour scheme).
 */
export const darkShareRamp: Interpolator = (t) => interpolateBlues(0.9 - 0.8 * t);

/** Parses a CSS length in px (`"14px"`, `"14"`); anything else (rem, empty) gives null. */
export function parseCssPixels(value: string): number | null {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*(px)?\s*$/.exec(value);
  if (!match) return null;
  const pixels = Number(match[1]);
  return Number.isFinite(pixels) && pixels > 0 ? pixels : null;
}

/**
 * Builds a theme from a variable reader (pure: `read` is `getComputedStyle(el).getPropertyValue` in the browser and a
 * lookup table in tests). `fallbackFontSize` is the element's own computed font size, so a chart inside enlarged text
 * grows with it even when --chart-font-size is not set.
 */
export function themeFromVariables(
  read: (name: string) => string,
  base: ChartTheme = DEFAULT_THEME,
  fallbackFontSize: number | null = null,
): ChartTheme {
  const text = (name: string, fallback: string): string => {
    const value = read(name).trim();
    return value === '' ? fallback : value;
  };
  const fontSize = parseCssPixels(read('--chart-font-size')) ?? fallbackFontSize ?? base.fontSize;
  const smallFontSize =
    parseCssPixels(read('--chart-small-font-size')) ?? Math.max(9, Math.round(fontSize * (base.smallFontSize / base.fontSize)));
  const paletteText = read('--chart-palette').trim();
  const palette = paletteText === '' ? base.categorical : paletteText.split(',').map((entry) => entry.trim()).filter(Boolean);
  return {
    ...base,
    foreground: text('--chart-fg', base.foreground),
    background: text('--chart-bg', base.background),
    muted: text('--chart-muted', base.muted),
    grid: text('--chart-grid', base.grid),
    accent: text('--chart-accent', base.accent),
    missing: text('--chart-missing', base.missing),
    fontFamily: text('--chart-font-family', base.fontFamily),
    fontSize,
    smallFontSize,
    minScaledFontSize: parseCssPixels(read('--chart-min-font-size')) ?? base.minScaledFontSize,
    categorical: palette.length > 0 ? palette : base.categorical,
    sequentialLight: read('--chart-share-ramp').trim() === 'dark' ? darkShareRamp : base.sequentialLight,
  };
}

/** Reads the theme from an element's computed style (browser only), then applies explicit overrides. */
export function readChartTheme(element: Element, overrides: Partial<ChartTheme> = {}): ChartTheme {
  if (typeof getComputedStyle !== 'function') return { ...DEFAULT_THEME, ...overrides };
  const style = getComputedStyle(element);
  const theme = themeFromVariables((name) => style.getPropertyValue(name), DEFAULT_THEME, parseCssPixels(style.fontSize));
  return { ...theme, ...overrides };
}

/** Colour of the `index`-th series; wraps around the palette. */
export function categoricalColor(theme: ChartTheme, index: number): string {
  const palette = theme.categorical;
  return palette[((index % palette.length) + palette.length) % palette.length];
}

/** WCAG relative luminance of a CSS colour, or null when it cannot be parsed. */
export function relativeLuminance(cssColor: string): number | null {
  const parsed = parseColor(cssColor);
  if (!parsed) return null;
  const { r, g, b } = parsed.rgb();
  const channel = (value: number): number => {
    const s = value / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/**
 * Black or white, whichever contrasts more with `fill`: numbers printed inside heat cells must stay legible from the
 * lightest to the darkest end of the ramp.
 */
export function contrastingTextColor(fill: string): '#000000' | '#ffffff' {
  const luminance = relativeLuminance(fill);
  if (luminance === null) return '#000000';
  const contrastWithBlack = (luminance + 0.05) / 0.05;
  const contrastWithWhite = 1.05 / (luminance + 0.05);
  return contrastWithBlack >= contrastWithWhite ? '#000000' : '#ffffff';
}
