/**
 * Pure data preparation for Heatmap: orientation, colour domains, the RGBA pixels the canvas shows, cell geometry and
 * hit-testing. No DOM, so all of it is unit-tested.
 */
import { color as parseColor } from 'd3';
import type { Interpolator } from './chartTheme';
import { estimateTextWidth } from './format';

/**
 * A dense row-major matrix, structurally the same as model/types.ts `Matrix` (`data` may be any array-like, so tests
 * and the embedding view can pass plain arrays). Declared here because charts/ does not import model/.
 */
export interface MatrixLike {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

export class MatrixShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatrixShapeError';
  }
}

/** Checks that `data` holds rows × cols numbers; a mismatch means a trace and its labels got out of step. */
export function checkMatrix(matrix: MatrixLike): void {
  if (!Number.isInteger(matrix.rows) || !Number.isInteger(matrix.cols) || matrix.rows < 0 || matrix.cols < 0) {
    throw new MatrixShapeError(`A heatmap needs whole, non-negative rows and cols; got ${matrix.rows} × ${matrix.cols}.`);
  }
  if (matrix.data.length !== matrix.rows * matrix.cols) {
    throw new MatrixShapeError(
      `A ${matrix.rows} × ${matrix.cols} matrix needs ${matrix.rows * matrix.cols} values, but ${matrix.data.length} were given.`,
    );
  }
}

/**
 * The displayed grid of a matrix. Traces are stored `[T, hiddenSize]` (rows = timesteps) but read best with time
 * running left to right, so `isTransposed` (the default in Heatmap) shows rows = units and columns = timesteps.
 */
export interface HeatmapGrid {
  rows: number;
  cols: number;
  /** Value at displayed (row, col). */
  value: (row: number, col: number) => number;
}

export function heatmapGrid(matrix: MatrixLike, isTransposed: boolean): HeatmapGrid {
  checkMatrix(matrix);
  const { data, cols: stride } = matrix;
  if (isTransposed) {
    return { rows: matrix.cols, cols: matrix.rows, value: (row, col) => data[col * stride + row] };
  }
  return { rows: matrix.rows, cols: matrix.cols, value: (row, col) => data[row * stride + col] };
}

/** 'diverging' for signed values centred on 0 (tanh states, embeddings), 'sequential' for [0, 1] (sigmoid gates). */
export type ColorScaleKind = 'diverging' | 'sequential';

/**
 * The value range mapped onto the colour ramp. Defaults are the activation's true range (tanh [-1, 1], sigmoid [0, 1])
 * so colours mean the same thing across steps, layers and training. 'auto' fits the data (LSTM cell states and
 * embeddings are not bounded): symmetric about 0 for diverging scales so white still means zero.
 */
export function resolveColorDomain(
  kind: ColorScaleKind,
  domain: readonly [number, number] | 'auto' | undefined,
  values: ArrayLike<number>,
): [number, number] {
  if (domain !== undefined && domain !== 'auto') {
    if (!(domain[1] > domain[0])) throw new RangeError(`A colour domain must increase; got [${domain[0]}, ${domain[1]}].`);
    return [domain[0], domain[1]];
  }
  if (domain === undefined) return kind === 'diverging' ? [-1, 1] : [0, 1];
  let low = Infinity;
  let high = -Infinity;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (!Number.isFinite(value)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (low > high) return kind === 'diverging' ? [-1, 1] : [0, 1];
  if (kind === 'diverging') {
    const magnitude = Math.max(Math.abs(low), Math.abs(high)) || 1;
    return [-magnitude, magnitude];
  }
  return low === high ? [low, low + 1] : [low, high];
}

/** A colour ramp sampled into `steps` RGB triples, so painting thousands of cells costs a lookup, not a colour parse. */
export function colorRamp(interpolator: Interpolator, steps = 256): Uint8ClampedArray {
  const ramp = new Uint8ClampedArray(steps * 3);
  for (let index = 0; index < steps; index += 1) {
    const rgb = parseColor(interpolator(steps === 1 ? 0.5 : index / (steps - 1)))?.rgb();
    ramp[index * 3] = rgb?.r ?? 0;
    ramp[index * 3 + 1] = rgb?.g ?? 0;
    ramp[index * 3 + 2] = rgb?.b ?? 0;
  }
  return ramp;
}

/** Parses a CSS colour to [r, g, b] (grey when unparsable). */
export function cssToRgb(cssColor: string): [number, number, number] {
  const rgb = parseColor(cssColor)?.rgb();
  return rgb ? [rgb.r, rgb.g, rgb.b] : [128, 128, 128];
}

/**
 * RGBA pixels of the displayed grid, one pixel per cell, row-major (`rows × cols × 4`), ready for `ImageData`.
 * Values outside the domain are clamped to the ramp's ends; non-finite values get `missing`, so a NaN never looks
 * like a real activation.
 */
export function heatmapPixels(
  grid: HeatmapGrid,
  domain: readonly [number, number],
  ramp: Uint8ClampedArray,
  missing: readonly [number, number, number],
): Uint8ClampedArray {
  const steps = ramp.length / 3;
  const pixels = new Uint8ClampedArray(grid.rows * grid.cols * 4);
  const [low, high] = domain;
  const span = high - low;
  for (let row = 0; row < grid.rows; row += 1) {
    for (let col = 0; col < grid.cols; col += 1) {
      const value = grid.value(row, col);
      const offset = (row * grid.cols + col) * 4;
      if (!Number.isFinite(value)) {
        pixels[offset] = missing[0];
        pixels[offset + 1] = missing[1];
        pixels[offset + 2] = missing[2];
      } else {
        const t = Math.min(1, Math.max(0, (value - low) / span));
        const step = Math.round(t * (steps - 1)) * 3;
        pixels[offset] = ramp[step];
        pixels[offset + 1] = ramp[step + 1];
        pixels[offset + 2] = ramp[step + 2];
      }
      pixels[offset + 3] = 255;
    }
  }
  return pixels;
}

/** Where the cells sit in the chart, in CSS px. */
export interface CellGeometry {
  left: number;
  top: number;
  cellWidth: number;
  cellHeight: number;
  rows: number;
  cols: number;
}

/** The displayed cell under a point, or null outside the grid (hover and click hit-testing). */
export function cellAtPoint(x: number, y: number, geometry: CellGeometry): { row: number; col: number } | null {
  const col = Math.floor((x - geometry.left) / geometry.cellWidth);
  const row = Math.floor((y - geometry.top) / geometry.cellHeight);
  if (col < 0 || row < 0 || col >= geometry.cols || row >= geometry.rows) return null;
  return { row, col };
}

export interface CellSizeLimits {
  /** Width available for the cells. */
  availableWidth: number;
  /** The tallest the cell block may be. */
  maxPlotHeight: number;
  /** Eight letters should not stretch across a 1920 px projector. */
  maxCellWidth: number;
  maxCellHeight: number;
}

/**
 * Cell size: as wide as fits up to `maxCellWidth`, as tall as fits up to `maxCellHeight` (128 hidden units get 2 px rows,
 * 8 embedding dims get comfortable ones). Never below 1 px.
 */
export function cellSize(rows: number, cols: number, limits: CellSizeLimits): { cellWidth: number; cellHeight: number } {
  const cellWidth = cols === 0 ? limits.maxCellWidth : Math.max(1, Math.min(limits.maxCellWidth, limits.availableWidth / cols));
  const cellHeight = rows === 0 ? limits.maxCellHeight : Math.max(1, Math.min(limits.maxCellHeight, Math.floor(limits.maxPlotHeight / rows)));
  return { cellWidth, cellHeight };
}

/**
 * Which labels to print along an axis of `count` cells of `cellExtent` px: every `stride`-th one, so labels never
 * overlap. `labelExtent` is the space one label needs along the axis.
 */
export function labelStride(count: number, cellExtent: number, labelExtent: number): number {
  if (count === 0 || cellExtent <= 0) return 1;
  return Math.max(1, Math.ceil(labelExtent / cellExtent));
}

/** Whether column labels must be rotated: any label wider than its column. */
export function needsRotatedLabels(labels: readonly string[], cellWidth: number, fontSize: number): boolean {
  return labels.some((label) => estimateTextWidth(label, fontSize) > cellWidth - 2);
}
