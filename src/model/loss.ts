/**
 * Negative log-likelihood, mean over the batch (F.nll_loss's default): the classifier already returns
 * log_softmax, so NLL of the true class is just minus its entry.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from './webgpu/fusion';
import { logSoftmaxNllFused } from './webgpu/logSoftmaxNll';

/** `logProbs [B, C]`, `labels [B]` → scalar mean of −logProbs[b, labels[b]]. */
export function nllLoss(logProbs: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  const classes = logProbs.shape[1];
  const picked = tf.sum(tf.mul(logProbs, tf.oneHot(tf.tensor1d(labels, 'int32'), classes)), 1);
  return tf.neg(tf.mean(picked));
}

/**
 * The same loss from logits: `nllLoss(logSoftmax(logits))`, F.cross_entropy. On webgpu one fused kernel each
 * way (webgpu/logSoftmaxNll.ts) instead of a dozen small ops, which training needs only the scalar of.
 */
export function crossEntropyFromLogits(logits: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  if (tf.getBackend() === 'webgpu' && fusedKernelsEnabled()) return logSoftmaxNllFused(logits, labels);
  return nllLoss(tf.logSoftmax(logits) as tf.Tensor2D, labels);
}
