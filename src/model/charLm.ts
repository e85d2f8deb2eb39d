/**
 * The character-level language model's forward pass and loss (many-to-many): the recurrent network of
 * recurrentNetwork.ts over the whole teacher-forced sequence, then the head at EVERY step. Inputs are
 * built from src/data/generation.ts's batches: concat(one-hot condition, one-hot previous symbol) per
 * step. Rows of every `[T·B, …]` result are TIME-MAJOR (row t·B + b), like the network's outputs.
 *
 *   rnn/lstm/gru: log_softmax(head(dropout(h_t)))
 *   tutorial:     log_softmax(dropout(o2o(cat(h_t, i2o(cat(x_t, h_{t−1}))))))   with h_t = i2h(cat(x_t, h_{t−1}))
 */
import * as tf from '@tensorflow/tfjs';
import type { GenerationBatch } from '../data/generation';
import { charLmWidths } from './architecture';
import { toTimeMajor } from './classifier';
import { matMulFast } from './fastMatMul';
import type { ParamStore } from './params';
import { runNetwork, type NetworkResult } from './recurrentNetwork';
import type { CharLmConfig } from './types';

/** What the forward pass needs of a batch (targets are read only by the loss). */
export type CharLmInputBatch = Pick<GenerationBatch, 'previous' | 'conditions' | 'lengths' | 'batchSize' | 'seqLength'>;

/** Training switches dropout on; its masks vary with `dropoutSeed`. */
export interface CharLmForwardOptions {
  training: boolean;
  dropoutSeed?: number;
}

/** The head's output at every step, and the network's insides for tests and traces. */
export interface CharLmForwardResult {
  /** `[T·B, A + 1]`, time-major rows; rows past a length hold values that the loss weights 0. */
  logProbs: tf.Tensor2D;
  /** Network input `[T, B, C + A + 2]`. */
  inputs: tf.Tensor3D;
  network: NetworkResult;
}

/** One step's input rows `[N, C + A + 2]`: concat(one-hot condition, one-hot previous symbol). */
export function charLmStepInputs(config: CharLmConfig, conditions: Int32Array, previous: Int32Array): tf.Tensor2D {
  const widths = charLmWidths(config);
  const symbol = tf.oneHot(tf.tensor1d(previous, 'int32'), widths.previous);
  if (widths.conditions === 0) return tf.cast(symbol, 'float32') as tf.Tensor2D;
  const condition = tf.oneHot(tf.tensor1d(conditions, 'int32'), widths.conditions);
  return tf.cast(tf.concat([condition, symbol], 1), 'float32') as tf.Tensor2D;
}

/** The network input `[T, B, C + A + 2]` of a batch. */
export function charLmInputs(config: CharLmConfig, batch: CharLmInputBatch): tf.Tensor3D {
  const { batchSize, seqLength } = batch;
  const previous = toTimeMajor(batch.previous, batchSize, seqLength);
  // Row t·B + b reads example b's condition: the batch's conditions repeated once per step.
  const conditions = new Int32Array(seqLength * batchSize);
  for (let t = 0; t < seqLength; t++) conditions.set(batch.conditions, t * batchSize);
  const rows = charLmStepInputs(config, conditions, previous);
  return tf.reshape(rows, [seqLength, batchSize, charLmWidths(config).input]);
}

/** The head over flattened rows: `hidden [N, H]`, and for the tutorial network its `x [N, in]` and `h_{t−1} [N, H]`. */
export function charLmHead(
  params: ParamStore,
  config: CharLmConfig,
  rows: { hidden: tf.Tensor2D; input: tf.Tensor2D; previousHidden: tf.Tensor2D },
  options: CharLmForwardOptions,
): tf.Tensor2D {
  const dropout = (x: tf.Tensor2D, salt: number) =>
    options.training && config.dropout > 0 ? (tf.dropout(x, config.dropout, undefined, (options.dropoutSeed ?? 0) + salt) as tf.Tensor2D) : x;
  const linear = (x: tf.Tensor2D, prefix: string) => tf.add(matMulFast(x, params.get(`${prefix}.weight`) as tf.Tensor2D), params.get(`${prefix}.bias`)) as tf.Tensor2D;
  if (config.cell !== 'tutorial') return tf.logSoftmax(linear(dropout(rows.hidden, 7919), 'head')) as tf.Tensor2D;
  const firstOutput = linear(tf.concat([rows.input, rows.previousHidden], 1), 'head.i2o');
  const output = linear(tf.concat([rows.hidden, firstOutput], 1), 'head.o2o');
  return tf.logSoftmax(dropout(output, 7919)) as tf.Tensor2D;
}

/** Full teacher-forced forward pass. Call inside tf.tidy or a gradient function. */
export function charLmForward(params: ParamStore, config: CharLmConfig, batch: CharLmInputBatch, options: CharLmForwardOptions): CharLmForwardResult {
  const { batchSize, seqLength } = batch;
  const inputs = charLmInputs(config, batch);
  const network = runNetwork(params, { ...config, bidirectional: false }, inputs, batch, {
    training: options.training,
    dropoutSeed: options.dropoutSeed,
    needOutput: true,
    record: false,
  });
  const hiddenSize = config.hiddenSize;
  const output = network.output!;
  const flatRows = seqLength * batchSize;
  const hidden = tf.reshape(output, [flatRows, hiddenSize]) as tf.Tensor2D;
  let input = hidden;
  let previousHidden = hidden;
  if (config.cell === 'tutorial') {
    // h_{t−1} for every step: zeros, then the outputs shifted one step later.
    const shifted = seqLength === 1 ? tf.zeros([1, batchSize, hiddenSize]) : tf.concat([tf.zeros([1, batchSize, hiddenSize]), tf.slice(output, [0, 0, 0], [seqLength - 1, -1, -1])], 0);
    previousHidden = tf.reshape(shifted, [flatRows, hiddenSize]) as tf.Tensor2D;
    input = tf.reshape(inputs, [flatRows, inputs.shape[2]]) as tf.Tensor2D;
  }
  const logProbs = charLmHead(params, config, { hidden, input, previousHidden }, options);
  return { logProbs, inputs, network };
}

/**
 * Per-row weights of the loss, time-major `[T·B]`: 1 where t < length, else 0; and the targets with
 * padding replaced by 0 (any index works: its weight is 0).
 */
export function lossWeights(batch: Pick<GenerationBatch, 'targets' | 'lengths' | 'batchSize' | 'seqLength'>): { targets: Int32Array; weights: Float32Array } {
  const { batchSize, seqLength } = batch;
  const targets = toTimeMajor(batch.targets, batchSize, seqLength);
  const weights = new Float32Array(targets.length);
  for (let t = 0; t < seqLength; t++) {
    for (let b = 0; b < batchSize; b++) {
      const row = t * batchSize + b;
      if (t < batch.lengths[b]) weights[row] = 1;
      else targets[row] = 0;
    }
  }
  return { targets, weights };
}

/** Σ over the batch's real steps of −log p(target): the sum, so splits can add batches up. */
export function charLmNllSum(logProbs: tf.Tensor2D, batch: Pick<GenerationBatch, 'targets' | 'lengths' | 'batchSize' | 'seqLength'>): tf.Scalar {
  const { targets, weights } = lossWeights(batch);
  const picked = tf.sum(tf.mul(logProbs, tf.oneHot(tf.tensor1d(targets, 'int32'), logProbs.shape[1])), 1);
  return tf.neg(tf.sum(tf.mul(picked, tf.tensor1d(weights))));
}

/** The training loss: mean NLL per character (every letter and EOS; padding never counts). */
export function charLmLoss(logProbs: tf.Tensor2D, batch: GenerationBatch): tf.Scalar {
  return tf.div(charLmNllSum(logProbs, batch), batch.characters);
}
