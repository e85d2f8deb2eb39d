/**
 * The fused WebGL LSTM (webgl/lstmSequence.ts) on a sequence longer than one stacking draw takes (T = 37 > 16
 * parts: the stacking tree, which PyTorch's fixtures, T ≤ 6, never reach), odd batch, H not a multiple of
 * four, against the same recurrence written with tfjs's own ops on the same backend: the packed output and
 * both gradients of a loss on c_t and h_t. Then whether repeated forward+backward passes leave backend data
 * (textures) behind: the kernels allocate and free their per-step textures themselves, outside tfjs's
 * tensor bookkeeping. Run by parity.html on webgl with fused kernels on.
 */
import * as tf from '@tensorflow/tfjs';
import { LSTM_PACKED } from '../webgpu/lstmSequence';
import { lstmSequenceWebGl } from '../webgl/lstmSequence';

export interface WebGlLstmCheck {
  /** Max |fused − reference| of the packed output, ∂loss/∂projected and ∂loss/∂W_hhᵀ. */
  output: number;
  dProjected: number;
  dKernelHh: number;
  /** Backend data ids added by five more forward+backward passes whose results were disposed (0 = no leak). */
  leakedDataIds: number;
}

const STEPS = 37;
const BATCH = 5;
const HIDDEN = 6;

/** The LSTM over all steps with tfjs's ops, packed like the fused kernel's result (gates, c_t, h_t, h_{t−1}). */
function reference(projected: tf.Tensor3D, kernelHh: tf.Tensor2D): tf.Tensor3D {
  let h: tf.Tensor2D = tf.zeros([BATCH, HIDDEN]);
  let c: tf.Tensor2D = tf.zeros([BATCH, HIDDEN]);
  const rows: tf.Tensor[] = [];
  for (let t = 0; t < STEPS; t++) {
    const step = tf.reshape(tf.slice(projected, [t, 0, 0], [1, BATCH, 4 * HIDDEN]), [BATCH, 4 * HIDDEN]);
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

export function checkWebGlLstm(): WebGlLstmCheck {
  const result = tf.tidy(() => {
    const projected = tf.randomNormal([STEPS, BATCH, 4 * HIDDEN], 0, 1, 'float32', 1) as tf.Tensor3D;
    const kernelHh = tf.randomNormal([HIDDEN, 4 * HIDDEN], 0, 0.5, 'float32', 2) as tf.Tensor2D;
    // Only c_t and h_t may carry a gradient (the kernel's contract): a random weighting of them.
    const stateColumns = tf.concat([tf.zeros([STEPS, BATCH, LSTM_PACKED.cell * HIDDEN]), tf.ones([STEPS, BATCH, 2 * HIDDEN]), tf.zeros([STEPS, BATCH, HIDDEN])], 2);
    const weights = tf.mul(tf.randomNormal([STEPS, BATCH, LSTM_PACKED.width * HIDDEN], 0, 1, 'float32', 3), stateColumns);
    const lossOf = (run: (p: tf.Tensor3D, k: tf.Tensor2D) => tf.Tensor3D) => (p: tf.Tensor, k: tf.Tensor) => tf.sum(tf.mul(run(p as tf.Tensor3D, k as tf.Tensor2D), weights));
    const fusedGrads = tf.grads(lossOf(lstmSequenceWebGl))([projected, kernelHh]);
    const referenceGrads = tf.grads(lossOf(reference))([projected, kernelHh]);
    return {
      output: maxAbsDifference(lstmSequenceWebGl(projected, kernelHh), reference(projected, kernelHh)),
      dProjected: maxAbsDifference(fusedGrads[0], referenceGrads[0]),
      dKernelHh: maxAbsDifference(fusedGrads[1], referenceGrads[1]),
    };
  });
  const projected = tf.randomNormal([STEPS, BATCH, 4 * HIDDEN]) as tf.Tensor3D;
  const kernelHh = tf.randomNormal([HIDDEN, 4 * HIDDEN]) as tf.Tensor2D;
  const pass = () => tf.grads((p: tf.Tensor, k: tf.Tensor) => tf.sum(lstmSequenceWebGl(p as tf.Tensor3D, k as tf.Tensor2D)))([projected, kernelHh]).forEach((grad) => grad.dispose());
  pass();
  const before = backendDataIds();
  for (let repeat = 0; repeat < 5; repeat++) pass();
  const leakedDataIds = backendDataIds() - before;
  projected.dispose();
  kernelHh.dispose();
  return { ...result, leakedDataIds };
}
