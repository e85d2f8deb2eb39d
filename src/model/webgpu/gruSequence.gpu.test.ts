/**
 * The fused GRU kernels against the unfused engine on the cpu backend (testing/sequenceKernelSuite.ts): h for
 * every step and the gradients of projected, W_hhᵀ and b_hh, within 1e-4, and one dispatch per layer forward;
 * and the gates the packed result keeps against those the per-step path records for Inspect.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { cellStep } from '../cells';
import { describeSequenceKernel, deterministicValues, expectClose } from '../testing/sequenceKernelSuite';
import { GRU_PACKED, GRU_SEQUENCE_KERNEL, gruSequence } from './gruSequence';

describeSequenceKernel({
  title: 'fused GRU sequence kernels on webgpu',
  cell: 'gru',
  gates: 3,
  kernelScale: (hidden) => 1.5 / Math.sqrt(hidden),
  kernelName: GRU_SEQUENCE_KERNEL,
  run: ({ projected, kernelHh, biasHh }) => {
    if (!biasHh) throw new Error('the GRU kernel needs b_hh');
    return gruSequence(projected, kernelHh, biasHh);
  },
  stateNames: ['h'],
  states: (packed) => {
    const [seqLength, batchSize, width] = packed.shape;
    const hidden = width / GRU_PACKED.width;
    return { h: tf.slice(packed, [0, 0, GRU_PACKED.hidden * hidden], [seqLength, batchSize, hidden]) };
  },
  // The per-op step folds b_hr and b_hz into the input projection and keeps b_hn inside r ⊙ (…).
  foldBias: ({ projected, biasHh }, hidden) => {
    if (!biasHh) throw new Error('the GRU kernel needs b_hh');
    const foldable = tf.concat([tf.slice(biasHh, 0, 2 * hidden), tf.zeros([hidden])]);
    return { projected: tf.add(projected, foldable), weights: { biasHhNew: tf.slice(biasHh, 2 * hidden, hidden) } };
  },
});

describe('fused GRU packed gates', () => {
  it('hold r, z, n of every step as the per-step path records them for Inspect', async () => {
    const [seqLength, batchSize, hidden] = [5, 3, 8];
    const data = {
      projected: deterministicValues(seqLength * batchSize * 3 * hidden, 11, 2),
      kernelHh: deterministicValues(hidden * 3 * hidden, 12, 0.5),
      biasHh: deterministicValues(3 * hidden, 13, 0.5),
    };
    const projected = tf.tensor3d(data.projected, [seqLength, batchSize, 3 * hidden]);
    const kernelHh = tf.tensor2d(data.kernelHh, [hidden, 3 * hidden]);
    const biasHh = tf.tensor1d(data.biasHh);
    const packed = gruSequence(projected, kernelHh, biasHh);
    const gates = tf.slice(packed, [0, 0, GRU_PACKED.gates * hidden], [seqLength, batchSize, 3 * hidden]);
    const got = (await gates.data()) as Float32Array;
    tf.dispose([projected, kernelHh, biasHh, packed, gates]);

    await tf.setBackend('cpu');
    let want: Float32Array;
    try {
      want = tf.tidy(() => {
        const kernel = tf.tensor2d(data.kernelHh, [hidden, 3 * hidden]);
        const bias = tf.tensor1d(data.biasHh);
        const folded = tf.add(tf.tensor3d(data.projected, [seqLength, batchSize, 3 * hidden]), tf.concat([tf.slice(bias, 0, 2 * hidden), tf.zeros([hidden])]));
        const weights = { cell: 'gru' as const, hiddenSize: hidden, kernelHh: kernel, biasHhNew: tf.slice(bias, 2 * hidden, hidden) };
        const steps = tf.unstack(folded) as tf.Tensor2D[];
        let state: { h: tf.Tensor2D | null; c: tf.Tensor2D | null } = { h: null, c: null };
        const recorded: tf.Tensor2D[] = [];
        for (const step of steps) {
          const result = cellStep(weights, step, state, true);
          const { r, z, n } = result.gates!;
          recorded.push(tf.concat([r, z, n], 1));
          state = { h: result.h, c: null };
        }
        return tf.stack(recorded).dataSync() as Float32Array;
      });
    } finally {
      await tf.setBackend('webgpu');
    }
    expectClose('gates r, z, n', got, want);
    // Not constant gates: the update gate moves between steps and rows.
    expect(new Set(Array.from(got.subarray(hidden, 2 * hidden)).map((value) => value.toFixed(3))).size).toBeGreaterThan(3);
  });
});
