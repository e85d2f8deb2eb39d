import * as tf from '@tensorflow/tfjs';

/**
 * The Euclidean norm of each of `tensors` (all of one shape), as one `[n]` tensor: one stack and three ops,
 * where a tf.norm each is four or five kernels per tensor (on the GPU backends, as many dispatches).
 */
export function normsOf(tensors: tf.Tensor[]): tf.Tensor1D {
  const stacked = tf.stack(tensors);
  const axes = Array.from({ length: stacked.rank - 1 }, (_, index) => index + 1);
  return tf.sqrt(tf.sum(tf.square(stacked), axes));
}
