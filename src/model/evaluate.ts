/**
 * Evaluation over a whole split: mean NLL, accuracy, macro accuracy (mean per-class recall: Russian
 * is 47% of the names, so plain accuracy alone flatters a model that always says Russian), the
 * confusion counts and a few misclassified texts per cell. Batches are sorted by length (no wasted
 * padding); one read per batch.
 */
import * as tf from '@tensorflow/tfjs';
import { evaluationBatches } from '../data/batching';
import { makeBatch, type EncodedSplit } from '../data/encoding';
import { accuracyFromConfusion, argmax, confusionMatrix, macroAccuracyFromConfusion } from '../data/metrics';
import type { Example } from '../data/types';
import { classifierForward } from './classifier';
import type { ParamStore } from './params';
import type { EvaluationResult } from './session';
import type { EvalMetrics, ModelConfig } from './types';

/** Misclassified texts kept per confusion cell. */
export const MISTAKES_PER_CELL = 5;

/** Log-probabilities `[B, C]` of one padded batch, read back as one typed array (no gradient, no dropout). */
export async function batchLogProbs(params: ParamStore, config: ModelConfig, batch: { ids: Int32Array; lengths: Int32Array; batchSize: number; seqLength: number }): Promise<Float32Array> {
  const logProbs = tf.tidy(() => classifierForward(params, config, batch, { training: false }).logProbs);
  const values = (await logProbs.data()) as Float32Array;
  logProbs.dispose();
  return values;
}

/** Evaluate `split` (encoded) whose raw examples are `examples` (for the mistake texts). */
export async function evaluateSplit(
  params: ParamStore,
  config: ModelConfig,
  splitName: EvalMetrics['split'],
  encoded: EncodedSplit,
  examples: readonly Example[],
  padId: number,
  batchSize: number,
): Promise<EvaluationResult> {
  const classes = config.classes.length;
  const predicted = new Int32Array(examples.length);
  let lossSum = 0;
  for (const indices of evaluationBatches(encoded.lengths, batchSize)) {
    const batch = makeBatch(encoded, indices, padId);
    const logProbs = await batchLogProbs(params, config, batch);
    for (let row = 0; row < indices.length; row++) {
      const scores = logProbs.subarray(row * classes, (row + 1) * classes);
      predicted[indices[row]] = argmax(scores);
      lossSum -= scores[encoded.labels[indices[row]]];
    }
  }
  const confusion = confusionMatrix(encoded.labels, predicted, classes);
  const mistakes: Record<string, string[]> = {};
  for (let i = 0; i < examples.length; i++) {
    const truth = encoded.labels[i];
    if (predicted[i] === truth) continue;
    const key = `${truth}:${predicted[i]}`;
    const list = (mistakes[key] ??= []);
    if (list.length < MISTAKES_PER_CELL) list.push(examples[i].text);
  }
  const count = examples.length;
  return {
    metrics: {
      split: splitName,
      loss: count === 0 ? 0 : lossSum / count,
      accuracy: accuracyFromConfusion(confusion, classes),
      macroAccuracy: macroAccuracyFromConfusion(confusion, classes),
      confusion,
      count,
    },
    mistakes,
  };
}
