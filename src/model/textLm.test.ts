/**
 * The own-text model's truncated BPTT and readings, on tfjs's reference cpu kernels: two windows with the
 * carried state give exactly the untruncated forward pass's loss; a step's update follows only the gradient
 * inside its window (an independent reference with the carried state as a constant agrees, full BPTT does
 * not); the saliency equals finite differences; sampling is reproducible.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { symbolLayout } from '../data/generation';
import { prepareCorpus } from '../data/textCorpus';
import { streamLayout, textWindow } from '../data/textStreams';
import { parseCharLmFile } from './charLmFile';
import { ParamStore } from './params';
import { useNodeBackend } from './testing/backend';
import { disposeStates, keepStates, textLmForward, textLmInputs, textLmNllSum, tidyCarrying, type LayerState } from './textLm';
import { continueText, textActivations, textSaliency } from './textLmAnalysis';
import { createTextLmSession, textLmSessionFromFile } from './textLmSession';
import type { CharLmConfig, TrainConfig } from './types';

const alphabet = 'abc d';
const layout = symbolLayout(alphabet);

function config(cell: CharLmConfig['cell'], numLayers = 1): CharLmConfig {
  return { cell, hiddenSize: 5, numLayers, dropout: 0, alphabet, conditions: [] };
}

function ids(text: string): Int32Array {
  return Int32Array.from([...text], (character) => alphabet.indexOf(character));
}

beforeAll(async () => {
  await useNodeBackend('cpu');
});

describe('truncated BPTT forward', () => {
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    it(`${cell}: two windows with the carried state give the untruncated loss and states`, () => {
      const model = config(cell, 2);
      const params = new ParamStore(model, 3);
      const segment = { ids: ids('abcdab cadbcabdd acbbadcab'), before: layout.bosId };
      const whole = streamLayout(segment.ids.length, 2, 100); // one window per stream
      const halves = streamLayout(segment.ids.length, 2, 7);
      expect(halves.windows).toBe(2);
      const fullWindow = textWindow(segment, whole, 0);
      const full = tf.tidy(() => textLmNllSum(textLmForward(params, model, textLmInputs(model, fullWindow.previous), 2, null, { training: false }).logProbs, fullWindow.targets).dataSync()[0]);
      let state: LayerState[] | null = null;
      let truncated = 0;
      for (let w = 0; w < halves.windows; w++) {
        const window = textWindow(segment, halves, w);
        const initial: LayerState[] | null = state;
        let next: LayerState[] = [];
        truncated += tf.tidy(() => {
          const result = textLmForward(params, model, textLmInputs(model, window.previous), 2, initial, { training: false });
          next = keepStates(result.final);
          return textLmNllSum(result.logProbs, window.targets).dataSync()[0];
        });
        disposeStates(state);
        state = next;
      }
      disposeStates(state);
      expect(Math.abs(truncated - full)).toBeLessThan(1e-4);
      params.dispose();
    });
  }
});

describe('a training step stops its gradient at the window edge', () => {
  it('updates by the gradient of its window with the carried state as a constant, not by full BPTT', async () => {
    const model = config('lstm');
    // SGD with learning rate 1 and no clipping: the update is minus the gradient.
    const train: TrainConfig = { optimizer: 'sgd', learningRate: 1, batchSize: 2, epochs: 1, clipNorm: null, sampling: 'natural', bucketByLength: false, seed: 5 };
    const text = 'abcdab cadbcabdd acbbadcab abcd dcba ab'.repeat(6);
    const corpusIds = ids(text);
    const session = createTextLmSession({ ids: corpusIds }, model, train, { windowLength: 6 });
    const weights = async () => parseCharLmFile(await session.exportFile()).values;
    const before = await weights();
    await session.trainStep();
    const afterFirst = await weights();
    await session.trainStep();
    const afterSecond = await weights();
    const applied = [...afterFirst].map(([name, values]) => {
      const next = afterSecond.get(name);
      if (!next) throw new Error(`${name} is missing after the second step.`);
      return values.map((value, i) => value - next[i]);
    });

    const store = (values: Map<string, Float32Array>) => {
      const params = new ParamStore(model, 1);
      for (const [name, value] of values) params.setTorchValues(name, value);
      return params;
    };
    const cut = session.streams;
    if (!cut) throw new Error('The session has no streams.');
    const first = textWindow({ ids: corpusIds, before: layout.bosId }, cut, 0);
    const second = textWindow({ ids: corpusIds, before: layout.bosId }, cut, 1);
    // The carried state: window 1 run with the weights it was trained with.
    const initialParams = store(before);
    const carried = tidyCarrying(() => ({ value: [], final: textLmForward(initialParams, model, textLmInputs(model, first.previous), 2, null, { training: false }).final })).final;
    const carriedValues = carried.map((state) => ({ h: state.h.arraySync(), c: state.c?.arraySync() ?? null }));
    disposeStates(carried);
    const params = store(afterFirst);
    const gradients = (loss: () => tf.Scalar) => {
      const { value, grads } = tf.variableGrads(loss, params.trainableVariables());
      value.dispose();
      const out = new Map<string, Float32Array>();
      for (const [name, gradient] of Object.entries(grads)) out.set(name, gradient.dataSync() as Float32Array);
      tf.dispose(Object.values(grads));
      return out;
    };
    const meanLoss = (logProbs: tf.Tensor2D, targets: Int32Array) => tf.div<tf.Scalar>(textLmNllSum(logProbs, targets), targets.length);
    const truncated = gradients(() => {
      const initial = carriedValues.map((state) => ({ h: tf.tensor2d(state.h), c: state.c ? tf.tensor2d(state.c) : null }));
      return meanLoss(textLmForward(params, model, textLmInputs(model, second.previous), 2, initial, { training: false }).logProbs, second.targets);
    });
    const fullBptt = gradients(() => {
      const firstPass = textLmForward(params, model, textLmInputs(model, first.previous), 2, null, { training: false });
      return meanLoss(textLmForward(params, model, textLmInputs(model, second.previous), 2, firstPass.final, { training: false }).logProbs, second.targets);
    });
    // Gradients come in storage layout (2-D weights transposed), the file in PyTorch's: compare every weight's
    // numbers as one sorted list of magnitudes (the same numbers in any order and layout give the same list).
    const sortedAbs = (values: Iterable<Float32Array>) => [...values].flatMap((array) => Array.from(array, Math.abs)).sort((a, b) => a - b);
    const distance = (a: number[], b: number[]) => Math.max(...a.map((value, i) => Math.abs(value - b[i])));
    const appliedSorted = sortedAbs(applied);
    const flatten = (map: Map<string, Float32Array>) => map.values();
    expect(distance(appliedSorted, sortedAbs(flatten(truncated)))).toBeLessThan(1e-5);
    expect(distance(appliedSorted, sortedAbs(flatten(fullBptt)))).toBeGreaterThan(1e-4);
    params.dispose();
    initialParams.dispose();
    session.dispose();
  });
});

describe('saliency', () => {
  it('equals central finite differences of log p over each one-hot input', async () => {
    const model = { ...config('lstm'), hiddenSize: 3 };
    const params = new ParamStore(model, 11);
    const text = 'abcd ab';
    const position = 5;
    const saliency = await textSaliency(params, model, text, position);
    const characterIds = ids(text);
    const previous = Int32Array.from([layout.bosId, ...characterIds.subarray(0, position)]);
    const logProbAt = (inputs: tf.Tensor2D) => tf.tidy(() => textLmForward(params, model, inputs, 1, null, { training: false }).logProbs.arraySync()[position][characterIds[position]]);
    const base = textLmInputs(model, previous).arraySync();
    const epsilon = 1e-2;
    const norms: number[] = [];
    for (let step = 0; step <= position; step++) {
      let squares = 0;
      for (let column = 0; column < base[0].length; column++) {
        const plus = base.map((row) => [...row]);
        const minus = base.map((row) => [...row]);
        plus[step][column] += epsilon;
        minus[step][column] -= epsilon;
        const derivative = (logProbAt(tf.tensor2d(plus)) - logProbAt(tf.tensor2d(minus))) / (2 * epsilon);
        squares += derivative * derivative;
      }
      norms.push(Math.sqrt(squares));
    }
    expect(Math.abs(saliency.bosNorm - norms[0])).toBeLessThan(1e-3 * Math.max(1, norms[0]));
    for (let s = 0; s < position; s++) expect(Math.abs(saliency.norms[s] - norms[s + 1])).toBeLessThan(2e-3 * Math.max(0.1, norms[s + 1]));
    expect(saliency.target).toBe('a');
    expect(Math.abs(saliency.logProb - logProbAt(tf.tensor2d(base)))).toBeLessThan(1e-5);
    params.dispose();
  });
});

describe('activations and sampling', () => {
  it('reads a text in chunks with the same states as one pass', async () => {
    const model = config('gru', 2);
    const params = new ParamStore(model, 2);
    const text = 'abc d'.repeat(70); // 350 characters: two chunks
    const activations = await textActivations(params, model, text);
    expect(activations.characters.join('')).toBe(text);
    const previous = Int32Array.from([layout.bosId, ...ids(text)]);
    const onePass = tf.tidy(() => textLmForward(params, model, textLmInputs(model, previous), 1, null, { training: false }).hidden.map((h) => h.arraySync()));
    for (const t of [0, 255, 256, 349]) {
      for (let unit = 0; unit < 5; unit++) expect(Math.abs(activations.layers[1][t * 5 + unit] - onePass[1][t + 1][unit])).toBeLessThan(1e-5);
    }
    params.dispose();
  });

  it('continues a prime reproducibly, only with the alphabet', async () => {
    const model = config('lstm');
    const params = new ParamStore(model, 2);
    const a = await continueText(params, model, 'ab', 40, 1, null, 9);
    const b = await continueText(params, model, 'ab', 40, 1, null, 9);
    expect(a.text).toBe(b.text);
    expect([...a.text].length).toBe(40);
    expect([...a.text].every((character) => alphabet.includes(character))).toBe(true);
    await expect(continueText(params, model, 'xyz', 5, 1, null, 1)).rejects.toThrow(/never saw/);
    params.dispose();
  });

  it('a reopened checkpoint reads on from the window its run had reached: its epoch ends where the run’s did', async () => {
    const corpus = prepareCorpus('the cat sat on the mat. '.repeat(40));
    const model: CharLmConfig = { cell: 'gru', hiddenSize: 4, numLayers: 1, dropout: 0, alphabet: corpus.alphabet, conditions: [] };
    const train: TrainConfig = { optimizer: 'adam', learningRate: 0.02, batchSize: 8, epochs: 2, clipNorm: 5, sampling: 'natural', bucketByLength: false, seed: 1 };
    const run = createTextLmSession({ ids: corpus.ids }, model, train, { windowLength: 16 });
    const windows = run.stepsPerEpoch;
    expect(windows).toBeGreaterThan(3);
    for (let step = 0; step < windows - 2; step++) await run.trainStep();
    const reopened = textLmSessionFromFile(await run.exportFile(), { ids: corpus.ids }, train, { windowLength: 16 });
    reopened.resumeAt(windows - 2);
    const [first, second] = [await reopened.trainStep(), await reopened.trainStep()];
    expect([first.epochEnded, second.epochEnded]).toEqual([false, true]);
    expect(reopened.epoch).toBe(1);
    // Without it, a reopened model starts the epoch's windows again.
    const fromStart = textLmSessionFromFile(await run.exportFile(), { ids: corpus.ids }, train, { windowLength: 16 });
    expect((await fromStart.trainStep()).epochEnded).toBe(false);
    expect((await fromStart.trainStep()).epochEnded).toBe(false);
    for (const session of [run, reopened, fromStart]) session.dispose();
  });

  it('an own-text session learns: held-out NLL per character falls below the uniform guess', async () => {
    const corpus = prepareCorpus('the cat sat on the mat. '.repeat(40));
    const model: CharLmConfig = { cell: 'lstm', hiddenSize: 16, numLayers: 1, dropout: 0, alphabet: corpus.alphabet, conditions: [] };
    const train: TrainConfig = { optimizer: 'adam', learningRate: 0.02, batchSize: 8, epochs: 1, clipNorm: 5, sampling: 'natural', bucketByLength: false, seed: 1 };
    const tensorsBefore = tf.memory().numTensors;
    const session = createTextLmSession({ ids: corpus.ids }, model, train, { windowLength: 16 });
    for (let step = 0; step < session.stepsPerEpoch * 4; step++) await session.trainStep();
    const metrics = await session.evaluate('val');
    // Uniform over the alphabet and EOS is log(A + 1) nats.
    expect(metrics.nllPerChar).toBeLessThan(0.5 * Math.log([...corpus.alphabet].length + 1));
    expect(session.epoch).toBe(4);
    // Nothing is left behind: not the carried state, not what a reset keeps for its undo.
    session.reset();
    session.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
