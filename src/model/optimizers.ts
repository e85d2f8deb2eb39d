/**
 * tf.train optimisers with PyTorch's default constants, so a learning rate means the same thing
 * here as in the lecture's notebooks (tfjs's own defaults differ: Adam ε 1e-7, RMSprop ρ 0.9).
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from './types';

/** SGD (no momentum), Adam(β 0.9, 0.999, ε 1e-8), RMSprop(α 0.99, ε 1e-8) — torch.optim defaults. */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new RangeError(`The learning rate must be a positive number, got ${learningRate}.`);
  switch (name) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'adam':
      return tf.train.adam(learningRate, 0.9, 0.999, 1e-8);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, 0.99, 0, 1e-8);
  }
}
