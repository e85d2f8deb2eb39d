/**
 * tf.train optimisers with PyTorch's default constants, so a learning rate means the same thing
 * here as in the lecture's notebooks (tfjs's own defaults differ: Adam ε 1e-7, RMSprop ρ 0.9).
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from './types';
import { AdamWithSparseEmbedding } from './sparseAdam';
import { WebGlFusedAdam } from './webgl/fusedAdam';
import { FusedAdam } from './webgpu/fusedAdam';
import { fusedKernelsEnabled } from './webgpu/fusion';

/**
 * SGD (no momentum), Adam(β 0.9, 0.999, ε 1e-8), RMSprop(α 0.99, ε 1e-8) — torch.optim defaults. On webgpu,
 * Adam is the fused one-dispatch-per-tensor update (webgpu/fusedAdam.ts), on webgl three passes per tensor
 * (webgl/fusedAdam.ts), same arithmetic. `adam-sparse`:
 * that Adam for every parameter but a word embedding table, SparseAdam (same constants) for the table.
 */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new RangeError(`The learning rate must be a positive number, got ${learningRate}.`);
  switch (name) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'adam':
      return denseAdam(learningRate);
    case 'adam-sparse':
      return new AdamWithSparseEmbedding(denseAdam(learningRate), { learningRate, ...ADAM_CONSTANTS });
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, 0.99, 0, 1e-8);
  }
}

const ADAM_CONSTANTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

function denseAdam(learningRate: number): tf.Optimizer {
  if (tf.getBackend() === 'webgpu' && fusedKernelsEnabled()) return new FusedAdam({ learningRate, ...ADAM_CONSTANTS });
  if (tf.getBackend() === 'webgl' && fusedKernelsEnabled()) return new WebGlFusedAdam({ learningRate, ...ADAM_CONSTANTS });
  return tf.train.adam(learningRate, ADAM_CONSTANTS.beta1, ADAM_CONSTANTS.beta2, ADAM_CONSTANTS.epsilon);
}
