/**
 * Train tools/make_sparse_adam_fixture.py's model (an embedding averaged over each sequence, a Linear head,
 * cross-entropy) through the engine's own step (trainStep.ts's `minimizeLoss` with the batch's
 * `EmbeddingRows` and the `adam-sparse` optimiser) on the ACTIVE backend, and compare every step with
 * PyTorch's SparseAdam + Adam through `expectClose`. Browser-safe (the fixture comes in parsed): shared by
 * the cpu/wasm test, the Dawn webgpu one and the browser's parity page (webgpu and webgl).
 */
import * as tf from '@tensorflow/tfjs';
import { EmbeddingRows, embeddingLookup } from '../embedding';
import { createOptimizer } from '../optimizers';
import { takesRowGradients } from '../sparseAdam';
import { minimizeLoss } from '../trainStep';
import type { ExpectClose } from './torchParityChecks';

/** The fixture's file name among the committed fixtures (src/model/testing/fixtures/). */
export const SPARSE_ADAM_FIXTURE = 'sparse_adam.json';

type StateName = 'embedding.weight' | 'embedding.exp_avg' | 'embedding.exp_avg_sq' | 'head.weight' | 'head.bias';

interface FixtureStep {
  ids: number[][];
  labels: number[];
  clipNorm: number | null;
  loss: number;
  gradNorm: number;
  after: Record<StateName, number[]>;
}

/** The fixture file, as the generator writes it. */
export interface SparseAdamFixture {
  vocabSize: number;
  embeddingDim: number;
  classes: number;
  learningRate: number;
  initial: Record<'embedding.weight' | 'head.weight' | 'head.bias', number[]>;
  steps: FixtureStep[];
}

/**
 * Run the fixture's steps; per step, loss, gradient norm, every weight and SparseAdam's m and v go to
 * `expectClose` (labels `step N name`), and the table's step count must be N (thrown otherwise).
 */
export async function checkSparseAdamFixture(fixture: SparseAdamFixture, expectClose: ExpectClose): Promise<void> {
  const { vocabSize, embeddingDim, classes } = fixture;
  const table = tf.variable(tf.tensor2d(fixture.initial['embedding.weight'], [vocabSize, embeddingDim]), true);
  const weight = tf.variable(tf.tensor2d(fixture.initial['head.weight'], [classes, embeddingDim]), true);
  const bias = tf.variable(tf.tensor1d(fixture.initial['head.bias']), true);
  const optimizer = createOptimizer('adam-sparse', fixture.learningRate);
  const params = { trainableVariables: () => [table, weight, bias] };
  try {
    if (!takesRowGradients(optimizer)) throw new Error('adam-sparse must build AdamWithSparseEmbedding.');
    for (const [index, step] of fixture.steps.entries()) {
      const label = `step ${index + 1}`;
      const ids = Int32Array.from(step.ids.flat());
      const [batchSize, seqLength] = [step.ids.length, step.ids[0].length];
      const rows = new EmbeddingRows(table, ids);
      const loss = (): tf.Scalar => {
        const features = tf.mean(tf.reshape(embeddingLookup(table, ids, rows), [batchSize, seqLength, embeddingDim]), 1);
        const logits = tf.add(tf.matMul(features, weight, false, true), bias);
        const picked = tf.mul(tf.cast(tf.oneHot(tf.tensor1d(step.labels, 'int32'), classes), 'float32'), tf.logSoftmax(logits));
        return tf.neg(tf.mean(tf.sum(picked, 1)));
      };
      const numbers = await minimizeLoss(params, optimizer, loss, step.clipNorm, rows).finally(() => rows.dispose());
      expectClose(`${label} loss`, [numbers.loss], [step.loss]);
      expectClose(`${label} gradient norm`, [numbers.gradNorm], [step.gradNorm]);
      const state = await optimizer.embeddingState(table);
      if (state?.step !== index + 1) throw new Error(`SparseAdam's step count for the table is ${state?.step}, not ${index + 1}.`);
      const actual: Record<StateName, ArrayLike<number>> = {
        'embedding.weight': await table.data(),
        'embedding.exp_avg': state.m,
        'embedding.exp_avg_sq': state.v,
        'head.weight': await weight.data(),
        'head.bias': await bias.data(),
      };
      for (const name of Object.keys(actual) as StateName[]) expectClose(`${label} ${name}`, actual[name], step.after[name]);
    }
  } finally {
    optimizer.dispose();
    tf.dispose([table, weight, bias]);
  }
}
