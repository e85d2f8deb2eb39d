/**
 * The many-to-one classifier: symbols → (one-hot | embedding) → recurrent network → Linear head on the
 * final hidden state → log_softmax. Batches arrive batch-major (`ids [B·T]`, as src/data makes them) and
 * are turned time-major here, in JS, so the network's per-step slices are contiguous.
 */
import * as tf from '@tensorflow/tfjs';
import { embeddingLookup, type EmbeddingRows } from './embedding';
import { matMulFast } from './fastMatMul';
import { inputSize } from './architecture';
import type { ParamStore } from './params';
import { deferInput, type DeferredInput, inputTensor, type LayerInput } from './recurrentLayer';
import { runNetwork, type NetworkResult } from './recurrentNetwork';
import { isFullLength, timeMask, type LengthInfo } from './sequenceMasks';
import type { ModelConfig } from './types';
import { fusedKernelsEnabled } from './webgpu/fusion';
import { gpuMatMul } from './webgpu/matMul';

/** A padded batch of symbol ids (the shape of src/data's EncodedBatch, labels optional). */
export interface IdBatch extends LengthInfo {
  /** Batch-major `[B, T]` row-major; positions t ≥ lengths[b] are ignored. */
  ids: Int32Array;
}

/** Training switches dropout on; record/probes are for inspection traces only. */
export interface ForwardOptions {
  training: boolean;
  dropoutSeed?: number;
  /** Keep per-step values for a trace. */
  record?: boolean;
  /** Return the last layer's output sequence. */
  needOutput?: boolean;
  probes?: (layer: number, direction: number) => tf.Tensor2D[] | undefined;
  /** Training with a sparse embedding gradient: the batch's table rows, read instead of the table (embedding.ts). */
  embeddingRows?: EmbeddingRows;
}

/** Head output plus the intermediates parity tests and traces read. */
export interface ForwardResult {
  /** `[B, C]`. */
  logProbs: tf.Tensor2D;
  /** Head output before log_softmax, `[B, C]`. */
  logits: tf.Tensor2D;
  network: NetworkResult;
}

/** `[B·T]` batch-major → `[T·B]` time-major (ids only; cheap in JS). */
export function toTimeMajor(ids: Int32Array, batchSize: number, seqLength: number): Int32Array {
  const out = new Int32Array(ids.length);
  for (let b = 0; b < batchSize; b++) for (let t = 0; t < seqLength; t++) out[t * batchSize + b] = ids[b * seqLength + t];
  return out;
}

/**
 * Layer-0 input `[T, B, in]`, built only if a layer reads it as a tensor (recurrentLayer.ts's `LayerInput`: the
 * fused and webgl paths project from the ids instead). Characters: one-hot over the alphabet (ids outside
 * [0, A) — padding — become zero rows). Words: embedding rows, through a lookup whose gradient is a scatter
 * (embedding.ts); their ids are checked against the vocabulary now, whether or not the rows are ever built.
 * `timeMajorIds`: the batch's ids already in time-major order, when the caller has them.
 */
export function embedInputs(params: ParamStore, config: ModelConfig, batch: IdBatch, embeddingRows?: EmbeddingRows, timeMajorIds?: Int32Array): DeferredInput {
  const { batchSize, seqLength } = batch;
  const ids = timeMajorIds ?? toTimeMajor(batch.ids, batchSize, seqLength);
  const shape: [number, number, number] = [seqLength, batchSize, inputSize(config)];
  const input = config.input;
  if (input.type === 'chars') return deferInput(shape, () => tf.reshape(tf.cast(tf.oneHot(tf.tensor1d(ids, 'int32'), shape[2]), 'float32'), shape));
  const vocabSize = input.vocab.length;
  for (const id of ids) if (id < 0 || id >= vocabSize) throw new RangeError(`Word id ${id} is outside the vocabulary (size ${vocabSize}).`);
  return deferInput(shape, () => tf.reshape(embeddingLookup(params.get('embedding.weight') as tf.Tensor2D, ids, embeddingRows), shape));
}

/** What the head reads, `[B, headIn]`: concat of the last layer's final states, or the tutorial's [x_T, h_{T−1}]. */
function headFeatures(config: ModelConfig, input: LayerInput, network: NetworkResult, info: LengthInfo): tf.Tensor2D {
  if (config.cell === 'tutorial') {
    const inputs = inputTensor(input);
    const lastInput = isFullLength(info)
      ? (tf.squeeze(tf.slice(inputs, [info.seqLength - 1, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D)
      : (tf.sum(tf.mul(inputs, timeMask(info, (t, length) => t === length - 1)), 0) as tf.Tensor2D);
    return tf.concat([lastInput, network.previousHidden!], 1);
  }
  const directions = config.bidirectional ? 2 : 1;
  const last = network.finalHidden.slice(-directions);
  return last.length === 1 ? last[0] : tf.concat(last, 1);
}

/** Full forward pass to log-probabilities `[B, C]`. Call inside tf.tidy or a gradient function. */
export function classifierForward(params: ParamStore, config: ModelConfig, batch: IdBatch, options: ForwardOptions): ForwardResult {
  const result = classifierLogits(params, config, batch, options);
  return { ...result, logProbs: tf.logSoftmax(result.logits) as tf.Tensor2D };
}

/**
 * The forward pass up to the head's logits, without log_softmax: training takes its loss straight from
 * the logits (loss.ts's `crossEntropyFromLogits`, one fused kernel on webgpu).
 */
export function classifierLogits(params: ParamStore, config: ModelConfig, batch: IdBatch, options: ForwardOptions): Omit<ForwardResult, 'logProbs'> {
  const timeMajorIds = toTimeMajor(batch.ids, batch.batchSize, batch.seqLength);
  const inputs = embedInputs(params, config, batch, options.embeddingRows, timeMajorIds);
  const sparse = options.embeddingRows;
  const network = runNetwork(params, config, inputs, batch, {
    training: options.training,
    dropoutSeed: options.dropoutSeed,
    needOutput: options.needOutput ?? false,
    record: options.record ?? false,
    probes: options.probes,
    oneHotInput: config.input.type === 'chars' ? { ids: timeMajorIds, width: inputSize(config) } : undefined,
    tableInput: sparse ? { table: sparse.rows as tf.Tensor2D, slots: sparse.slotsOf(timeMajorIds) } : undefined,
  });
  let features = headFeatures(config, inputs, network, batch);
  if (options.training && config.dropout > 0) features = tf.dropout(features, config.dropout, undefined, (options.dropoutSeed ?? 0) + 7919) as tf.Tensor2D;
  const weight = params.get('head.weight') as tf.Tensor2D;
  const bias = params.get('head.bias');
  // WebGPU adds the bias inside the engine's matmul shader (one dispatch, not two).
  const logits = fusedKernelsEnabled() && tf.getBackend() === 'webgpu'
    ? gpuMatMul(features, weight, { bias })
    : (tf.add(matMulFast(features, weight), bias) as tf.Tensor2D);
  return { logits, network };
}
