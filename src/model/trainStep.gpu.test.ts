/**
 * A whole names-LSTM training step on tfjs's webgpu backend (Dawn + SwiftShader in Node), fused kernels
 * against tfjs's per-op kernels: the same loss, gradient norm, gradients and weights within 1e-5, and the
 * number of GPU dispatches one step makes (forward, BPTT, norm, Adam), which does not depend on timing.
 * The names-GRU step (the fused GRU kernels) is held to the same dispatch budget and the same gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAME_ALPHABET } from '../data/names';
import { classifierLogits } from './classifier';
import { lossAndGlobalNorm } from './clipping';
import { crossEntropyFromLogits } from './loss';
import { startOpCounting } from './opCounter';
import { createOptimizer } from './optimizers';
import { ParamStore } from './params';
import { taskDefaults } from './taskDefaults';
import { useDawnWebGpu } from './testing/dawn';
import { closeness } from './testing/fixtures';
import { EmbeddingRows } from './embedding';
import { trainOnBatch, type LabelledBatch } from './trainStep';
import type { CellType, ModelConfig } from './types';
import { setFusedKernelsEnabled } from './webgpu/fusion';
import { ONE_HOT_PROJECTION_KERNEL } from './webgpu/oneHotProjection';

/** The bench's names-lstm: the names task's model (LSTM, hidden 128, one layer), batch 64, 18 classes. */
const MODEL: ModelConfig = {
  ...taskDefaults('names').model,
  input: { type: 'chars', alphabet: NAME_ALPHABET },
  classes: Array.from({ length: 18 }, (_, i) => `language${i}`),
};
const BATCH_SIZE = 64;
const LEARNING_RATE = 5e-3;
/** The same model with another cell. */
function modelWith(cell: CellType): ModelConfig {
  return { ...MODEL, cell };
}
/** A names step's budget of GPU dispatches, optimiser included (LSTM: 475 per-op, 66 before; GRU: 523 per-op). */
const MAX_DISPATCHES = 40;

/** A bucket-like batch: lengths 3–9 (padded to 9, as length bucketing leaves them), every class present. */
function namesBatch(seed: number): LabelledBatch {
  const seqLength = 9;
  const lengths = Int32Array.from({ length: BATCH_SIZE }, (_, b) => 3 + ((b * 5 + seed) % 7));
  const ids = new Int32Array(BATCH_SIZE * seqLength).fill(-1);
  for (let b = 0; b < BATCH_SIZE; b++) {
    for (let t = 0; t < lengths[b]; t++) ids[b * seqLength + t] = (b * 7 + t * 13 + seed * 3) % NAME_ALPHABET.length;
  }
  const labels = Int32Array.from({ length: BATCH_SIZE }, (_, b) => (b * 11 + seed) % MODEL.classes.length);
  return { ids, lengths, batchSize: BATCH_SIZE, seqLength, labels };
}

interface StepRecord {
  losses: number[];
  norms: number[];
  weights: Record<string, Float32Array>;
}

/** Three Adam steps from the seed-1 initialisation on the active path. */
async function train(): Promise<StepRecord> {
  const params = new ParamStore(MODEL, 1);
  const optimizer = createOptimizer('adam', LEARNING_RATE);
  const record: StepRecord = { losses: [], norms: [], weights: {} };
  for (let step = 0; step < 3; step++) {
    const numbers = await trainOnBatch(params, MODEL, optimizer, namesBatch(step), null, step);
    record.losses.push(numbers.loss);
    record.norms.push(numbers.gradNorm);
  }
  // Keyed by position: variable names carry a per-store suffix, the order is the store's.
  for (const [index, variable] of params.trainableVariables().entries()) record.weights[`weight ${index}`] = (await variable.data()) as Float32Array;
  optimizer.dispose();
  params.dispose();
  return record;
}

/** Loss, norm and every gradient of one batch from the seed-1 initialisation on the active path. */
async function gradients(model: ModelConfig = MODEL): Promise<Record<string, Float32Array>> {
  const params = new ParamStore(model, 1);
  const batch = namesBatch(0);
  const { value, grads } = tf.variableGrads(() => crossEntropyFromLogits(classifierLogits(params, model, batch, { training: true }).logits, batch.labels), params.trainableVariables());
  const both = lossAndGlobalNorm(value, Object.values(grads));
  const out: Record<string, Float32Array> = { lossAndNorm: (await both.data()) as Float32Array };
  for (const [index, variable] of params.trainableVariables().entries()) out[`gradient ${index}`] = (await grads[variable.name].data()) as Float32Array;
  tf.dispose([value, both, ...Object.values(grads)]);
  params.dispose();
  return out;
}

async function onPerOpKernels<T>(run: () => Promise<T>): Promise<T> {
  setFusedKernelsEnabled(false);
  try {
    return await run();
  } finally {
    setFusedKernelsEnabled(true);
  }
}

beforeAll(async () => {
  await useDawnWebGpu();
});
afterAll(() => setFusedKernelsEnabled(true));

/** GPU dispatches of one names step (after a warm-up step), optimiser included. */
async function dispatchesPerStep(model: ModelConfig): Promise<number | null> {
  const params = new ParamStore(model, 1);
  const optimizer = createOptimizer('adam', LEARNING_RATE);
  // Warm-up: the first step creates the optimiser's moments and compiles the shaders.
  await trainOnBatch(params, model, optimizer, namesBatch(0), null, 0);
  const counter = startOpCounting();
  await trainOnBatch(params, model, optimizer, namesBatch(1), null, 1);
  const counts = counter.read();
  // The one-hot rows are projected by lookup from the ids; the one-hot tensor itself is never built.
  expect(counter.byKernel().OneHot ?? 0).toBe(0);
  counter.stop();
  optimizer.dispose();
  params.dispose();
  console.log(`names-${model.cell.toUpperCase()} step on webgpu: ${counts.kernels} kernels, ${counts.dispatches} GPU dispatches`);
  return counts.dispatches;
}

/** The fused path's loss, norm and gradients against the per-op path's, within 1e-5. */
async function expectPerOpGradients(model: ModelConfig): Promise<void> {
  const fused = await gradients(model);
  const perOp = await onPerOpKernels(() => gradients(model));
  expect(Object.keys(fused).sort()).toEqual(Object.keys(perOp).sort());
  for (const name of Object.keys(perOp)) {
    const result = closeness(fused[name], perOp[name], 1e-5);
    expect(result.failures, `${name}: ${result.worst} (max |Δ| ${result.maxAbs})`).toBe(0);
  }
  // Not a model ignoring its input: the gradients are not all zero.
  expect(perOp.lossAndNorm[1]).toBeGreaterThan(0.01);
}

for (const cell of ['lstm', 'gru'] as const) {
  describe(`names-${cell.toUpperCase()} training step on webgpu`, () => {
    it(`makes at most ${MAX_DISPATCHES} GPU dispatches, optimiser included`, async () => {
      const dispatches = await dispatchesPerStep(modelWith(cell));
      expect(dispatches).not.toBeNull();
      expect(dispatches!).toBeGreaterThan(0);
      expect(dispatches!).toBeLessThanOrEqual(MAX_DISPATCHES);
    });

    it('gives the per-op path\'s loss, gradient norm and every gradient within 1e-5', () => expectPerOpGradients(modelWith(cell)));
  });
}

describe('names-LSTM training step on webgpu', () => {
  it('gives the per-op path\'s losses, norms and weights over three Adam steps within 1e-5', async () => {
    const fused = await train();
    const perOp = await onPerOpKernels(train);
    for (const [label, got, want] of [['losses', fused.losses, perOp.losses], ['norms', fused.norms, perOp.norms]] as const) {
      const result = closeness(got, want, 1e-5);
      expect(result.failures, `${label}: ${got.join(', ')} vs ${want.join(', ')}`).toBe(0);
    }
    for (const name of Object.keys(perOp.weights)) {
      const result = closeness(fused.weights[name], perOp.weights[name], 1e-5);
      expect(result.failures, `${name}: ${result.worst} (max |Δ| ${result.maxAbs})`).toBe(0);
    }
    // The steps moved the weights: the losses differ from step to step.
    expect(new Set(perOp.losses).size).toBe(3);
  });
});

/**
 * A word model whose batch reads its embedding through `EmbeddingRows` (adam-sparse): on the fused path layer 0
 * projects the batch's distinct rows and looks the projections up (recurrentLayer.ts's `TableInput`); the per-op
 * path projects every position's embedding row. Bidirectional, so the reverse direction's reordering of the
 * looked-up rows is covered too.
 */
describe('word-model step on webgpu with the batch\'s embedding rows', () => {
  const VOCAB_SIZE = 40;
  const wordModel = (cell: CellType): ModelConfig => ({
    cell,
    hiddenSize: 24,
    numLayers: 1,
    bidirectional: true,
    dropout: 0,
    input: { type: 'words', vocab: ['<pad>', '<unk>', ...Array.from({ length: VOCAB_SIZE - 2 }, (_, i) => `w${i}`)], pad: '<pad>', unk: '<unk>', lowercase: true, embeddingDim: 16, trainableEmbedding: true },
    classes: ['negative', 'positive'],
  });
  /** Eight sentences of lengths 3–10 padded to 10 with id 0; words repeat within and across sentences. */
  function wordBatch(): LabelledBatch {
    const batchSize = 8;
    const seqLength = 10;
    const lengths = Int32Array.from({ length: batchSize }, (_, b) => 3 + b);
    const ids = new Int32Array(batchSize * seqLength);
    for (let b = 0; b < batchSize; b++) for (let t = 0; t < lengths[b]; t++) ids[b * seqLength + t] = 2 + ((b * 5 + t * 3) % 17);
    return { ids, lengths, batchSize, seqLength, labels: Int32Array.from({ length: batchSize }, (_, b) => b % 2) };
  }

  /** Loss and every gradient (the embedding's as its batch rows) of one batch from the seed-3 initialisation, and the kernels that ran. */
  async function rowGradients(model: ModelConfig): Promise<{ values: Record<string, Float32Array>; kernels: Record<string, number> }> {
    const params = new ParamStore(model, 3);
    const batch = wordBatch();
    const table = params.get('embedding.weight') as tf.Variable;
    const rows = new EmbeddingRows(table, batch.ids);
    const variables = [...params.trainableVariables().filter((variable) => variable !== table), rows.rows];
    const counter = startOpCounting();
    const { value, grads } = tf.variableGrads(() => crossEntropyFromLogits(classifierLogits(params, model, batch, { training: true, embeddingRows: rows }).logits, batch.labels), variables);
    const kernels = counter.byKernel();
    counter.stop();
    const values: Record<string, Float32Array> = { loss: (await value.data()) as Float32Array };
    for (const [index, variable] of variables.entries()) values[variable === rows.rows ? 'embedding rows' : `gradient ${index}`] = (await grads[variable.name].data()) as Float32Array;
    tf.dispose([value, ...Object.values(grads)]);
    rows.dispose();
    params.dispose();
    return { values, kernels };
  }

  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell.toUpperCase()}: projects the table on the fused path and gives the per-op path's loss and gradients within 1e-5`, async () => {
      const fused = await rowGradients(wordModel(cell));
      const perOp = await onPerOpKernels(() => rowGradients(wordModel(cell)));
      // The fused path looked up the projections, once per direction (the embedded x itself is never built);
      // the per-op path never did.
      expect(fused.kernels[ONE_HOT_PROJECTION_KERNEL] ?? 0).toBe(2);
      expect(perOp.kernels[ONE_HOT_PROJECTION_KERNEL] ?? 0).toBe(0);
      expect(Object.keys(fused.values).sort()).toEqual(Object.keys(perOp.values).sort());
      for (const name of Object.keys(perOp.values)) {
        const result = closeness(fused.values[name], perOp.values[name], 1e-5);
        expect(result.failures, `${name}: ${result.worst} (max |Δ| ${result.maxAbs})`).toBe(0);
      }
      // The embedding rows get a gradient: 17 distinct words plus the padding id, none of it zero.
      const rowGradient = perOp.values['embedding rows'];
      expect(rowGradient.length).toBe(18 * 16);
      expect(Math.max(...Array.from(rowGradient, Math.abs))).toBeGreaterThan(1e-4);
    });
  }
});
