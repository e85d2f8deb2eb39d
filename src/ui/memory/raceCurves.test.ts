import { describe, expect, it } from 'vitest';
import { addRaceEvents, raceChartData } from './raceCurves';

describe('race curves', () => {
  it('keeps evaluations per member in arrival order and ignores step events', () => {
    const curves = addRaceEvents([], [
      { kind: 'step', member: 0, step: 1, loss: 2, gradNorm: 1 },
      { kind: 'evaluation', member: 1, step: 25, accuracy: 0.2, loss: 2 },
      { kind: 'evaluation', member: 0, step: 25, accuracy: 0.1, loss: 2 },
    ]);
    const more = addRaceEvents(curves, [{ kind: 'evaluation', member: 1, step: 50, accuracy: 0.9, loss: 0.3 }]);
    expect(more).toEqual([[{ step: 25, accuracy: 0.1 }], [{ step: 25, accuracy: 0.2 }, { step: 50, accuracy: 0.9 }]]);
    // The earlier value is not mutated (React compares references).
    expect(curves[1]).toHaveLength(1);
  });

  it('draws one series per member, empty before its first evaluation, and chance as a rule', () => {
    const data = raceChartData([[{ step: 25, accuracy: 0.5 }]], ['RNN', 'LSTM'], 0.125);
    expect(data.series.map((series) => [series.label, series.points])).toEqual([
      ['RNN', [{ x: 25, y: 0.5 }]],
      ['LSTM', []],
    ]);
    expect(data.referenceLines).toEqual([{ y: 0.125, label: 'chance 0.125' }]);
  });
});
