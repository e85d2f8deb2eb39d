import { describe, expect, it } from 'vitest';
import { summariseSoak } from './measure';
import type { SoakSample } from './types';

function minute(index: number, ms: number, tensors: number, heapMB: number | null): SoakSample {
  return { minute: index, steps: 1000, msPerStepMedian: ms, tensors, heapMB };
}

describe('summariseSoak', () => {
  it('measures growth from the first minute to the last', () => {
    const report = summariseSoak(3, [minute(1, 40, 26, 6.8), minute(2, 41, 26, 7.0), minute(3, 40, 30, 7.3)]);
    expect(report.totalSteps).toBe(3000);
    expect(report.tensorGrowth).toBe(4);
    expect(report.heapGrowthMB).toBeCloseTo(0.5, 5);
  });

  it('compares thirds, so one busy minute in the middle is not a slowdown', () => {
    const samples = [40, 41, 40, 90, 40, 41, 40, 40, 41].map((ms, i) => minute(i + 1, ms, 26, 7));
    expect(summariseSoak(9, samples).slowdown).toBeCloseTo(1, 1);
    const slower = [40, 40, 40, 50, 55, 60, 80, 80, 80].map((ms, i) => minute(i + 1, ms, 26, 7));
    expect(summariseSoak(9, slower).slowdown).toBe(2);
  });

  it('reports no heap growth when the heap cannot be read', () => {
    expect(summariseSoak(1, [minute(1, 40, 26, null)]).heapGrowthMB).toBeNull();
  });
});
