/**
 * Matrix product whose gradient never asks the backend for a transposed matmul.
 * Why: tfjs 4.22's WASM matMul is 5-13x slower with transposeA/transposeB (measured on this
 * machine: dW for 64×128 → 512, 7.6 ms transposed vs 1.0 ms with an explicit transpose first), and
 * tf.matMul's own gradient uses exactly those flags. WebGPU uses the engine's own register-tiled matmul
 * (webgpu/matMul.ts) unless its fused kernels are turned off; other backends keep tf.matMul's own gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from './webgpu/fusion';
import { gpuMatMul } from './webgpu/matMul';

/**
 * `a [m, k] · b [k, n] → [m, n]`. `bTransposed` (`[n, k]`), when given, is reused for ∂/∂a so a
 * recurrent weight is transposed once per batch instead of once per timestep.
 */
export function matMulFast(a: tf.Tensor2D, b: tf.Tensor2D, bTransposed?: tf.Tensor2D): tf.Tensor2D {
  const backend = tf.getBackend();
  if (backend === 'webgpu' && fusedKernelsEnabled()) return gpuMatMul(a, b);
  if (backend !== 'wasm') return tf.matMul(a, b);
  const product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [left, right, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    // Everything the backward pass reads must be saved: the forward's other tensors are disposed
    // when tf.grads's forward scope ends, including a closure-captured transpose.
    save(bTransposed ? [left, right, bTransposed] : [left, right]);
    return {
      value: tf.matMul(left, right) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedLeft, savedRight, savedRightT] = saved as tf.Tensor2D[];
        const rightT = savedRightT ?? tf.transpose(savedRight);
        return [tf.matMul(dy as tf.Tensor2D, rightT), tf.matMul(tf.transpose(savedLeft), dy as tf.Tensor2D)] as tf.Tensor[];
      },
    };
  });
  return product(a, b) as tf.Tensor2D;
}
