/**
 * The fused RNN (tanh) sequence kernels against the unfused engine on the cpu backend
 * (testing/sequenceKernelSuite.ts): h for every step and both gradients, within 1e-4, and one dispatch per
 * layer forward.
 */
import * as tf from '@tensorflow/tfjs';
import { describeSequenceKernel } from '../testing/sequenceKernelSuite';
import { RNN_PACKED, RNN_SEQUENCE_KERNEL, rnnSequence } from './rnnSequence';

describeSequenceKernel({
  title: 'fused RNN sequence kernels on webgpu',
  cell: 'rnn',
  gates: 1,
  // Scaled by 1/√H so the state stays away from tanh's flat ends and the gradients carry over many steps.
  kernelScale: (hidden) => 1.5 / Math.sqrt(hidden),
  kernelName: RNN_SEQUENCE_KERNEL,
  run: ({ projected, kernelHh }) => rnnSequence(projected, kernelHh),
  stateNames: ['h'],
  states: (packed) => {
    const [seqLength, batchSize, width] = packed.shape;
    const hidden = width / RNN_PACKED.width;
    return { h: tf.slice(packed, [0, 0, RNN_PACKED.hidden * hidden], [seqLength, batchSize, hidden]) };
  },
});
