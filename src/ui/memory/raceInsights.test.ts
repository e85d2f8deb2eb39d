import { describe, expect, it } from 'vitest';
import type { RaceEvent } from '../../worker/protocol';
import { addInsightEvents, formatRatio, gradientMatrix, gradientSummary, sharedLogDomain } from './raceInsights';

const insight = (member: number, step: number, gradNorms: number[]): RaceEvent => ({ kind: 'insight', member, step, gradNorms, gates: [], memorySpan: null });

describe('race insights', () => {
  it('folds insight events per member and ignores the others, without touching the old state', () => {
    const before = addInsightEvents([], [insight(1, 0, [1, 2])]);
    const after = addInsightEvents(before, [{ kind: 'step', member: 0, step: 1, loss: 1, gradNorm: 1 }, insight(1, 25, [3, 4]), insight(0, 25, [5, 6])]);
    expect(before).toEqual([[], [{ step: 0, gradNorms: [1, 2], gates: [], memorySpan: null }]]);
    expect(after.map((list) => list.map((entry) => entry.step))).toEqual([[25], [0, 25]]);
    // No insight among the events: the same object, so React does not redraw.
    const steps: RaceEvent[] = [{ kind: 'step', member: 0, step: 2, loss: 1, gradNorm: 1 }];
    expect(addInsightEvents(after, steps)).toBe(after);
  });

  it('lays out log₁₀ norms as rows = training step, columns = timestep, with cut gradients missing', () => {
    const list = addInsightEvents([], [insight(0, 0, [0.001, 0.1, 10]), insight(0, 25, [0, 0, 1])])[0];
    const { matrix, rowLabels } = gradientMatrix(list);
    expect(matrix).toMatchObject({ rows: 2, cols: 3 });
    expect(Array.from(matrix.data)).toEqual([-3, -1, 1, -Infinity, -Infinity, 0]);
    expect(rowLabels).toEqual(['0', '25']);
  });

  it('shares one colour domain over every member, whole powers of ten, skipping zeros', () => {
    const all = addInsightEvents([], [insight(0, 0, [1e-7, 0.5]), insight(1, 0, [0, 3])]);
    expect(sharedLogDomain(all)).toEqual([-7, 1]);
    expect(sharedLogDomain([])).toEqual([-1, 0]);
  });

  it('says how much of the readout gradient reaches the first step, and how many steps were cut', () => {
    const list = addInsightEvents([], [insight(0, 0, [1, 1]), insight(0, 50, [2e-8, 1e-3, 2])])[0];
    expect(gradientSummary(list)).toEqual({ step: 50, first: 2e-8, last: 2, ratio: 1e-8, cutSteps: 0 });
    expect(gradientSummary(addInsightEvents([], [insight(0, 0, [0, 0, 0.5, 1])])[0])).toMatchObject({ ratio: 0, cutSteps: 2 });
    expect(formatRatio(1e-8)).toBe('10^-8.0');
    expect(formatRatio(0.5)).toBe('0.50');
    expect(formatRatio(0)).toBe('0 (cut)');
  });
});
