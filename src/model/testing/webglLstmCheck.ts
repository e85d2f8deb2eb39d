/**
 * The fused WebGL LSTM (webgl/lstmSequence.ts) on a sequence longer than one stacking draw takes (T = 37 > 16
 * parts: the stacking tree, which PyTorch's fixtures, T ≤ 6, never reach) and on a single step (no stacking;
 * `[1, B, ·]` reshapes to `[B, ·]` without a copy, so the ∂W_hh matmul reads the kernel's texels as they are),
 * both with an odd batch and H not a multiple of four, against the same recurrence written with tfjs's own ops on the same backend: the packed output and
 * both gradients of a loss on c_t and h_t. Then whether repeated forward+backward passes leave backend data
 * (textures) behind: the kernels allocate and free their per-step textures themselves, outside tfjs's
 * tensor bookkeeping. Run by parity.html on webgl with fused kernels on.
 */
import * as tf from '@tensorflow/tfjs';
import { LSTM_PACKED } from '../webgpu/lstmSequence';
import { lstmSequenceWebGl } from '../webgl/lstmSequence';

export interface WebGlLstmCheck {
  /** Max |fused − reference| over both cases of the packed output, ∂loss/∂projected and ∂loss/∂W_hhᵀ. */
  output: number;
  dProjected: number;
  dKernelHh: number;
  /** Backend data ids added by five more forward+backward passes whose results were disposed (0 = no leak). */
  leakedDataIds: number;
}

interface Case {
  steps: number;
  batch: number;
  hidden: number;
}

const CASES: Case[] = [
  { steps: 37, batch: 5, hidden: 6 },
  { steps: 1, batch: 3, hidden: 4 },
];

/** The LSTM over all steps with tfjs's ops, packed like the fused kernel's result (gates, c_t, h_t, h_{t−1}). */
function reference(projected: tf.Tensor3D, kernelHh: tf.Tensor2D): tf.Tensor3D {
  const [steps, batch, gateWidth] = projected.shape;
  const hidden = gateWidth / 4;
  let h: tf.Tensor2D = tf.zeros([batch, hidden]);
  let c: tf.Tensor2D = tf.zeros([batch, hidden]);
  const rows: tf.Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const step = tf.reshape(tf.slice(projected, [t, 0, 0], [1, batch, 4 * hidden]), [batch, 4 * hidden]);
    const [i, f, g, o] = tf.split(tf.add(step, tf.matMul(h, kernelHh)), 4, 1);
    const gates = [tf.sigmoid(i), tf.sigmoid(f), tf.tanh(g), tf.sigmoid(o)];
    const cNext: tf.Tensor2D = tf.add(tf.mul(gates[1], c), tf.mul(gates[0], gates[2]));
    const hNext: tf.Tensor2D = tf.mul(gates[3], tf.tanh(cNext));
    rows.push(tf.concat([...gates, cNext, hNext, h], 1));
    h = hNext;
    c = cNext;
  }
  return tf.stack(rows) as tf.Tensor3D;
}

function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
}

function backendDataIds(): number {
  return tf.engine().backend.numDataIds();
}

function compare({ steps, batch, hidden }: Case): Omit<WebGlLstmCheck, 'leakedDataIds'> {
  return tf.tidy(() => {
    const projected = tf.randomNormal([steps, batch, 4 * hidden], 0, 1, 'float32', 1) as tf.Tensor3D;
    const kernelHh = tf.randomNormal([hidden, 4 * hidden], 0, 0.5, 'float32', 2) as tf.Tensor2D;
    // Only c_t and h_t may carry a gradient (the kernel's contract): a random weighting of them.
    const stateColumns = tf.concat([tf.zeros([steps, batch, LSTM_PACKED.cell * hidden]), tf.ones([steps, batch, 2 * hidden]), tf.zeros([steps, batch, hidden])], 2);
    const weights = tf.mul(tf.randomNormal([steps, batch, LSTM_PACKED.width * hidden], 0, 1, 'float32', 3), stateColumns);
    const lossOf = (run: (p: tf.Tensor3D, k: tf.Tensor2D) => tf.Tensor3D) => (p: tf.Tensor, k: tf.Tensor) => tf.sum(tf.mul(run(p as tf.Tensor3D, k as tf.Tensor2D), weights));
    const fusedGrads = tf.grads(lossOf(lstmSequenceWebGl))([projected, kernelHh]);
    const referenceGrads = tf.grads(lossOf(reference))([projected, kernelHh]);
    return {
      output: maxAbsDifference(lstmSequenceWebGl(projected, kernelHh), reference(projected, kernelHh)),
      dProjected: maxAbsDifference(fusedGrads[0], referenceGrads[0]),
      dKernelHh: maxAbsDifference(fusedGrads[1], referenceGrads[1]),
    };
  });
}

export function checkWebGlLstm(): WebGlLstmCheck {
  const results = CASES.map(compare);
  const result = {
    output: Math.max(...results.map((one) => one.output)),
    dProjected: Math.max(...results.map((one) => one.dProjected)),
    dKernelHh: Math.max(...results.map((one) => one.dKernelHh)),
  };
  const { steps, batch, hidden } = CASES[0];
  const projected = tf.randomNormal([steps, batch, 4 * hidden]) as tf.Tensor3D;
  const kernelHh = tf.randomNormal([hidden, 4 * hidden]) as tf.Tensor2D;
  const pass = () => tf.grads((p: tf.Tensor, k: tf.Tensor) => tf.sum(lstmSequenceWebGl(p as tf.Tensor3D, k as tf.Tensor2D)))([projected, kernelHh]).forEach((grad) => grad.dispose());
  pass();
  const before = backendDataIds();
  for (let repeat = 0; repeat < 5; repeat++) pass();
  const leakedDataIds = backendDataIds() - before;
  projected.dispose();
  kernelHh.dispose();
  return { ...result, leakedDataIds };
}
