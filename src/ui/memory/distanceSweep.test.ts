import { describe, expect, it } from 'vitest';
import { MEMORY_DEFAULTS } from '../../model/taskDefaults';
import type { RaceRecord } from '../../worker/protocol';
import { parseDistances, runSweep, SWEEP_DEFAULTS, sweepChartData, sweepSizeText, sweepWorkRelativeToRace, type SweepProgress } from './distanceSweep';

function record(distance: number, accuracies: number[], stopped = false): RaceRecord {
  return {
    kind: 'memory-race',
    train: MEMORY_DEFAULTS.train,
    chance: 0.125,
    shared: '',
    stopped,
    completedSteps: stopped ? 3 : 200,
    members: accuracies.map((accuracy, index) => ({ label: `m${index}`, model: { ...MEMORY_DEFAULTS.model, distance }, curve: [], finalAccuracy: accuracy, stepsTo095: null, seconds: 1 })),
  };
}

describe('distance sweep', () => {
  it('parses, sorts and de-duplicates distances, and names a bad one', () => {
    expect(parseDistances('20, 5,10,5')).toEqual({ distances: [5, 10, 20] });
    expect(parseDistances(' ')).toEqual({ problem: expect.stringMatching(/at least one distance/) });
    expect(parseDistances('5, ten')).toEqual({ problem: expect.stringMatching(/“ten” is not a whole number/) });
    expect(parseDistances('1')).toEqual({ problem: expect.stringMatching(/from 2 to 100/) });
  });

  it('runs one race per distance in order, reports each point as it comes, and estimates the time left by work', async () => {
    let time = 0;
    const asked: number[] = [];
    const progress: SweepProgress[] = [];
    const points = await runSweep(
      { distances: [8, 18], cells: ['rnn', 'lstm'] },
      async (distance) => {
        asked.push(distance);
        time += distance === 8 ? 10_000 : 20_000;
        return record(distance, distance === 8 ? [1, 1] : [0.12, 0.99]);
      },
      (update) => progress.push(update),
      () => false,
      () => time,
    );
    expect(asked).toEqual([8, 18]);
    expect(points).toEqual([
      { cell: 'rnn', distance: 8, accuracy: 1 },
      { cell: 'lstm', distance: 8, accuracy: 1 },
      { cell: 'rnn', distance: 18, accuracy: 0.12 },
      { cell: 'lstm', distance: 18, accuracy: 0.99 },
    ]);
    expect(progress.map((update) => [update.done, update.points.length])).toEqual([[1, 2], [2, 4]]);
    // After 10 s for 8 + 2 = 10 units of work, 18 + 2 = 20 units are left: 20 s.
    expect(progress[0].secondsLeft).toBe(20);
    expect(progress[1].secondsLeft).toBe(0);
  });

  it('stops: a stopped race adds no points and no later distance is run', async () => {
    const asked: number[] = [];
    let isStopped = false;
    const points = await runSweep(
      { distances: [5, 10, 20], cells: ['gru'] },
      async (distance) => {
        asked.push(distance);
        if (distance === 10) {
          isStopped = true;
          return record(distance, [0.5], true);
        }
        return record(distance, [1]);
      },
      () => undefined,
      () => isStopped,
    );
    expect(asked).toEqual([5, 10]);
    expect(points).toEqual([{ cell: 'gru', distance: 5, accuracy: 1 }]);
  });

  it('draws one line per chosen cell over distance and the chance rule', () => {
    const data = sweepChartData([{ cell: 'rnn', distance: 5, accuracy: 1 }, { cell: 'gru', distance: 5, accuracy: 0.9 }, { cell: 'rnn', distance: 30, accuracy: 0.13 }], ['rnn', 'gru'], { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' }, 0.125, [5, 30, 40]);
    expect(data.series.map((series) => [series.label, series.points.map((point) => [point.x, point.y])])).toEqual([
      ['RNN', [[5, 1], [30, 0.13]]],
      ['GRU', [[5, 0.9]]],
    ]);
    expect(data.referenceLines).toEqual([{ y: 0.125, label: 'chance 0.125' }]);
    expect(data.xDomain).toEqual([0, 40]);
  });

  it('says the default sweep is 2.4 times the default race’s training work', () => {
    expect(sweepWorkRelativeToRace(SWEEP_DEFAULTS.distances, SWEEP_DEFAULTS.steps)).toBeCloseTo(23_000 / 9_600, 6);
  });

  it('gives the size line a figure only for a sweep that can run: valid distances and at least one cell', () => {
    expect(sweepSizeText([...SWEEP_DEFAULTS.distances], SWEEP_DEFAULTS.steps, 3, 3)).toBe("These settings: 2.4 × the default race's training. The time left is shown once the first distance is done.");
    expect(sweepSizeText([...SWEEP_DEFAULTS.distances], SWEEP_DEFAULTS.steps, 1, 3)).toMatch(/^These settings: 0\.80 × /);
    // "3, x": not the default distances' 0.48 ×.
    expect(sweepSizeText(null, 100, 3, 3)).toBe('These settings: — (fix the distances to see the size).');
    // No cell ticked: not "0.0 ×".
    expect(sweepSizeText([3, 12], 100, 0, 3)).toBe('These settings: — (tick a cell to see the size).');
  });
});
