import { describe, expect, it } from 'vitest';
import { checkRunRecord, classRecallOf, highLossFacts, cleanRunName, curvesFromHistory, defaultRunName, downsampleSeries, RUN_NAME_MAX_LENGTH, runNameOnUpdate, settingsThatDiffer, testResultOf } from './runRecord';
import { sampleRun } from './runRecordSample';
import { MODEL_LIMITS } from '../../model/architecture';
import { LIMITS } from './appConfig';


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

  it('takes the default an earlier version gave a stacked, bidirectional or dropout run for the app\'s own', () => {
    const lecture = { cell: 'lstm', hiddenSize: 100, numLayers: 2, bidirectional: true, dropout: 0.1, optimizer: 'adam', learningRate: 0.001, epochs: 1 };
    const carriedOn = { ...lecture, epochs: 3 };
    // Kept (in this browser or an exported file) under the name earlier versions made, which left these out.
    expect(runNameOnUpdate({ name: 'LSTM 100 · Adam 0.001 · 1 epoch', settings: lecture }, carriedOn)).toBe('2-layer BiLSTM 100 · dropout 0.1 · Adam 0.001 · 3 epochs');
    expect(runNameOnUpdate({ name: '2-layer BiLSTM 100 · dropout 0.1 · Adam 0.001 · 1 epoch', settings: lecture }, carriedOn)).toBe(
      '2-layer BiLSTM 100 · dropout 0.1 · Adam 0.001 · 3 epochs',
    );
    // A name the student typed stays, even one that reads like another run's default.
    expect(runNameOnUpdate({ name: 'GRU 100 · Adam 0.001 · 1 epoch', settings: lecture }, carriedOn)).toBe('GRU 100 · Adam 0.001 · 1 epoch');
  });
});

describe('defaultRunName', () => {
  it('names the cell, size, optimiser and epochs', () => {
    expect(defaultRunName({ cell: 'lstm', hiddenSize: 128, optimizer: 'adam', learningRate: 0.005, epochs: 2 })).toBe(
      'LSTM 128 · Adam 0.005 · 2 epochs',
    );
    expect(defaultRunName({ cell: 'gru', hiddenSize: 64, optimizer: 'sgd', learningRate: 0.1, epochs: 1 })).toBe('GRU 64 · SGD 0.1 · 1 epoch');
  });

  it('names layers, directions and dropout where set, so runs that differ only there are named apart', () => {
    const plain = { cell: 'lstm', hiddenSize: 128, numLayers: 1, bidirectional: false, dropout: 0, optimizer: 'adam', learningRate: 0.005, epochs: 10 };
    const names = [
      plain,
      { ...plain, bidirectional: true },
      { ...plain, numLayers: 2 },
      { ...plain, dropout: 0.3 },
      { ...plain, numLayers: 2, bidirectional: true, dropout: 0.3 },
    ].map(defaultRunName);
    expect(names).toEqual([
      'LSTM 128 · Adam 0.005 · 10 epochs',
      'BiLSTM 128 · Adam 0.005 · 10 epochs',
      '2-layer LSTM 128 · Adam 0.005 · 10 epochs',
      'LSTM 128 · dropout 0.3 · Adam 0.005 · 10 epochs',
      '2-layer BiLSTM 128 · dropout 0.3 · Adam 0.005 · 10 epochs',
    ]);
    expect(new Set(names).size).toBe(names.length);
    // The tutorial network trains one layer in one direction whatever is set; its dropout applies.
    expect(defaultRunName({ ...plain, cell: 'tutorial', numLayers: 3, bidirectional: true, dropout: 0.2 })).toBe('Tutorial RNN 128 · dropout 0.2 · Adam 0.005 · 10 epochs');
  });
});

describe('cleanRunName', () => {
  it('keeps a name at most RUN_NAME_MAX_LENGTH characters long, the longest default still whole', () => {
    const typed = `My LSTM <b>bold</b> 😀 ${'x'.repeat(RUN_NAME_MAX_LENGTH)}`;
    const kept = cleanRunName(typed);
    expect(Array.from(kept)).toHaveLength(RUN_NAME_MAX_LENGTH);
    expect(typed.startsWith(kept)).toBe(true);
    // Every part at its longest: the size and layer limits, both directions, a dropout on the field's 0.05 steps, the
    // longest optimiser name, the smallest learning rate, the most epochs; a race's, stopped.
    const longest = { cell: 'lstm', hiddenSize: MODEL_LIMITS.hiddenSize, numLayers: MODEL_LIMITS.numLayers, bidirectional: true, dropout: 0.85, optimizer: 'adam-sparse', learningRate: LIMITS.learningRate[0], epochs: LIMITS.epochs[1] };
    const longestDefault = `Race: ${defaultRunName(longest)} (stopped)`;
    expect(longestDefault).toBe('Race: 16-layer BiLSTM 4096 · dropout 0.85 · SparseAdam 0.000001 · 100 epochs (stopped)');
    expect(cleanRunName(longestDefault)).toBe(longestDefault);
    for (const cell of ['tutorial', 'rnn', 'gru']) expect(Array.from(`Race: ${defaultRunName({ ...longest, cell })} (stopped)`).length).toBeLessThanOrEqual(longestDefault.length);
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
