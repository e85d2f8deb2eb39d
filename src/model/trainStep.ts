/**
 * One optimisation step on one batch: forward, NLL, backward (BPTT through tf.variableGrads),
 * global-norm clipping, optimiser update. Exactly ONE read from the backend per step (loss and
 * gradient norm together), done BEFORE the update so a non-finite loss never touches the weights.
 */
import * as tf from '@tensorflow/tfjs';
import { classifierLogits, type IdBatch } from './classifier';
import { clipByGlobalNorm, lossAndGlobalNorm } from './clipping';
import { EmbeddingRows } from './embedding';
import { crossEntropyFromLogits } from './loss';
import type { ParamStore } from './params';
import { takesRowGradients } from './sparseAdam';
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
  const embeddingRows = sparseEmbeddingRows(params, config, optimizer, batch.ids);
  try {
    const loss = (): tf.Scalar => crossEntropyFromLogits(classifierLogits(params, config, batch, { training: true, dropoutSeed, embeddingRows: embeddingRows ?? undefined }).logits, batch.labels);
    return await minimizeLoss(params, optimizer, loss, clipNorm, embeddingRows);
  } finally {
    embeddingRows?.dispose();
  }
}

/**
 * The batch's embedding rows when this step takes a sparse embedding gradient: a word model whose table
 * is trainable, trained by an optimiser that takes row gradients (sparseAdam.ts). Null: dense, as before.
 */
function sparseEmbeddingRows(params: ParamStore, config: ModelConfig, optimizer: tf.Optimizer, ids: Int32Array): EmbeddingRows | null {
  if (!takesRowGradients(optimizer) || config.input.type !== 'words') return null;
  const table = params.get('embedding.weight');
  return table.trainable ? new EmbeddingRows(table, ids) : null;
}

/**
 * One optimiser step on any scalar `loss` of the parameters (the classifier's and the language model's
 * share it): gradients by BPTT, one read of loss and norm, clipping, update unless either is not finite.
 * With `embeddingRows` (and an optimiser that takes row gradients), the loss reads the table through
 * those rows: the table's gradient is taken with respect to them, counts in the global norm and is
 * clipped like any other (its norm is the dense gradient's norm), and goes to SparseAdam.
 */
export async function minimizeLoss(params: Pick<ParamStore, 'trainableVariables'>, optimizer: tf.Optimizer, loss: () => tf.Scalar, clipNorm: number | null, embeddingRows: EmbeddingRows | null = null): Promise<StepNumbers> {
  const variables = embeddingRows ? [...params.trainableVariables().filter((variable) => variable !== embeddingRows.table), embeddingRows.rows] : params.trainableVariables();
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
      await applyUpdate(optimizer, clipped, embeddingRows);
      tf.dispose(Object.values(clipped));
    } else {
      await applyUpdate(optimizer, grads, embeddingRows);
    }
  }
  both.dispose();
  tf.dispose(Object.values(grads));
  return { loss: lossValue, gradNorm, applied };
}

/** The optimiser step: the embedding rows' gradient (when there is one) to SparseAdam, the rest as usual. */
async function applyUpdate(optimizer: tf.Optimizer, grads: tf.NamedTensorMap, embeddingRows: EmbeddingRows | null): Promise<void> {
  if (!embeddingRows || !takesRowGradients(optimizer)) {
    optimizer.applyGradients(grads);
    return;
  }
  const { [embeddingRows.rows.name]: rowGrad, ...dense } = grads;
  optimizer.applyGradients(dense);
  await optimizer.applyRowGradients(embeddingRows.table, embeddingRows.ids, rowGrad as tf.Tensor2D);
}
