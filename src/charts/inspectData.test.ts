import { describe, expect, it } from 'vitest';
import { finalShares, gradientNormSeries, layerLabel, prefixCaption, prefixSeries, prefixText, vanishingNote, vanishingRatio } from './inspectData';

const logOf = (rows: number[][]) => ({ rows: rows.length, cols: rows[0].length, data: new Float32Array(rows.flat().map(Math.log)) });

describe('prefixSeries', () => {
  it('draws one P(positive) line for two classes', () => {
    const result = prefixSeries(logOf([[0.3, 0.7], [0.8, 0.2]]), ['negative', 'positive']);
    expect(result.mode).toBe('binary');
    expect(result.series).toHaveLength(1);
    expect(result.series[0].label).toBe('P(positive)');
    expect(result.series[0].points.map((point) => point.y)).toEqual([expect.closeTo(0.7, 5), expect.closeTo(0.2, 5)]);
    expect(result.series[0].points.map((point) => point.x)).toEqual([0, 1]);
  });

  it('keeps the classes that were ever in the top k, ranked by their peak', () => {
    // 4 classes, top 1 per step: class 2 leads at step 0 (0.5), class 0 at step 1 (0.9).
    const result = prefixSeries(logOf([[0.2, 0.2, 0.5, 0.1], [0.9, 0.04, 0.03, 0.03]]), ['a', 'b', 'c', 'd'], { topK: 1 });
    expect(result.mode).toBe('multi');
    expect(result.classes).toEqual([0, 2]);
    expect(result.series.map((series) => series.label)).toEqual(['a', 'c']);
  });

  it('caps the number of lines', () => {
    const row = Array.from({ length: 18 }, () => 1 / 18);
    const result = prefixSeries(logOf([row, row]), Array.from({ length: 18 }, (_, index) => `c${index}`), { topK: 18, maxSeries: 4 });
    expect(result.series).toHaveLength(4);
  });

  it('rejects class names that do not match the matrix', () => {
    expect(() => prefixSeries(logOf([[0.5, 0.5]]), ['only one'])).toThrow(/2 classes but 1 class names/);
  });

  it('spells the prefix as typed', () => {
    expect(prefixText(['N', 'i', 'e'], 1, false)).toBe('Ni');
    expect(prefixText(['not', 'good', 'at', 'all'], 1, true)).toBe('not good');
  });
});

describe('gradient norms', () => {
  it('makes one series per layer and direction with arrows only when bidirectional', () => {
    const series = gradientNormSeries([
      { layer: 0, direction: 'forward', gradNorms: new Float32Array([0.01, 0.1, 1]) },
      { layer: 0, direction: 'reverse', gradNorms: new Float32Array([1, 0.1, 0.01]) },
    ]);
    expect(series.map((entry) => entry.label)).toEqual(['layer 1 →', 'layer 1 ←']);
    expect(series[1].isDashed).toBe(true);
    expect(series[0].points[2]).toEqual({ x: 2, y: 1 });
    expect(layerLabel(1, 'forward', false)).toBe('layer 2');
  });

  it('measures how much gradient reaches the far end, per direction', () => {
    expect(vanishingRatio([0.001, 0.01, 0.1], 'forward')).toEqual({ near: 0.1, far: 0.001, ratio: expect.closeTo(0.01, 10), distance: 2 });
    expect(vanishingRatio([0.1, 0.01, 0.001], 'reverse')?.ratio).toBeCloseTo(0.01);
    expect(vanishingRatio([1], 'forward')).toBeNull();
    expect(vanishingRatio([1, 0], 'forward')).toBeNull();
  });

  it('says the ratio in the caption as the log axis does, never in e-notation', () => {
    // A short SST-2 run read 'layer 1: 1.183e-4× after 7 steps back'.
    expect(vanishingNote('layer 1', { near: 1, far: 1.183e-4, ratio: 1.183e-4, distance: 7 })).toBe('layer 1: 1.2×10⁻⁴ after 7 steps back');
    expect(vanishingNote('layer 1', { near: 1, far: 0.00357, ratio: 0.00357, distance: 7 })).toBe('layer 1: 0.00357 after 7 steps back');
    expect(vanishingNote('layer 2, backward', { near: 0.5, far: 1.5, ratio: 3, distance: 12 })).toBe('layer 2, backward: 3 after 12 steps back');
  });
});

describe('the prediction after the whole text', () => {
  // Korean leads after the first letters (peak 0.8) but ends near 0; the final top 3 is English, German, Czech.
  // The drawn lines are ranked by their peak (Korean first), and the caption used to read those lines in that order.
  const classes = ['Czech', 'English', 'German', 'Korean'];
  const prefixes = logOf([
    [0.05, 0.1, 0.05, 0.8],
    [0.1, 0.3, 0.2, 0.4],
    [0.0995, 0.7, 0.2, 0.0005],
  ]);

  it('ranks classes by their last-step probability, not by their peak', () => {
    const final = finalShares(prefixes, classes, 3);
    expect(final.map((entry) => entry.label)).toEqual(['English', 'German', 'Czech']);
    expect(final.map((entry) => entry.share)).toEqual([expect.closeTo(0.7, 5), expect.closeTo(0.2, 5), expect.closeTo(0.0995, 5)]);
    expect(prefixSeries(prefixes, classes).series.map((series) => series.label).slice(0, 3)).toEqual(['Korean', 'English', 'German']);
  });

  it('names the final top 3 in the caption, in the order of the top-3 list', () => {
    expect(prefixCaption(prefixes, classes)).toBe(
      'Classes that were in the top 3 after any prefix. After the whole text: English 70%, German 20%, Czech 9.9%.',
    );
  });

  it('reads the positive share for two classes and asks for text when there is none', () => {
    expect(prefixCaption(logOf([[0.4, 0.6], [0.25, 0.75]]), ['negative', 'positive'])).toBe(
      'Above 50% the network leans positive. After the whole text: 75%.',
    );
    expect(prefixCaption({ rows: 0, cols: 2, data: new Float32Array(0) }, ['negative', 'positive'])).toMatch(/Type something/);
    expect(finalShares({ rows: 0, cols: 4, data: new Float32Array(0) }, classes)).toEqual([]);
  });
});
