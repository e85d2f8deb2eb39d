/**
 * The WebGL row kernels (webgl/rowSums.ts, rowLookup.ts) on the shapes PyTorch's fixtures never reach, against
 * the same sums written with tfjs's own ops on the same backend: an odd row count, odd output widths, column
 * blocks read at an offset inside a wider tensor, rows that no position reads and rows read many times. Then
 * the reason they exist: SST-2's training steps (sparse embedding rows, its default LSTM, clipping,
 * adam-sparse) at one batch length, then at lengths never seen before, must compile no new shader program. Run by parity.html on webgl with fused kernels on.
 */
import * as tf from '@tensorflow/tfjs';
import { classifierLogits } from '../classifier';
import { EmbeddingRows } from '../embedding';
import { crossEntropyFromLogits } from '../loss';
import { ParamStore } from '../params';
import { startOpCounting } from '../opCounter';
import { createOptimizer } from '../optimizers';
import { trainOnBatch } from '../trainStep';
import type { ModelConfig } from '../types';
import { ROW_LOOKUP_WEBGL_KERNEL, lookupRowsWebGl } from '../webgl/rowLookup';
import type { WebGlRunner } from '../webgl/program';
import { columnSumsWebGl, rowProductsWebGl } from '../webgl/rowSums';
import { setFusedKernelsEnabled } from '../webgpu/fusion';

export interface WebGlRowKernelsCheck {
  /** Max |kernel − tfjs reference| for each kernel (the lookup both ways). */
  rowProducts: number;
  columnSums: number;
  lookup: number;
  lookupGradient: number;
  /**
   * A character model's loss and every gradient with the first layer projected by one-hot row lookup (an LSTM
   * on the fused path, a GRU on the per-step path) against the same model on tfjs's per-op kernels.
   */
  oneHotProjection: number;
  /**
   * A bidirectional word model reading its batch's embedding rows: loss, every gradient and the rows' gradient
   * with the first layer projected from the table's rows (`projectTableWebGl`; LSTM fused, GRU per-step) against
   * tfjs's per-op kernels projecting every position's row.
   */
  tableProjection: number;
  /** Shader programs linked by the steps at the first length (the baseline: they must compile something). */
  programsFirstLength: number;
  /** Shader programs linked by the steps at four new lengths after it (the point: 0). */
  programsNewLengths: number;
}

function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/** Deterministic values in [−1, 1) so a failure reproduces. */
function values(count: number, seed: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => Math.sin(1.3 * i + seed) * 0.9);
}

function checkRowProducts(): number {
  return tf.tidy(() => {
    // [S 3, R 5, ·]: odd rows; a's block is columns 2..6 of 9 (odd width, real values past it), b's all 7.
    const a = tf.tensor3d(values(3 * 5 * 9, 1), [3, 5, 9]);
    const b = tf.tensor3d(values(3 * 5 * 7, 2), [3, 5, 7]);
    const kernel = rowProductsWebGl(a, b, { offset: 2, width: 5 });
    const reference = tf.matMul(tf.reshape(tf.slice(a, [0, 0, 2], [3, 5, 5]), [15, 5]), tf.reshape(b, [15, 7]), true, false);
    // A [N, W] matrix, odd N, both blocks whole.
    const c = tf.tensor2d(values(7 * 4, 3), [7, 4]);
    const d = tf.tensor2d(values(7 * 6, 4), [7, 6]);
    const flat = maxAbsDifference(rowProductsWebGl(c, d), tf.matMul(c, d, true, false));
    return Math.max(maxAbsDifference(kernel, reference), flat, checkWrappedRowProducts());
  });
}

/**
 * A tensor wider than the largest texture tfjs allows is laid out in a squarish texture, so a row of texels
 * wraps onto the next texture row: the kernels step through that wrap. A small maximum makes it happen here
 * (the output stays small: with this maximum a wide [1, W] result would itself be squarish).
 */
function checkWrappedRowProducts(): number {
  const flags = tf.env();
  const maximum = flags.getNumber('WEBGL_MAX_TEXTURE_SIZE');
  flags.set('WEBGL_MAX_TEXTURE_SIZE', 32);
  try {
    return tf.tidy(() => {
      const a = tf.tensor3d(values(2 * 5 * 80, 9), [2, 5, 80]);
      const b = tf.tensor3d(values(2 * 5 * 88, 10), [2, 5, 88]);
      const kernel = rowProductsWebGl(a, b, { offset: 6, width: 9 }, { offset: 30, width: 14 });
      const texture = (tf.backend() as unknown as WebGlRunner).texData.get(a.dataId);
      // 40 texels per row pair: the texture must be narrower, or this case tests nothing.
      if (!texture.texShape || Math.ceil(texture.texShape[1] / 2) >= 40) throw new Error(`The wide input was not wrapped (texture ${texture.texShape?.join('×')}).`);
      const reference = tf.matMul(tf.reshape(tf.slice(a, [0, 0, 6], [2, 5, 9]), [10, 9]), tf.reshape(tf.slice(b, [0, 0, 30], [2, 5, 14]), [10, 14]), true, false);
      return maxAbsDifference(kernel, reference);
    });
  } finally {
    flags.set('WEBGL_MAX_TEXTURE_SIZE', maximum);
  }
}

function checkColumnSums(): number {
  return tf.tidy(() => {
    const x = tf.tensor3d(values(3 * 5 * 7, 5), [3, 5, 7]);
    const y = tf.tensor2d(values(9 * 3, 6), [9, 3]);
    return Math.max(maxAbsDifference(columnSumsWebGl(x), tf.sum(x, [0, 1])), maxAbsDifference(columnSumsWebGl(y), tf.sum(y, 0)));
  });
}

/** 11 rows, 21 positions: row 3 read five times, rows 0, 7 and 10 never, two positions read none (padding). */
const SLOTS = Int32Array.from([3, 1, 3, 2, 5, 3, 4, -1, 6, 8, 9, 3, 1, 2, 3, 4, 5, 6, 8, 9, -1]);
const ROWS = 11;
const WIDTH = 5;

function checkLookup(): { lookup: number; lookupGradient: number } {
  return tf.tidy(() => {
    const rows = tf.tensor2d(values(ROWS * WIDTH, 7), [ROWS, WIDTH]);
    const weights = tf.tensor2d(values(SLOTS.length * WIDTH, 8), [SLOTS.length, WIDTH]);
    // One-hot rows of the slots (−1: all zero), the lookup as a product: the reference both ways.
    const oneHot = tf.oneHot(tf.tensor1d(SLOTS, 'int32'), ROWS, 1, 0, 'float32');
    const lookup = maxAbsDifference(lookupRowsWebGl(rows, SLOTS), tf.matMul(oneHot, rows));
    // ∂/∂rows of Σ lookup ⊙ weights is each position's weights added into its row: oneHotᵀ · weights.
    const gradient = tf.grad((source) => tf.sum(tf.mul(lookupRowsWebGl(tf.reshape(source, [ROWS, WIDTH]), SLOTS), weights)))(rows);
    return { lookup, lookupGradient: maxAbsDifference(gradient, tf.matMul(oneHot, weights, true, false)) };
  });
}

const VOCAB = Array.from({ length: 40 }, (_, i) => (i === 0 ? '<pad>' : i === 1 ? '<unk>' : `w${i}`));

/** SST-2's default architecture (taskDefaults.ts: one unidirectional LSTM layer, no dropout), small. */
const MODEL: ModelConfig = {
  cell: 'lstm',
  hiddenSize: 6,
  numLayers: 1,
  bidirectional: false,
  dropout: 0,
  input: { type: 'words', vocab: VOCAB, pad: '<pad>', unk: '<unk>', lowercase: true, embeddingDim: 5, trainableEmbedding: true },
  classes: ['negative', 'positive'],
};

/**
 * Lengths after the first. A program's cache key also holds a few layout facts (whether an input's texture
 * has the output's shape, for one), so a batch whose T·B happens to equal the gathered row count (16 here)
 * may add one variant: these lengths keep clear of that, as nearly every SST-2 length does (T·B ≠ R).
 */
const NEW_LENGTHS = [11, 9, 13, 6];

/**
 * Lengths trained first. Two, because a couple of programs have a second variant that the first new length
 * brings out (a key fact flipping once, not per length); the baseline must still have compiled something.
 */
const FIRST_LENGTHS = [7, 10];

/** A padded batch of 4 sentences, the longest `seqLength` words. */
function batchOf(seqLength: number, step: number) {
  const lengths = Int32Array.from([seqLength, Math.max(1, seqLength - 3), Math.max(1, seqLength - 1), 2].map((length) => Math.min(length, seqLength)));
  const ids = new Int32Array(4 * seqLength);
  lengths.forEach((length, b) => {
    for (let t = 0; t < length; t++) ids[b * seqLength + t] = 2 + ((7 * b + 3 * t + step) % (VOCAB.length - 2));
  });
  return { ids, lengths, batchSize: 4, seqLength, labels: Int32Array.from([0, 1, 1, 0]) };
}

/** Counts the shader programs WebGL links while `run` runs. */
async function programsLinkedBy(run: () => Promise<void>): Promise<number> {
  const prototype = WebGL2RenderingContext.prototype;
  const link = prototype.linkProgram;
  let count = 0;
  prototype.linkProgram = function (this: WebGL2RenderingContext, program: WebGLProgram) {
    count += 1;
    link.call(this, program);
  };
  try {
    await run();
  } finally {
    prototype.linkProgram = link;
  }
  return count;
}

async function checkCompilesPerLength(): Promise<{ first: number; later: number }> {
  const params = new ParamStore(MODEL, 3);
  const optimizer = createOptimizer('adam-sparse', 1e-2);
  let step = 0;
  const trainAt = async (seqLength: number): Promise<void> => {
    // Two steps per length: the optimiser's first step builds its state.
    for (let repeat = 0; repeat < 2; repeat++) {
      step += 1;
      const numbers = await trainOnBatch(params, MODEL, optimizer, batchOf(seqLength, step), 5, step);
      if (!numbers.applied) throw new Error(`A training step at length ${seqLength} was not applied (loss ${numbers.loss}).`);
    }
  };
  try {
    const first = await programsLinkedBy(async () => {
      for (const seqLength of FIRST_LENGTHS) await trainAt(seqLength);
    });
    const later = await programsLinkedBy(async () => {
      for (const seqLength of NEW_LENGTHS) await trainAt(seqLength);
    });
    return { first, later };
  } finally {
    optimizer.dispose();
    params.dispose();
  }
}

const ALPHABET = 'abcdefg';

/** Loss and gradients of a small character classifier on one padded batch, on the kernels now enabled. */
function characterModelGradients(params: ParamStore, model: ModelConfig): tf.Tensor[] {
  // Padding is the id just past the alphabet, as the character encoder pads.
  const pad = ALPHABET.length;
  const ids = Int32Array.from([0, 3, 6, 2, 1, 5, 4, pad, pad, 2, 2, pad, 6, pad, pad, pad, 1, 0, 3, 4]);
  const batch = { ids, lengths: Int32Array.from([5, 4, 2, 1]), batchSize: 4, seqLength: 5 };
  const { value, grads } = tf.variableGrads(() => crossEntropyFromLogits(classifierLogits(params, model, batch, { training: false }).logits, Int32Array.from([0, 2, 1, 2])), params.trainableVariables());
  return [value, ...Object.keys(grads).sort().map((name) => grads[name])];
}

/**
 * Worst |Δ| over `models` between `gradientsOf` on the engine's kernels and on tfjs's per-op kernels. The engine's
 * run must have made `lookups(model)` row lookups (otherwise this compares tfjs's ops with themselves, or the
 * path built what it should not have): `describe` names the model in the error.
 */
function worstAgainstPerOp(models: ModelConfig[], seed: number, gradientsOf: (params: ParamStore, model: ModelConfig) => tf.Tensor[], lookups: (model: ModelConfig) => number, describe: string): number {
  let worst = 0;
  for (const model of models) {
    const params = new ParamStore(model, seed);
    try {
      const counter = startOpCounting();
      const ownKernels = gradientsOf(params, model);
      const ran = counter.byKernel()[ROW_LOOKUP_WEBGL_KERNEL] ?? 0;
      counter.stop();
      if (ran !== lookups(model)) throw new Error(`The ${model.cell} ${describe} ran ${ran} row lookups, not ${lookups(model)}.`);
      setFusedKernelsEnabled(false);
      const perOp = gradientsOf(params, model);
      setFusedKernelsEnabled(true);
      ownKernels.forEach((tensor, index) => {
        worst = Math.max(worst, maxAbsDifference(tensor, perOp[index]));
      });
      tf.dispose([...ownKernels, ...perOp]);
    } finally {
      setFusedKernelsEnabled(true);
      params.dispose();
    }
  }
  return worst;
}

/** A character LSTM (fused) and GRU (per-step): the one-hot input projected by one row lookup. */
function checkOneHotProjection(): number {
  const models = (['lstm', 'gru'] as const).map((cell): ModelConfig => ({ cell, hiddenSize: 6, numLayers: 1, bidirectional: false, dropout: 0, input: { type: 'chars', alphabet: ALPHABET }, classes: ['x', 'y', 'z'] }));
  return worstAgainstPerOp(models, 5, characterModelGradients, () => 1, 'character model');
}

/** Loss, every weight's gradient and the embedding rows' of a word model on one batch, on the kernels now enabled. */
function wordModelGradients(params: ParamStore, model: ModelConfig): tf.Tensor[] {
  const batch = batchOf(6, 1);
  const table = params.get('embedding.weight') as tf.Variable;
  const rows = new EmbeddingRows(table, batch.ids);
  try {
    const variables = [...params.trainableVariables().filter((variable) => variable !== table), rows.rows];
    const { value, grads } = tf.variableGrads(() => crossEntropyFromLogits(classifierLogits(params, model, batch, { training: false, embeddingRows: rows }).logits, batch.labels), variables);
    return [value, ...variables.map((variable) => grads[variable.name])];
  } finally {
    rows.dispose();
  }
}

/**
 * A bidirectional word LSTM (fused) and GRU (per-step): one lookup of projected table rows per direction; a third
 * would be the embedded x, which must not be built.
 */
function checkTableProjection(): number {
  const models = (['lstm', 'gru'] as const).map((cell): ModelConfig => ({ ...MODEL, cell, hiddenSize: 6, bidirectional: true }));
  return worstAgainstPerOp(models, 9, wordModelGradients, () => 2, 'word model');
}

export async function checkWebGlRowKernels(): Promise<WebGlRowKernelsCheck> {
  const { lookup, lookupGradient } = checkLookup();
  const oneHotProjection = checkOneHotProjection();
  const tableProjection = checkTableProjection();
  const compiles = await checkCompilesPerLength();
  return {
    rowProducts: checkRowProducts(),
    columnSums: checkColumnSums(),
    lookup,
    lookupGradient,
    oneHotProjection,
    tableProjection,
    programsFirstLength: compiles.first,
    programsNewLengths: compiles.later,
  };
}
