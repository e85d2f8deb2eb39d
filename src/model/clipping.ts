/**
 * Gradient clipping by global norm (torch.nn.utils.clip_grad_norm_): all gradients are scaled by
 * min(1, maxNorm / ‖g‖) where ‖g‖ is the L2 norm over every parameter together. The norm before
 * clipping is reported every step: it is the exploding-gradient picture.
 */
import * as tf from '@tensorflow/tfjs';
import { lossAndNormWebGl } from './webgl/gradNorm';
import { fusedKernelsEnabled } from './webgpu/fusion';
import { lossAndNormFused } from './webgpu/gradNorm';

/** √(Σ over tensors of Σ g²), a scalar tensor (not read back here). */
export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(grads.map((grad) => tf.sum(tf.square(grad))))) as tf.Scalar);
}

/**
 * `[loss, ‖g‖]`, the two numbers a training step reads back, as one tensor. On webgpu one fused kernel
 * (webgpu/gradNorm.ts), on webgl two or three draws (webgl/gradNorm.ts), instead of two ops per gradient
 * tensor; elsewhere `globalNorm` stacked with the loss.
 */
export function lossAndGlobalNorm(loss: tf.Scalar, grads: tf.Tensor[]): tf.Tensor1D {
  if (tf.getBackend() === 'webgpu' && fusedKernelsEnabled()) return lossAndNormFused(loss, grads);
  if (tf.getBackend() === 'webgl' && fusedKernelsEnabled()) return lossAndNormWebGl(loss, grads);
  return tf.tidy(() => tf.stack([loss, globalNorm(grads)]) as tf.Tensor1D);
}

/** Gradients scaled so their global norm is at most `maxNorm` (PyTorch adds 1e-6 to the norm). */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, norm: tf.Scalar, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const scale = tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), tf.add(norm, 1e-6)));
    const clipped: tf.NamedTensorMap = {};
    for (const [name, grad] of Object.entries(grads)) clipped[name] = tf.mul(grad, scale);
    return clipped;
  });
}
