/**
 * The fused GRU kernels against the unfused engine on the cpu backend (testing/sequenceKernelSuite.ts): h for
 * every step and the gradients of projected, W_hhᵀ and b_hh, within 1e-4, and one dispatch per layer forward.
 */
import * as tf from '@tensorflow/tfjs';
import { describeSequenceKernel } from '../testing/sequenceKernelSuite';
import { GRU_PACKED_HIDDEN, GRU_PACKED_WIDTH, GRU_SEQUENCE_KERNEL, gruSequence } from './gruSequence';

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
    const hidden = width / GRU_PACKED_WIDTH;
    return { h: tf.slice(packed, [0, 0, GRU_PACKED_HIDDEN * hidden], [seqLength, batchSize, hidden]) };
  },
  // The per-op step folds b_hr and b_hz into the input projection and keeps b_hn inside r ⊙ (…).
  foldBias: ({ projected, biasHh }, hidden) => {
    if (!biasHh) throw new Error('the GRU kernel needs b_hh');
    const foldable = tf.concat([tf.slice(biasHh, 0, 2 * hidden), tf.zeros([hidden])]);
    return { projected: tf.add(projected, foldable), weights: { biasHhNew: tf.slice(biasHh, 2 * hidden, hidden) } };
  },
});
