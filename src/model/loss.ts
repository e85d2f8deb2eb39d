/**
 * Negative log-likelihood, mean over the batch (F.nll_loss's default): the classifier already returns
 * log_softmax, so NLL of the true class is just minus its entry.
 */
import * as tf from '@tensorflow/tfjs';

/** `logProbs [B, C]`, `labels [B]` → scalar mean of −logProbs[b, labels[b]]. */
export function nllLoss(logProbs: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  const classes = logProbs.shape[1];
  const picked = tf.sum(tf.mul(logProbs, tf.oneHot(tf.tensor1d(labels, 'int32'), classes)), 1);
  return tf.neg(tf.mean(picked));
}
