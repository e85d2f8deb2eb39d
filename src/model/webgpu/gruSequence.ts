/**
 * A whole GRU layer direction in ONE WebGPU dispatch forward and ONE backward, on the shared sequence kernels
 * (sequenceKernel.ts), in PyTorch's equations and gate order (r, z, n; "reset after"):
 *   r = σ(xp_r + h W_hrᵀ + b_hr),  z = σ(xp_z + h W_hzᵀ + b_hz),  n = tanh(xp_n + r ⊙ (h W_hnᵀ + b_hn)),
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}.
 * b_hh enters the kernel whole: b_hn must stay inside r ⊙ (…), and keeping b_hr, b_hz beside it spares the
 * caller the slices and concat that folding them into the input projection would cost (dispatches both ways).
 *
 * Forward `RnnPlaygroundGruSequence`: `projected [T, B, 3H]` (x_t W_ihᵀ + b_ih, PROCESSING order),
 * `kernelHh [H, 3H]` (W_hhᵀ, params.ts's layout), `biasHh [3H]` → packed `[T, B, 6H]`: per step and row the
 * activated gates r, z, n, then h W_hnᵀ + b_hn, h_t, h_{t−1}. Zero initial state.
 * Backward `RnnPlaygroundGruSequenceGrad`: only h_t of `packed` may be used downstream; it returns `[2T, B, 3H]`:
 * rows 0..T−1 ∂L/∂projected, rows T..2T−1 ∂L/∂(h_{t−1} W_hhᵀ + b_hh) (they differ in the n block by r ⊙).
 */
import type * as tf from '@tensorflow/tfjs';
import { sequenceKernels } from './sequenceKernel';

/** The packed row, in units of H: gates r, z, n from `gates`, h W_hnᵀ + b_hn, h_t, h_{t−1}. */
export const GRU_PACKED = { gates: 0, recurrentNew: 3, hidden: 4, previousHidden: 5, width: 6 } as const;

const GRU = sequenceKernels({
  name: 'Gru',
  gates: 3,
  packed: GRU_PACKED,
  recurrentBias: true,
  separateRecurrentGradient: true,
  // r and z sum their input and recurrent parts; n's recurrent part is kept apart for r ⊙ (…).
  gateValues: ['gateR', 'gateZ', 'gateN'],
  accumulators: ['preR', 'preZ', 'recurrentN'],
  accumulatorInit: (gate) => (gate < 2 ? `projected[row * G + ${gate} * H + j] + biasHh[${gate} * H + j]` : 'biasHh[2 * H + j]'),
  forwardStep: `
          let gateR = safeSigmoid(preR);
          let gateZ = safeSigmoid(preZ);
          let gateN = safeTanh(projected[row * G + 2 * H + j] + gateR * recurrentN);
          let h = gateN + gateZ * (hPrev - gateN);
          result[out + ${GRU_PACKED.recurrentNew} * H + j] = recurrentN;`,
  // h_t = n + z (h_{t−1} − n): ∂h_{t−1} gets dh·z directly, the rest through W_hh.
  backwardStep: `
          let recurrentN = packed[base + ${GRU_PACKED.recurrentNew} * H + j];
          let hPrev = packed[base + ${GRU_PACKED.previousHidden} * H + j];
          let dN = dh * (1.0 - gateZ) * (1.0 - gateN * gateN);
          let dZ = dh * (hPrev - gateN) * gateZ * (1.0 - gateZ);
          let dR = dN * recurrentN * gateR * (1.0 - gateR);
          let dRecurrentN = dN * gateR;
          dhCarry[e] = dh * gateZ;
          result[out + j] = dR;
          result[out + H + j] = dZ;
          result[out + 2 * H + j] = dN;
          result[recurrentOut + j] = dR;
          result[recurrentOut + H + j] = dZ;
          result[recurrentOut + 2 * H + j] = dRecurrentN;
          storeRecurrent(sharedBase + j, dR);
          storeRecurrent(sharedBase + H + j, dZ);
          storeRecurrent(sharedBase + 2 * H + j, dRecurrentN);`,
});

export const GRU_SEQUENCE_KERNEL = GRU.kernelName;
export const GRU_SEQUENCE_GRAD_KERNEL = GRU.gradKernelName;

/** Whether a hidden size fits the fused kernels' workgroup memory (H ≤ 1365). */
export const canFuseGru = GRU.canFuse;

/**
 * One GRU direction over all timesteps on webgpu: `projected [T, B, 3H]`, `kernelHh [H, 3H]`, `biasHh [3H]`
 * → packed `[T, B, 6H]` (layout above). Differentiable through tfjs's autodiff, b_hh included.
 */
export function gruSequence(projected: tf.Tensor3D, kernelHh: tf.Tensor2D, biasHh: tf.Tensor1D): tf.Tensor3D {
  return GRU.run(projected, kernelHh, biasHh);
}
