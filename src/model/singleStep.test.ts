/**
 * Every text one symbol long (one-letter or one-word uploads): the unrolled network has a single time
 * step. tfjs's unstack gradient over an axis of size 1 hands `stack` a lone tensor instead of a list, so
 * training threw "Argument tensors passed to stack must be a `Tensor[]`" for every cell.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, Example } from '../data/types';
import { useNodeBackend } from './testing/backend';
import { createSession } from './trainingSession';
import type { CellType, TrainConfig } from './types';

const letters = ['a', 'b', 'x', 'y'];
const oneLetter = (count: number): Example[] =>
  Array.from({ length: count }, (_, i) => ({ text: letters[i % 4], label: i % 4 < 2 ? 0 : 1 }));

const dataset: Dataset = {
  id: 'one-letter',
  source: 'upload',
  title: 'one letter',
  level: 'chars',
  classes: ['ab', 'xy'],
  notes: [],
  train: oneLetter(32),
  val: oneLetter(8),
  test: oneLetter(8),
};

const train: TrainConfig = { optimizer: 'adam', learningRate: 0.05, batchSize: 8, epochs: 4, clipNorm: 1, sampling: 'natural', bucketByLength: true, seed: 1 };

describe('texts of a single symbol', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  const cells: CellType[] = ['rnn', 'lstm', 'gru', 'tutorial'];
  for (const cell of cells) {
    for (const bidirectional of cell === 'tutorial' ? [false] : [false, true]) {
      it(`trains and learns with a ${bidirectional ? 'bidirectional ' : ''}${cell} cell`, async () => {
        const session = createSession(dataset, { cell, hiddenSize: 6, numLayers: cell === 'tutorial' ? 1 : 2, bidirectional, dropout: 0, input: { type: 'chars', alphabet: 'abxy' }, classes: dataset.classes }, train);
        let last = null;
        while (session.step < session.totalSteps) last = await session.trainStep();
        expect(Number.isFinite(last?.loss)).toBe(true);
        expect((await session.evaluate('test')).metrics.accuracy).toBe(1);
        const trace = await session.trace('a', 0);
        expect(trace.tokens).toEqual(['a']);
        expect(Math.max(...trace.logProbs)).toBe(trace.logProbs[0]);
        session.dispose();
      });
    }
  }
});
