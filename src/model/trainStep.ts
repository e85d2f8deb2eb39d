/**
 * One optimisation step on one batch: forward, NLL, backward (BPTT through tf.variableGrads),
 * global-norm clipping, optimiser update. Exactly ONE read from the backend per step (loss and
 * gradient norm together), done BEFORE the update so a non-finite loss never touches the weights.
 */
import * as tf from '@tensorflow/tfjs';
import { classifierLogits, type IdBatch } from './classifier';
import { clipByGlobalNorm, lossAndGlobalNorm } from './clipping';
import { crossEntropyFromLogits } from './loss';
import type { ParamStore } from './params';
import type { ModelConfig } from './types';

/** A padded id batch with its targets (src/data's EncodedBatch fits). */
export interface LabelledBatch extends IdBatch {
  /** `[B]` class indices. */
  labels: Int32Array;
}

/** The two numbers read back per step. */
export interface StepNumbers {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** False when loss or norm was NaN/Infinity: the update was skipped. */
  applied: boolean;
}

/**
 * Train on `batch`. `clipNorm` null = no clipping. `dropoutSeed` varies the dropout masks per step.
 * Returns the loss and pre-clipping norm; skips the update (applied = false) when either is not finite.
 */
export async function trainOnBatch(
  params: ParamStore,
  config: ModelConfig,
  optimizer: tf.Optimizer,
  batch: LabelledBatch,
  clipNorm: number | null,
  dropoutSeed: number,
): Promise<StepNumbers> {
  return minimizeLoss(params, optimizer, () => crossEntropyFromLogits(classifierLogits(params, config, batch, { training: true, dropoutSeed }).logits, batch.labels), clipNorm);
}

/**
 * One optimiser step on any scalar `loss` of the parameters (the classifier's and the language model's
 * share it): gradients by BPTT, one read of loss and norm, clipping, update unless either is not finite.
 */
export async function minimizeLoss(params: ParamStore, optimizer: tf.Optimizer, loss: () => tf.Scalar, clipNorm: number | null): Promise<StepNumbers> {
  const variables = params.trainableVariables();
  const { value, grads } = tf.variableGrads(loss, variables);
  const both = lossAndGlobalNorm(value, Object.values(grads));
  const [lossValue, gradNorm] = await both.data();
  value.dispose();
  const applied = Number.isFinite(lossValue) && Number.isFinite(gradNorm);
  if (applied) {
    if (clipNorm !== null) {
      const norm = tf.tidy(() => tf.reshape(tf.slice(both, [1], [1]), []) as tf.Scalar);
      const clipped = clipByGlobalNorm(grads, norm, clipNorm);
      norm.dispose();
      optimizer.applyGradients(clipped);
      tf.dispose(Object.values(clipped));
    } else {
      optimizer.applyGradients(grads);
    }
  }
  both.dispose();
  tf.dispose(Object.values(grads));
  return { loss: lossValue, gradNorm, applied };
}
