/**
 * A whole Elman RNN (tanh) layer direction in ONE WebGPU dispatch forward and ONE backward, on the shared
 * sequence kernels (sequenceKernel.ts): h_t = tanh(xp_t + h_{t−1} W_hhᵀ).
 *
 * Forward `RnnPlaygroundRnnSequence`: `projected [T, B, H]` (x_t W_ihᵀ + b_ih + b_hh, in PROCESSING order),
 * `kernelHh [H, H]` (W_hhᵀ, params.ts's layout) → packed `[T, B, 2H]`: h_t, then h_{t−1}. Zero initial state.
 * Backward `RnnPlaygroundRnnSequenceGrad`: only h_t of `packed` may be used downstream; it returns
 * ∂L/∂pre `[T, B, H]` = ∂L/∂projected = ∂L/∂(h_{t−1} W_hhᵀ).
 */
import type * as tf from '@tensorflow/tfjs';
import { sequenceKernels } from './sequenceKernel';

/** The packed row, in units of H: h_t, then h_{t−1}. */
export const RNN_PACKED = { hidden: 0, previousHidden: 1, width: 2 } as const;

const RNN = sequenceKernels({
  name: 'Rnn',
  gates: 1,
  packed: RNN_PACKED,
  gateValues: [],
  accumulators: ['pre'],
  accumulatorInit: () => 'projected[row * H + j]',
  forwardStep: `
          let h = safeTanh(pre);`,
  backwardStep: `
          let h = packed[base + ${RNN_PACKED.hidden} * H + j];
          let d = dh * (1.0 - h * h);
          dhCarry[e] = 0.0;
          result[out + j] = d;
          storeRecurrent(sharedBase + j, d);`,
});

export const RNN_SEQUENCE_KERNEL = RNN.kernelName;
export const RNN_SEQUENCE_GRAD_KERNEL = RNN.gradKernelName;

/** Whether a hidden size fits the fused kernels' workgroup memory (H ≤ 2048). */
export const canFuseRnn = RNN.canFuse;

/** One RNN direction over all timesteps on webgpu: `projected [T, B, H]`, `kernelHh [H, H]` → packed `[T, B, 2H]`. */
export function rnnSequence(projected: tf.Tensor3D, kernelHh: tf.Tensor2D): tf.Tensor3D {
  return RNN.run(projected, kernelHh);
}
