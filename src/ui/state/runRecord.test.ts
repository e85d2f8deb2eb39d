import { describe, expect, it } from 'vitest';
import { checkRunRecord, classRecallOf, highLossFacts, cleanRunName, curvesFromHistory, defaultRunName, downsampleSeries, RUN_NAME_MAX_LENGTH, runNameOnUpdate, settingsThatDiffer, testResultOf } from './runRecord';
import { sampleRun } from './runRecordSample';


describe('downsampleSeries', () => {
  it('keeps a short series as it is', () => {
    expect(downsampleSeries([1, 5, 2, 6], 10)).toEqual([1, 5, 2, 6]);
  });

  it('averages a long series into buckets, ending at its last step', () => {
    const series: number[] = [];
    for (let step = 1; step <= 1000; step++) series.push(step, step % 2 === 0 ? 2 : 0);
    const result = downsampleSeries(series, 100);
    expect(result.length).toBe(200);
    expect(result.at(-2)).toBe(1000);
    // Each bucket of 10 alternating 0/2 values averages to exactly 1.
    for (let index = 1; index < result.length; index += 2) expect(result[index]).toBe(1);
  });
});

describe('classRecallOf', () => {
  it('is the diagonal over each row total, 0 for a class without examples', () => {
    expect(classRecallOf({ confusion: [3, 1, 0, 0] }, 2)).toEqual([0.75, 0]);
  });
});

describe('runNameOnUpdate', () => {
  const oneEpoch = { cell: 'rnn', hiddenSize: 16, optimizer: 'sgd', learningRate: 10, epochs: 1 };
  const carriedOn = { ...oneEpoch, learningRate: 0.1, epochs: 4 };
  it("follows the settings while the name is the app's own, and keeps a name the user gave", () => {
    expect(runNameOnUpdate(null, oneEpoch)).toBe('RNN 16 · SGD 10 · 1 epoch');
    expect(runNameOnUpdate({ name: 'RNN 16 · SGD 10 · 1 epoch', settings: oneEpoch }, carriedOn), 'carried on to 4 epochs at 0.1').toBe('RNN 16 · SGD 0.1 · 4 epochs');
    expect(runNameOnUpdate({ name: 'too hot', settings: oneEpoch }, carriedOn)).toBe('too hot');
  });
});

describe('defaultRunName', () => {
  it('names the cell, size, optimiser and epochs', () => {
    expect(defaultRunName({ cell: 'lstm', hiddenSize: 128, optimizer: 'adam', learningRate: 0.005, epochs: 2 })).toBe(
      'LSTM 128 · Adam 0.005 · 2 epochs',
    );
    expect(defaultRunName({ cell: 'gru', hiddenSize: 64, optimizer: 'sgd', learningRate: 0.1, epochs: 1 })).toBe('GRU 64 · SGD 0.1 · 1 epoch');
  });
});

describe('cleanRunName', () => {
  it('keeps a name at most RUN_NAME_MAX_LENGTH characters long, the longest default still whole', () => {
    const typed = `My LSTM <b>bold</b> 😀 ${'x'.repeat(60)}`;
    const kept = cleanRunName(typed);
    expect(Array.from(kept)).toHaveLength(RUN_NAME_MAX_LENGTH);
    expect(typed.startsWith(kept)).toBe(true);
    const longestDefault = `Race: ${defaultRunName({ cell: 'tutorial', hiddenSize: 128, optimizer: 'adam-sparse', learningRate: 0.005, epochs: 10 })} (stopped)`;
    expect(cleanRunName(longestDefault)).toBe(longestDefault);
  });

  it('trims, never splits an emoji, and names an empty name', () => {
    expect(cleanRunName('  GRU try  ')).toBe('GRU try');
    expect(cleanRunName('😀'.repeat(RUN_NAME_MAX_LENGTH + 5))).toBe('😀'.repeat(RUN_NAME_MAX_LENGTH));
    expect(cleanRunName('   ')).toBe('Unnamed run');
  });
});

describe('settingsThatDiffer', () => {
  it('lists only the keys whose values are not all equal, missing ones included', () => {
    const differences = settingsThatDiffer([
      { cell: 'rnn', hiddenSize: 128, seed: 1 },
      { cell: 'lstm', hiddenSize: 128, seed: 1, clipNorm: 5 },
    ]);
    expect(differences).toEqual([
      { key: 'cell', values: ['rnn', 'lstm'] },
      { key: 'clipNorm', values: [undefined, 5] },
    ]);
  });
});

describe('checkRunRecord', () => {
  it('accepts a complete record unchanged', () => {
    expect(checkRunRecord(sampleRun())).toEqual(sampleRun());
  });

  it.each([
    ['a number', 7, 'it is not an object'],
    ['no id', { ...sampleRun(), id: '' }, 'it has no id'],
    ['classes not texts', { ...sampleRun(), classes: [1, 2] }, 'its class names are not a list of texts'],
    ['an odd-length curve', { ...sampleRun(), curves: { ...sampleRun().curves, trainLoss: [1, 2, 3] } }, 'its trainLoss curve is not a list of (step, value) pairs'],
    ['recall of the wrong length', { ...sampleRun(), test: { ...sampleRun().test, classRecall: [0.5] } }, 'its per-class recall is not 2 shares between 0 and 1'],
    ['an object as a setting', { ...sampleRun(), settings: { cell: { x: 1 } } }, 'its setting "cell" is not a plain value'],
    ['weights that are not text', { ...sampleRun(), weights: 5 }, 'its weights are not a model file'],
    ['a high-loss note without numbers', { ...sampleRun(), highLoss: { recentLoss: 'high' } }, 'its high-loss note is not two losses (recent and chance)'],
  ])('refuses %s with a specific reason', (_label, value, reason) => {
    expect(checkRunRecord(value)).toBe(reason);
  });
});

describe('highLossFacts', () => {
  const history = (losses: number[]) => losses.flatMap((loss, index) => [index + 1, loss]);

  it('keeps the note\'s numbers when the run is kept while it holds, and nothing otherwise', () => {
    expect(highLossFacts(history([2.9, 40, 60, 57, 80]), 18)).toEqual({ highLoss: { recentLoss: 57, chanceLoss: Math.log(18) } });
    expect(highLossFacts(history([2.9, 2.8, 2.7, 2.6, 2.5, 2.4]), 18)).toEqual({});
  });

  it('goes through the checks of a record read back, and an old record without it stays without it', () => {
    const run = { ...sampleRun(), highLoss: { recentLoss: 57, chanceLoss: 2.89 } };
    expect(checkRunRecord(JSON.parse(JSON.stringify(run)))).toEqual(run);
    expect(checkRunRecord(sampleRun())).not.toHaveProperty('highLoss');
  });
});

describe('curvesFromHistory', () => {
  it('keeps the full evaluations as validation curves, and the live sample only when there is no full one', () => {
    const metrics = (step: number, scope: string, accuracy: number) => ({ step, scope, metrics: { loss: 1 - accuracy, accuracy } });
    const both = curvesFromHistory({ trainLoss: [1, 2], gradNorm: [1, 3], metrics: [metrics(5, 'subset', 0.2), metrics(10, 'full', 0.5)] });
    expect(both).toEqual({ trainLoss: [1, 2], gradNorm: [1, 3], valLoss: [10, 0.5], valAccuracy: [10, 0.5] });
    const sampleOnly = curvesFromHistory({ trainLoss: [], gradNorm: [], metrics: [metrics(5, 'subset', 0.25)] });
    expect(sampleOnly.valAccuracy).toEqual([5, 0.25]);
  });
});

describe('testResultOf', () => {
  it('keeps plain and macro accuracy and the recall of each class', () => {
    const result = testResultOf({ split: 'test', loss: 1, accuracy: 0.6, macroAccuracy: 0.55, confusion: [2, 2, 0, 1], count: 5 }, 2);
    expect(result).toEqual({ accuracy: 0.6, macroAccuracy: 0.55, count: 5, classRecall: [0.5, 1] });
  });
});
