import { describe, expect, it } from 'vitest';
import {
  MatrixShapeError,
  cellAtPoint,
  cellSize,
  colorRamp,
  heatmapGrid,
  heatmapPixels,
  labelStride,
  needsRotatedLabels,
  resolveColorDomain,
} from './heatmapData';

// A [T=2, H=3] trace: rows are timesteps, as model/types.ts stores them.
const trace = { rows: 2, cols: 3, data: new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]) };

describe('heatmapGrid', () => {
  it('transposes [T, H] to rows = units, columns = timesteps', () => {
    const grid = heatmapGrid(trace, true);
    expect([grid.rows, grid.cols]).toEqual([3, 2]);
    expect(grid.value(0, 1)).toBeCloseTo(0.4); // unit 0 at step 1
    expect(grid.value(2, 0)).toBeCloseTo(0.3); // unit 2 at step 0
  });

  it('keeps the stored orientation when not transposed', () => {
    const grid = heatmapGrid(trace, false);
    expect([grid.rows, grid.cols]).toEqual([2, 3]);
    expect(grid.value(1, 2)).toBeCloseTo(0.6);
  });

  it('rejects data that does not match its shape, with the numbers', () => {
    expect(() => heatmapGrid({ rows: 2, cols: 3, data: [1, 2] }, true)).toThrow(MatrixShapeError);
    expect(() => heatmapGrid({ rows: 2, cols: 3, data: [1, 2] }, true)).toThrow(/needs 6 values, but 2/);
  });
});

describe('resolveColorDomain', () => {
  it('defaults to the activation range', () => {
    expect(resolveColorDomain('diverging', undefined, [5])).toEqual([-1, 1]);
    expect(resolveColorDomain('sequential', undefined, [5])).toEqual([0, 1]);
  });

  it('fits diverging data symmetrically about zero so white stays zero', () => {
    expect(resolveColorDomain('diverging', 'auto', [-0.5, 2.5, NaN])).toEqual([-2.5, 2.5]);
  });

  it('fits sequential data to its range', () => {
    expect(resolveColorDomain('sequential', 'auto', [0.2, 0.7])).toEqual([0.2, 0.7]);
  });

  it('rejects a decreasing explicit domain', () => {
    expect(() => resolveColorDomain('sequential', [1, 0], [])).toThrow(/must increase/);
  });
});

describe('heatmapPixels', () => {
  const ramp = colorRamp((t) => `rgb(${Math.round(t * 255)}, 0, ${Math.round((1 - t) * 255)})`, 256);

  it('maps the ends of the domain to the ends of the ramp and clamps beyond', () => {
    const grid = heatmapGrid({ rows: 1, cols: 4, data: [-1, 1, 5, NaN] }, false);
    const pixels = heatmapPixels(grid, [-1, 1], ramp, [7, 8, 9]);
    expect(Array.from(pixels.slice(0, 4))).toEqual([0, 0, 255, 255]);
    expect(Array.from(pixels.slice(4, 8))).toEqual([255, 0, 0, 255]);
    expect(Array.from(pixels.slice(8, 12))).toEqual([255, 0, 0, 255]);
    expect(Array.from(pixels.slice(12, 16))).toEqual([7, 8, 9, 255]);
  });

  it('lays pixels out in displayed row-major order', () => {
    const grid = heatmapGrid({ rows: 2, cols: 1, data: [-1, 1] }, true); // displayed 1 row × 2 cols
    const pixels = heatmapPixels(grid, [-1, 1], ramp, [0, 0, 0]);
    expect(pixels.length).toBe(8);
    expect(pixels[0]).toBe(0);
    expect(pixels[4]).toBe(255);
  });
});

describe('geometry', () => {
  const geometry = { left: 10, top: 20, cellWidth: 5, cellHeight: 2, rows: 3, cols: 4 };

  it('hit-tests cells and misses outside the grid', () => {
    expect(cellAtPoint(10, 20, geometry)).toEqual({ row: 0, col: 0 });
    expect(cellAtPoint(29.9, 25.9, geometry)).toEqual({ row: 2, col: 3 });
    expect(cellAtPoint(30, 21, geometry)).toBeNull();
    expect(cellAtPoint(9, 21, geometry)).toBeNull();
  });

  it('caps cell size and never goes below one pixel', () => {
    expect(cellSize(128, 8, { availableWidth: 800, maxPlotHeight: 300, maxCellWidth: 48, maxCellHeight: 16 })).toEqual({ cellWidth: 48, cellHeight: 2 });
    expect(cellSize(1000, 2000, { availableWidth: 800, maxPlotHeight: 300, maxCellWidth: 48, maxCellHeight: 16 })).toEqual({ cellWidth: 1, cellHeight: 1 });
  });

  it('thins labels that would overlap and rotates long ones', () => {
    expect(labelStride(128, 2, 12)).toBe(6);
    expect(labelStride(8, 40, 12)).toBe(1);
    expect(needsRotatedLabels(['N', 'i'], 30, 12)).toBe(false);
    expect(needsRotatedLabels(['terrible'], 30, 12)).toBe(true);
  });
});
