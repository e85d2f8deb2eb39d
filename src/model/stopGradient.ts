import * as tf from '@tensorflow/tfjs';

/**
 * `x`'s value with no gradient path back (TensorFlow's tf.stop_gradient; tfjs-core has no such op): the
 * identity forward, a zero gradient backward.
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  const cut = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input] = args as [tf.Tensor];
    return { value: tf.clone(input), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
  });
  return cut(x) as T;
}
