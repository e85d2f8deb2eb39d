/**
 * The training session's behaviour on a tiny synthetic task (class 0: names of a/b, class 1: x/y/z):
 * it learns, it keeps the tensor count flat (a leak would grow memory every step of a long run), it rolls back on a
 * non-finite loss, it reports the norm before clipping, it keeps weights across config changes,
 * reset is reproducible, and it produces complete traces for every cell.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, Example } from '../data/types';
import { useNodeBackend } from './testing/backend';
import { createSession, SessionError, sessionFromFile } from './trainingSession';
import type { CellType, ModelConfig, TrainConfig } from './types';

function examples(count: number, offset: number): Example[] {
  const out: Example[] = [];
  for (let i = 0; i < count; i++) {
    const label = (i + offset) % 2;
    const letters = label === 0 ? 'ab' : 'xyz';
    const length = 2 + ((i * 7 + offset) % 6);
    let text = '';
    for (let t = 0; t < length; t++) text += letters[(i + t * 3) % letters.length];
    out.push({ text, label });
  }
  return out;
}

const dataset: Dataset = {
  id: 'toy',
  source: 'upload',
  title: 'toy',
  level: 'chars',
  classes: ['ab', 'xyz'],
  notes: [],
  train: examples(96, 0),
  val: examples(24, 1),
  test: examples(24, 2),
};

const model = (cell: CellType, extra: Partial<ModelConfig> = {}): ModelConfig => ({
  cell,
  hiddenSize: 8,
  numLayers: 1,
  bidirectional: false,
  dropout: 0,
  input: { type: 'chars', alphabet: 'abxyz' },
  classes: ['ab', 'xyz'],
  ...extra,
});

const train: TrainConfig = { optimizer: 'adam', learningRate: 0.02, batchSize: 16, epochs: 3, clipNorm: null, sampling: 'natural', bucketByLength: true, seed: 3 };

describe('training session', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('learns the toy task and counts steps and epochs', async () => {
    const session = createSession(dataset, model('lstm'), train);
    expect(session.stepsPerEpoch).toBe(6);
    expect(session.totalSteps).toBe(18);
    let last = null;
    while (session.step < session.totalSteps) last = await session.trainStep();
    expect(last?.epoch).toBe(2);
    expect(last?.epochEnded).toBe(true);
    const result = await session.evaluate('test');
    expect(result.metrics.accuracy).toBeGreaterThan(0.9);
    expect(result.metrics.confusion.reduce((a, b) => a + b, 0)).toBe(24);
    session.dispose();
  });

  it('evaluates a fixed stratified validation sample: its own counts, the same examples every time', async () => {
    const session = createSession(dataset, model('gru'), train);
    await session.trainStep();
    const first = await session.evaluate('val', { subsetSize: 10 });
    const again = await session.evaluate('val', { subsetSize: 10 });
    expect(first.metrics.count).toBe(10);
    expect(first.metrics.confusion.reduce((a, b) => a + b, 0)).toBe(10);
    // Stratified: the toy val split is half and half, so is the sample (row sums of the confusion matrix).
    expect([first.metrics.confusion[0] + first.metrics.confusion[1], first.metrics.confusion[2] + first.metrics.confusion[3]]).toEqual([5, 5]);
    expect(again.metrics).toEqual(first.metrics);
    const whole = await session.evaluate('val', { subsetSize: 1000 });
    expect(whole.metrics).toEqual((await session.evaluate('val')).metrics);
    session.dispose();
  });

  it('keeps tf.memory().numTensors flat across steps, evaluations, traces, predicts and 100 rebuilds', async () => {
    const session = createSession(dataset, model('gru', { numLayers: 2, bidirectional: true, dropout: 0.2 }), { ...train, clipNorm: 1 });
    // Warm-up: the optimiser creates its slot variables on the first update.
    await session.trainStep();
    await session.evaluate('val');
    await session.trace('abab', 0);
    await session.predict(['xyz', 'ab'], 2);
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 12; i++) await session.trainStep(); // crosses an epoch end (a checkpoint)
    await session.evaluate('val');
    await session.trace('xyzzy', null);
    await session.predict(['xyz', 'ab'], 2);
    session.updateTrainConfig({ ...train, clipNorm: 1, learningRate: 0.01 });
    await session.trainStep();
    session.reset();
    await session.trainStep();
    expect(tf.memory().numTensors).toBe(baseline);
    session.dispose();

    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) createSession(dataset, model(i % 2 === 0 ? 'lstm' : 'tutorial'), train).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rolls back to the last checkpoint when the loss is not finite', async () => {
    // The tutorial cell has no non-linearity: with huge recurrent weights h overflows float32 within a
    // few letters, the loss is NaN/Infinity, and the step must leave the weights as they were.
    const source = createSession(dataset, model('tutorial'), train);
    const file = await source.exportFile();
    source.dispose();
    file.state_dict['rnn.i2h.weight'] = (file.state_dict['rnn.i2h.weight'] as number[][]).map((row) => row.map(() => 1e10));
    const session = sessionFromFile(file, dataset, train);
    const outcome = await session.trainStep();
    expect(Number.isFinite(outcome.loss) && Number.isFinite(outcome.gradNorm)).toBe(false);
    expect(outcome.diverged).toEqual({ restoredStep: 0 });
    expect((await session.exportFile()).state_dict).toEqual(file.state_dict);
    // Training goes on from the restored weights (the worker pauses; the session itself stays usable).
    expect((await session.trainStep()).step).toBe(2);
    session.dispose();
  });

  it('reports the gradient norm before clipping, and clipping changes the update', async () => {
    const clipped = createSession(dataset, model('rnn'), { ...train, clipNorm: 1e-3 });
    const plain = createSession(dataset, model('rnn'), train);
    const a = await clipped.trainStep();
    const b = await plain.trainStep();
    expect(a.gradNorm).toBeCloseTo(b.gradNorm, 5); // same seed, same batch, norm taken before clipping
    expect(a.gradNorm).toBeGreaterThan(1e-3);
    const weightsA = (await clipped.exportFile()).state_dict['head.bias'] as number[];
    const weightsB = (await plain.exportFile()).state_dict['head.bias'] as number[];
    expect(weightsA).not.toEqual(weightsB);
    clipped.dispose();
    plain.dispose();
  });

  it('keeps weights when the training config changes, and reset is reproducible', async () => {
    const session = createSession(dataset, model('lstm'), train);
    const initial = await session.exportFile();
    await session.trainStep();
    const trained = await session.exportFile();
    session.updateTrainConfig({ ...train, optimizer: 'rmsprop', learningRate: 0.001, batchSize: 8, sampling: 'balanced' });
    expect(await session.exportFile()).toEqual(trained);
    const step = await session.trainStep();
    expect(step.step).toBe(2);
    session.reset();
    expect(session.step).toBe(0);
    expect(await session.exportFile()).toEqual(initial);
    session.dispose();
  });

  it('undoes a reset exactly: weights, step and optimiser state, and training goes on as if it never happened', async () => {
    const undone = createSession(dataset, model('lstm'), train);
    const untouched = createSession(dataset, model('lstm'), train);
    for (let i = 0; i < 8; i++) {
      await undone.trainStep();
      await untouched.trainStep();
    }
    const trained = await undone.exportFile();
    const tensorsBefore = tf.memory().numTensors;
    undone.reset();
    expect(await undone.exportFile()).not.toEqual(trained);
    expect(undone.undoReset()).toBe(true);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(undone.step).toBe(8);
    expect(await undone.exportFile()).toEqual(trained);
    // Adam's moments and the sampling position came back too: the next steps equal an untouched run's.
    for (let i = 0; i < 3; i++) expect(await undone.trainStep()).toEqual(await untouched.trainStep());
    expect(await undone.exportFile()).toEqual(await untouched.exportFile());
    // Once a step was trained after a reset, the reset stands.
    undone.reset();
    await undone.trainStep();
    expect(undone.undoReset()).toBe(false);
    expect(undone.step).toBe(1);
    undone.dispose();
    untouched.dispose();
  });

  it('traces every layer and direction with gates, prefixes and gradient norms', async () => {
    const cases: [CellType, string[], boolean][] = [
      ['lstm', ['i', 'f', 'g', 'o'], true],
      ['gru', ['r', 'z', 'n'], true],
      ['rnn', [], true],
      ['tutorial', [], false],
    ];
    for (const [cell, gates, bidirectional] of cases) {
      const session = createSession(dataset, model(cell, { bidirectional, numLayers: bidirectional ? 2 : 1 }), train);
      const trace = await session.trace('ab-x', 1);
      expect(trace.tokens).toEqual(['a', 'b', 'x']);
      expect(trace.dropped).toEqual(['-']);
      expect(trace.prefixLogProbs.rows).toBe(3);
      expect(trace.layers.length).toBe(bidirectional ? 4 : 1);
      for (const layer of trace.layers) {
        expect(Object.keys(layer.gates)).toEqual(gates);
        expect(layer.hidden.rows).toBe(3);
        expect(layer.hidden.cols).toBe(8);
        expect(layer.inputs.cols).toBe(layer.layer === 0 ? 5 : 16);
        expect(layer.gradNorms.length).toBe(3);
        expect(Array.from(layer.gradNorms).every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
        expect(layer.cell !== undefined).toBe(cell === 'lstm');
        expect(layer.recurrentNew !== undefined).toBe(cell === 'gru');
      }
      // The last prefix is the whole input.
      expect(Array.from(trace.prefixLogProbs.data.slice(2 * 2, 3 * 2))).toEqual(Array.from(trace.logProbs));
      // The forward direction's h at the last step feeds the head: its gradient is not zero.
      if (cell !== 'tutorial') expect(trace.layers[trace.layers.length - (bidirectional ? 2 : 1)].gradNorms[2]).toBeGreaterThan(0);
      session.dispose();
    }
  });

  it('trains word models, and pre-trained embeddings are set, frozen or fine-tuned', async () => {
    const words: Dataset = {
      ...dataset,
      id: 'toy-words',
      level: 'words',
      train: dataset.train.map((example) => ({ text: [...example.text].join(' '), label: example.label })),
      val: dataset.val.map((example) => ({ text: [...example.text].join(' '), label: example.label })),
      test: dataset.test.map((example) => ({ text: [...example.text].join(' '), label: example.label })),
    };
    const vocab = ['<pad>', '<unk>', 'a', 'b', 'x', 'y'];
    const wordModel = model('lstm', { input: { type: 'words', vocab, pad: '<pad>', unk: '<unk>', lowercase: true, embeddingDim: 3, trainableEmbedding: true } });
    const session = createSession(words, wordModel, train);
    const vectors = new Map([
      ['a', Float32Array.of(1, 2, 3)],
      ['x', Float32Array.of(-1, 0, 1)],
      ['not-in-vocab', Float32Array.of(9, 9, 9)],
    ]);
    expect(session.setPretrainedEmbeddings(vectors, false)).toBe(2);
    const embedding = () => session.exportFile().then((file) => file.state_dict['embedding.weight'] as number[][]);
    expect((await embedding())[2]).toEqual([1, 2, 3]);
    expect(session.parameters().find((row) => row.name === 'embedding.weight')?.trainable).toBe(false);
    const frozen = await embedding();
    await session.trainStep(); // 'z' is unknown → <unk>
    expect(await embedding()).toEqual(frozen);
    session.setPretrainedEmbeddings(vectors, true);
    // A bucketed batch may hold one class only (the toy's lengths give its class away): run an epoch.
    for (let i = 0; i < session.stepsPerEpoch; i++) await session.trainStep();
    const tuned = await embedding();
    expect(tuned[2]).not.toEqual([1, 2, 3]);
    expect(() => session.setPretrainedEmbeddings(new Map([['a', Float32Array.of(1)]]), true)).toThrow(/3 wide/);
    // Inspect names the words read as <unk>, as it names a character model's unreadable characters.
    const trace = await session.trace('a zebra b zebra quagga', null);
    expect(trace.tokens).toEqual(['a', 'zebra', 'b', 'zebra', 'quagga']);
    expect(trace.unknown).toEqual(['zebra', 'quagga']);
    // Predictions name them too (the CLI prints them), with the token they were read as.
    const [prediction] = await session.predict(['a zebra b'], 2);
    expect([prediction.unknown, prediction.unknownAs]).toEqual([['zebra'], '<unk>']);
    session.dispose();
  });

  it('refuses data that does not fit the model, and use after dispose', async () => {
    expect(() => createSession(dataset, { ...model('lstm'), classes: ['a', 'b', 'c'] }, train)).toThrow(SessionError);
    const session = createSession(dataset, model('lstm'), train);
    session.dispose();
    await expect(session.trainStep()).rejects.toThrow(/disposed/);
  });
});
