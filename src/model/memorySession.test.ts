import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryBatch } from '../data/memoryTasks';
import { SeededRandom } from '../data/random';
import { memoryForward } from './memoryModel';
import { MemorySession, type MemoryTrainConfig } from './memorySession';
import { useNodeBackend } from './nodeBackend';
import { ParamStore } from './params';
import { runNetwork } from './recurrentNetwork';
import type { MemoryModelConfig } from './types';

const train: MemoryTrainConfig = { optimizer: 'adam', learningRate: 3e-3, batchSize: 8, clipNorm: 5, seed: 4, heldOutSize: 40, truncateAfter: null };

function model(patch: Partial<MemoryModelConfig>): MemoryModelConfig {
  return { task: 'first-symbol', distance: 6, cell: 'lstm', hiddenSize: 6, gateBias: 'chrono', recurrentInit: 'uniform', ...patch };
}

describe('memory-lab forward pass', () => {
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });
  let store: ParamStore | null = null;
  afterEach(() => {
    store?.dispose();
    store = null;
  });

  it('reads the copy task at every step after "go", in readout-major rows', async () => {
    const config = model({ task: 'copy', cell: 'gru', distance: 3 });
    store = new ParamStore(config, 2);
    const params = store;
    const batch = memoryBatch('copy', 3, 3, new SeededRandom(5));
    const [fromModel, reference] = tf.tidy(() => {
      const { logProbs } = memoryForward(params, config, batch);
      // Independent route: every step's output, then the head at (readout step r, sequence b) one row at a time.
      const ids = Array.from({ length: batch.seqLength }, (_, t) => Array.from({ length: 3 }, (_, b) => batch.symbols[b * batch.seqLength + t]));
      const x = tf.cast(tf.oneHot(tf.tensor2d(ids, undefined, 'int32'), 10), 'float32') as tf.Tensor3D;
      const output = runNetwork(params, { cell: 'gru', hiddenSize: 6, numLayers: 1, bidirectional: false, dropout: 0 }, x, { batchSize: 3, seqLength: batch.seqLength, lengths: new Int32Array(3).fill(batch.seqLength) }, { training: false, needOutput: true, record: false }).output!;
      const rowsOut: tf.Tensor[] = [];
      for (const step of batch.readoutSteps) {
        for (let b = 0; b < 3; b++) {
          const h = tf.slice(output, [step, b, 0], [1, 1, 6]).reshape([1, 6]);
          rowsOut.push(tf.logSoftmax(tf.add(tf.matMul(h, params.get('head.weight')), params.get('head.bias'))));
        }
      }
      return [logProbs, tf.concat(rowsOut, 0)];
    });
    expect(fromModel.shape).toEqual([4 * 3, 8]);
    const [a, b] = [await fromModel.data(), await reference.data()];
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
    tf.dispose([fromModel, reference]);
  });
});

describe('MemorySession', () => {
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });

  it('starts near chance with a loss near ln 8, trains, and reports every gate and step', async () => {
    const session = new MemorySession(model({}), train);
    try {
      const before = await session.evaluate();
      expect(before.count).toBe(40);
      expect(before.loss).toBeGreaterThan(Math.log(8) - 0.3);
      expect(before.loss).toBeLessThan(Math.log(8) + 0.3);
      const outcome = await session.trainStep();
      expect(outcome).toMatchObject({ step: 1, applied: true });
      const insight = await session.insight(8);
      expect(insight.gradNorms).toHaveLength(6 + 2);
      // The loss reads only the last step, so the gradient reaches every earlier step through the recurrence.
      for (const norm of insight.gradNorms) expect(norm).toBeGreaterThan(0);
      expect(insight.gates.map((gate) => gate.gate)).toEqual(['i', 'f', 'o']);
      expect(insight.memorySpan).toBeGreaterThan(1);
    } finally {
      session.dispose();
    }
  });

  it('replays the same run from the same seed, and a race of cells shares what shapes allow', async () => {
    const a = new MemorySession(model({ cell: 'rnn' }), train);
    const b = new MemorySession(model({ cell: 'rnn' }), train);
    const lstm = new MemorySession(model({ cell: 'lstm' }), train);
    try {
      const rnnValues = await a.torchValues();
      const lstmValues = await lstm.torchValues();
      const [stepA, stepB] = [await a.trainStep(), await b.trainStep()];
      expect(stepA.loss).toBe(stepB.loss);
      // Same seed, same draws in order: the RNN's W_ih (H rows) is exactly the LSTM's input-gate block,
      // drawn first by both; everything after it comes from a stream at a different position.
      const rnnInput = [...rnnValues.get('rnn.weight_ih_l0')!];
      expect([...lstmValues.get('rnn.weight_ih_l0')!].slice(0, rnnInput.length)).toEqual(rnnInput);
      expect(rnnValues.get('head.weight')).not.toEqual(lstmValues.get('head.weight'));
    } finally {
      a.dispose();
      b.dispose();
      lstm.dispose();
    }
  });

  it.each(['rnn', 'lstm', 'gru'] as const)('truncated BPTT (%s): ∂L/∂h_t is exactly 0 beyond K steps back and unchanged within them', async (cell) => {
    const truncate = 3;
    const full = new MemorySession(model({ cell }), train);
    const cut = new MemorySession(model({ cell }), { ...train, truncateAfter: truncate });
    const beyond = new MemorySession(model({ cell }), { ...train, truncateAfter: 100 });
    try {
      const [fullNorms, cutNorms, beyondNorms] = [(await full.insight(8)).gradNorms, (await cut.insight(8)).gradNorms, (await beyond.insight(8)).gradNorms];
      const length = fullNorms.length;
      expect(length).toBe(6 + 2);
      // The query is read at the last step only, so the last K steps see exactly the untruncated gradient…
      for (let t = length - truncate; t < length; t++) expect(cutNorms[t]).toBe(fullNorms[t]);
      // …and every earlier step none at all, where the untruncated run has some.
      for (let t = 0; t < length - truncate; t++) {
        expect(fullNorms[t]).toBeGreaterThan(0);
        expect(cutNorms[t]).toBe(0);
      }
      // K beyond the sequence cuts nothing.
      expect([...beyondNorms]).toEqual([...fullNorms]);
      // Training follows the same graph: the first step's loss is the same (same forward pass), the update differs.
      const [fullStep, cutStep] = [await full.trainStep(), await cut.trainStep()];
      expect(cutStep.loss).toBe(fullStep.loss);
      expect(cutStep.gradNorm).not.toBe(fullStep.gradNorm);
    } finally {
      full.dispose();
      cut.dispose();
      beyond.dispose();
    }
  });

  it('refuses a truncation that is not a whole number of steps', () => {
    expect(() => new MemorySession(model({}), { ...train, truncateAfter: 0 })).toThrow(/whole number ≥ 1 of steps/);
    expect(() => new MemorySession(model({}), { ...train, truncateAfter: 2.5 })).toThrow(/whole number ≥ 1 of steps/);
  });
});
