/**
 * Reset and its undo on the language models (the names generator and Your text), as on the classifier: a reset
 * gives the seed's weights at step 0, and an undo before the next step puts back exactly what it replaced
 * (weights, Adam's moments, the position in the data), so training goes on as if the reset never happened.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareCorpus } from '../data/textCorpus';
import type { Dataset, Example } from '../data/types';
import { createCharLmSession } from './charLmSession';
import type { CharLmSession } from './session';
import { useNodeBackend } from './testing/backend';
import { createTextLmSession } from './textLmSession';
import type { CharLmConfig, TrainConfig } from './types';

const TRAIN: TrainConfig = { optimizer: 'adam', learningRate: 0.02, batchSize: 8, epochs: 3, clipNorm: 5, sampling: 'natural', bucketByLength: false, seed: 4 };

function namesLike(): Dataset {
  const make = (count: number): Example[] => Array.from({ length: count }, (_, i) => (i % 2 === 0 ? { text: 'ab'.repeat(1 + (i % 3)), label: 0 } : { text: 'c'.repeat(2 + (i % 4)), label: 1 }));
  return { id: 'tiny', source: 'upload', title: 'tiny', level: 'chars', classes: ['x', 'y'], notes: [], train: make(48), val: make(12), test: make(12) };
}

const corpus = prepareCorpus('the cat sat on the mat. '.repeat(30));

/** Two sessions of one kind built alike: one to reset and undo, one left alone. */
const kinds: [string, () => CharLmSession][] = [
  ['the names generator', () => createCharLmSession(namesLike(), { cell: 'lstm', hiddenSize: 6, numLayers: 1, dropout: 0, alphabet: 'abc', conditions: ['x', 'y'] }, TRAIN)],
  ['Your text', () => createTextLmSession({ ids: corpus.ids }, { cell: 'gru', hiddenSize: 6, numLayers: 1, dropout: 0, alphabet: corpus.alphabet, conditions: [] } satisfies CharLmConfig, TRAIN, { windowLength: 8 })],
];

beforeAll(async () => {
  await useNodeBackend('cpu');
});

describe.each(kinds)('reset on %s', (_kind, create) => {
  it('undoes exactly: weights, step, optimiser and position come back, and training goes on as if it never happened', async () => {
    const undone = create();
    const untouched = create();
    for (let i = 0; i < 5; i++) {
      await undone.trainStep();
      await untouched.trainStep();
    }
    const trained = await undone.exportFile();
    const tensorsBefore = tf.memory().numTensors;
    undone.reset();
    expect(undone.step).toBe(0);
    expect(await undone.exportFile()).not.toEqual(trained);
    expect(undone.undoReset()).toBe(true);
    // What the reset kept is freed by the undo.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(undone.step).toBe(5);
    expect(await undone.exportFile()).toEqual(trained);
    // Adam's moments and the position in the data came back too: the next steps equal the untouched run's.
    for (let i = 0; i < 2; i++) expect((await undone.trainStep()).loss).toBe((await untouched.trainStep()).loss);
    expect(await undone.exportFile()).toEqual(await untouched.exportFile());
    // Once a step is trained after a reset, the reset stands, and what it kept is freed.
    undone.reset();
    await undone.trainStep();
    expect(undone.undoReset()).toBe(false);
    expect(undone.step).toBe(1);
    undone.dispose();
    untouched.dispose();
  });
});
