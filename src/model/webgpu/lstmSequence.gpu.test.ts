/**
 * The fused LSTM kernels against the unfused engine on the cpu backend (testing/sequenceKernelSuite.ts):
 * forward h and c for every step and both gradients, within 1e-4, and one dispatch per layer forward.
 */
import { describeSequenceKernel } from '../testing/sequenceKernelSuite';
import { LSTM_PACKED, LSTM_SEQUENCE_KERNEL, lstmSequence, packedPart } from './lstmSequence';

describeSequenceKernel({
  title: 'fused LSTM sequence kernels on webgpu',
  cell: 'lstm',
  gates: 4,
  kernelScale: () => 0.4,
  kernelName: LSTM_SEQUENCE_KERNEL,
  run: ({ projected, kernelHh }) => lstmSequence(projected, kernelHh),
  // Loss weights on h and c of every step, so both gradient paths (through h and through c) are exercised.
  stateNames: ['h', 'c'],
  states: (packed) => ({ h: packedPart(packed, LSTM_PACKED.hidden), c: packedPart(packed, LSTM_PACKED.cell) }),
});
