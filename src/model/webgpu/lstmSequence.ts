/**
 * A whole LSTM layer direction in ONE WebGPU dispatch forward and ONE backward, on the shared sequence
 * kernels (sequenceKernel.ts, which explains the design). This module is the LSTM's part: its packed layout
 * and its step's maths.
 *
 * Forward kernel `RnnPlaygroundLstmSequence`:
 *   inputs  projected `[T, B, 4H]` — x_t W_ihᵀ + b_ih + b_hh for every step, in PROCESSING order;
 *           kernelHh  `[H, 4H]`    — W_hhᵀ, the storage layout of params.ts;
 *   output  packed    `[T, B, 7H]` — per step and row: activated gates i, f, g, o (PyTorch's order), then
 *                                   c_t, h_t, h_{t−1}. The initial state is zero.
 * Only c_t and h_t of `packed` may be used downstream. The backward kernel `RnnPlaygroundLstmSequenceGrad`
 * returns ∂L/∂preactivation `[T, B, 4H]`, which is ∂L/∂projected and ∂L/∂(h_{t−1} W_hhᵀ).
 */
import * as tf from '@tensorflow/tfjs';
import { sequenceKernels } from './sequenceKernel';

/** The packed row, in units of H: gates i, f, g, o from 0, then c_t, h_t, h_{t−1}. */
export const LSTM_PACKED = { cell: 4, hidden: 5, previousHidden: 6, width: 7 } as const;

const LSTM = sequenceKernels({
  name: 'Lstm',
  gates: 4,
  packed: LSTM_PACKED,
  gateValues: ['gateI', 'gateF', 'gateG', 'gateO'],
  accumulators: ['preI', 'preF', 'preG', 'preO'],
  accumulatorInit: (gate) => `projected[row * G + ${gate} * H + j]`,
  // c_{t−1} is this invocation's own result of the step before, kept in its registers.
  forwardStep: `
          let gateI = safeSigmoid(preI);
          let gateF = safeSigmoid(preF);
          let gateG = safeTanh(preG);
          let gateO = safeSigmoid(preO);
          let c = gateF * cState[e] + gateI * gateG;
          let h = gateO * safeTanh(c);
          cState[e] = c;
          result[out + ${LSTM_PACKED.cell} * H + j] = c;`,
  forwardCarries: ['cState'],
  // ∂L/∂c_t carried from step t+1 is dc·f.
  backwardStep: `
          let tanhC = safeTanh(packed[base + ${LSTM_PACKED.cell} * H + j]);
          var cPrev = 0.0;
          if (t > 0) { cPrev = packed[((t - 1) * batchSize + b) * P + ${LSTM_PACKED.cell} * H + j]; }
          let dc = dy[base + ${LSTM_PACKED.cell} * H + j] + dcCarry[e] + dh * gateO * (1.0 - tanhC * tanhC);
          let dI = dc * gateG * gateI * (1.0 - gateI);
          let dF = dc * cPrev * gateF * (1.0 - gateF);
          let dG = dc * gateI * (1.0 - gateG * gateG);
          let dO = dh * tanhC * gateO * (1.0 - gateO);
          dcCarry[e] = dc * gateF;
          dhCarry[e] = 0.0;
          result[out + j] = dI;
          result[out + H + j] = dF;
          result[out + 2 * H + j] = dG;
          result[out + 3 * H + j] = dO;
          storeRecurrent(sharedBase + j, dI);
          storeRecurrent(sharedBase + H + j, dF);
          storeRecurrent(sharedBase + 2 * H + j, dG);
          storeRecurrent(sharedBase + 3 * H + j, dO);`,
  backwardCarries: ['dcCarry'],
});

/** The forward kernel's name in tfjs's registry (webgpu backend only). */
export const LSTM_SEQUENCE_KERNEL = LSTM.kernelName;
/** The backward kernel's name. */
export const LSTM_SEQUENCE_GRAD_KERNEL = LSTM.gradKernelName;

/** Whether a hidden size fits the fused kernels' workgroup memory (H ≤ 1024). */
export const canFuseLstm = LSTM.canFuse;

/**
 * Run one LSTM direction over all timesteps on the webgpu backend: `projected [T, B, 4H]`, `kernelHh [H, 4H]`
 * → packed `[T, B, 7H]` (layout above). Differentiable through tfjs's autodiff.
 */
export function lstmSequence(projected: tf.Tensor3D, kernelHh: tf.Tensor2D): tf.Tensor3D {
  return LSTM.run(projected, kernelHh);
}

/** One of c_t / h_t / h_{t−1} for all steps, `[T, B, H]`, from a packed result. */
export function packedPart(packed: tf.Tensor3D, offset: number): tf.Tensor3D {
  const [seqLength, batchSize, width] = packed.shape;
  const hidden = width / LSTM_PACKED.width;
  return tf.slice(packed, [0, 0, offset * hidden], [seqLength, batchSize, hidden]);
}
