/**
 * Test helper: train tools/make_sparse_adam_fixture.py's model (an embedding averaged over each sequence,
 * a Linear head, cross-entropy) through the engine's own step (trainStep.ts's `minimizeLoss` with the
 * batch's `EmbeddingRows` and the `adam-sparse` optimiser) on the current backend, and compare every step
 * with PyTorch's SparseAdam + Adam. Shared by the cpu/wasm test and the Dawn webgpu one.
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { EmbeddingRows, embeddingLookup } from '../embedding';
import { createOptimizer } from '../optimizers';
import { takesRowGradients } from '../sparseAdam';
import { minimizeLoss } from '../trainStep';
import { readOwnFixture } from './fixtures';

interface FixtureStep {
  ids: number[][];
  labels: number[];
  clipNorm: number | null;
  loss: number;
  gradNorm: number;
  after: Record<'embedding.weight' | 'embedding.exp_avg' | 'embedding.exp_avg_sq' | 'head.weight' | 'head.bias', number[]>;
}

interface Fixture {
  vocabSize: number;
  embeddingDim: number;
  classes: number;
  learningRate: number;
  initial: Record<'embedding.weight' | 'head.weight' | 'head.bias', number[]>;
  steps: FixtureStep[];
}

/** Largest absolute difference between two equal-length lists. */
function maxDifference(actual: ArrayLike<number>, expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

/** Run the fixture's steps on the current backend; every weight and SparseAdam moment within `tolerance`. */
export async function checkSparseAdamFixture(tolerance: number): Promise<void> {
  const fixture = readOwnFixture<Fixture>('sparse_adam.json');
  const { vocabSize, embeddingDim, classes } = fixture;
  const table = tf.variable(tf.tensor2d(fixture.initial['embedding.weight'], [vocabSize, embeddingDim]), true);
  const weight = tf.variable(tf.tensor2d(fixture.initial['head.weight'], [classes, embeddingDim]), true);
  const bias = tf.variable(tf.tensor1d(fixture.initial['head.bias']), true);
  const optimizer = createOptimizer('adam-sparse', fixture.learningRate);
  if (!takesRowGradients(optimizer)) throw new Error('adam-sparse must build AdamWithSparseEmbedding.');
  const params = { trainableVariables: () => [table, weight, bias] };
  try {
    for (const [index, step] of fixture.steps.entries()) {
      const ids = Int32Array.from(step.ids.flat());
      const [batchSize, seqLength] = [step.ids.length, step.ids[0].length];
      const rows = new EmbeddingRows(table, ids);
      const loss = (): tf.Scalar => {
        const features = tf.mean(tf.reshape(embeddingLookup(table, ids, rows), [batchSize, seqLength, embeddingDim]), 1);
        const logits = tf.add(tf.matMul(features, weight, false, true), bias);
        const picked = tf.mul(tf.cast(tf.oneHot(tf.tensor1d(step.labels, 'int32'), classes), 'float32'), tf.logSoftmax(logits));
        return tf.neg(tf.mean(tf.sum(picked, 1)));
      };
      const numbers = await minimizeLoss(params, optimizer, loss, step.clipNorm, rows);
      rows.dispose();
      expect(numbers.loss, `loss at step ${index + 1}`).toBeCloseTo(step.loss, 5);
      expect(numbers.gradNorm, `gradient norm at step ${index + 1}`).toBeCloseTo(step.gradNorm, 5);
      const state = await optimizer.embeddingState(table);
      if (!state) throw new Error('SparseAdam kept no state for the table.');
      expect(state.step).toBe(index + 1);
      const actual: Record<keyof FixtureStep['after'], ArrayLike<number>> = {
        'embedding.weight': await table.data(),
        'embedding.exp_avg': state.m,
        'embedding.exp_avg_sq': state.v,
        'head.weight': await weight.data(),
        'head.bias': await bias.data(),
      };
      for (const name of Object.keys(actual) as (keyof FixtureStep['after'])[]) {
        expect(maxDifference(actual[name], step.after[name]), `${name} after step ${index + 1}`).toBeLessThan(tolerance);
      }
    }
  } finally {
    optimizer.dispose();
    tf.dispose([table, weight, bias]);
  }
}
