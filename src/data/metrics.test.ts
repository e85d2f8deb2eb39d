import { describe, expect, it } from 'vitest';
import {
  accuracy,
  accuracyFromConfusion,
  argmax,
  confusionMatrix,
  macroAccuracy,
  macroAccuracyFromConfusion,
  perClassRecall,
  topK,
} from './metrics';

describe('metrics', () => {
  // 8 of class 0, 1 of class 1, 1 of class 2; a model that always answers 0.
  const truth = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2];
  const alwaysZero = new Array(10).fill(0);

  it('plain accuracy flatters the majority answer; macro accuracy does not', () => {
    expect(accuracy(truth, alwaysZero)).toBeCloseTo(0.8);
    expect(macroAccuracy(truth, alwaysZero, 3)).toBeCloseTo(1 / 3);
  });

  it('counts a confusion matrix with rows = true class, columns = predicted', () => {
    const predicted = [0, 0, 0, 0, 0, 0, 1, 2, 1, 0];
    const confusion = confusionMatrix(truth, predicted, 3);
    expect(confusion).toEqual([6, 1, 1, 0, 1, 0, 1, 0, 0]);
    expect(accuracyFromConfusion(confusion, 3)).toBeCloseTo(0.7);
    expect(perClassRecall(confusion, 3)).toEqual([0.75, 1, 0]);
    expect(macroAccuracyFromConfusion(confusion, 3)).toBeCloseTo(1.75 / 3);
    expect(() => confusionMatrix([0], [3], 3)).toThrow(RangeError);
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(RangeError);
  });

  it('averages macro accuracy only over classes present in the truth', () => {
    // Class 2 never occurs in the truth: it must not count as a 0 recall.
    expect(macroAccuracy([0, 1], [0, 0], 3)).toBeCloseTo(0.5);
    expect(macroAccuracy([], [], 3)).toBe(0);
  });

  it('ranks the top k of a log-prob row', () => {
    const row = Float32Array.from([-2.5, -0.59, -2.39, -3]);
    expect(topK(row, 3).map((r) => r.index)).toEqual([1, 2, 0]);
    expect(topK(row, 3)[0].logProb).toBeCloseTo(-0.59);
    expect(topK(row, 10)).toHaveLength(4);
    expect(argmax(row)).toBe(1);
    expect(argmax([])).toBe(-1);
    expect(topK([Number.NaN, -1, -2], 2).map((r) => r.index)).toEqual([1, 2]);
  });
});
