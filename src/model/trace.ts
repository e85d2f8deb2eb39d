/**
 * The Inspect step's data for one text: every layer's and direction's x_t, h_t, c_t and gates per
 * timestep, the class distribution after each prefix, and ‖∂L/∂h_t‖ (the vanishing-gradient picture).
 * Runs only when asked (it costs three forward passes and one backward pass at batch 1 or T).
 *
 * ‖∂L/∂h_t‖: a zero "probe" `[1, H]` is added to each h_t inside the recurrence, so ∂L/∂probe_t is
 * exactly ∂L/∂h_t including every later step's dependence on it; tf.grads reads all of them at once.
 */
import * as tf from '@tensorflow/tfjs';
import { unknownSymbols, type SymbolEncoder } from '../data/encoding';
import { argmax } from '../data/metrics';
import { classifierForward, type IdBatch } from './classifier';
import type { ParamStore } from './params';
import { normsOf } from './norms';
import { UnreadableInputError, unreadableInputMessage } from './predict';
import { readLayers, recordedLayer, recordedTensors, type RecordedLayer } from './recordedLayers';
import type { InspectionTrace, LayerTrace, ModelConfig } from './types';

interface PendingLayer extends RecordedLayer {
  layer: number;
  direction: 'forward' | 'reverse';
}

/** Batch of every prefix: row p holds the first p+1 symbols (length p+1). */
function prefixBatch(ids: Int32Array): IdBatch {
  const length = ids.length;
  const all = new Int32Array(length * length);
  const lengths = new Int32Array(length);
  for (let p = 0; p < length; p++) {
    all.set(ids.subarray(0, p + 1), p * length);
    lengths[p] = p + 1;
  }
  return { ids: all, lengths, batchSize: length, seqLength: length };
}

/** Forward with recording, gathered per layer/direction into `[T, ·]` matrices (original time order). */
function recordLayers(params: ParamStore, config: ModelConfig, batch: IdBatch): PendingLayer[] {
  const result = classifierForward(params, config, batch, { training: false, record: true });
  const directions = config.bidirectional ? 2 : 1;
  return result.network.recorded.map((recorded, index) => {
    const layer = Math.floor(index / directions);
    return { layer, direction: index % directions === 0 ? 'forward' : 'reverse', ...recordedLayer(recorded, result.network.layerInputs[layer]) };
  });
}

/**
 * ‖∂(−log p(target))/∂h_t‖ for every layer·direction and original t, `[(L·D)·T]` in that order.
 * Probes are per processing step; the reverse direction's step s is original time T−1−s.
 */
function gradientNorms(params: ParamStore, config: ModelConfig, batch: IdBatch, target: number): tf.Tensor1D {
  const seqLength = batch.seqLength;
  const directions = config.bidirectional ? 2 : 1;
  const streams = config.numLayers * directions;
  const probes = Array.from({ length: streams * seqLength }, () => tf.zeros([1, config.hiddenSize]) as tf.Tensor2D);
  const loss = (...given: tf.Tensor[]) => {
    const forward = classifierForward(params, config, batch, {
      training: false,
      probes: (layer, direction) => given.slice((layer * directions + direction) * seqLength, (layer * directions + direction + 1) * seqLength) as tf.Tensor2D[],
    });
    const loss = tf.neg(tf.squeeze(tf.slice(forward.logProbs, [0, target], [1, 1])));
    // The tutorial cell's output never reads its last h (it reads h_{T-1}); tf.grads refuses inputs
    // without a path to the loss, so give every probe one with weight 0 (its gradient is then exactly 0).
    return tf.add(loss, tf.mul(tf.sum(tf.addN(given)), 0)) as tf.Scalar;
  };
  const grads = tf.grads(loss)(probes);
  const ordered: tf.Tensor[] = [];
  for (let stream = 0; stream < streams; stream++) {
    const reverse = stream % directions === 1;
    for (let t = 0; t < seqLength; t++) ordered.push(grads[stream * seqLength + (reverse ? seqLength - 1 - t : t)]);
  }
  return normsOf(ordered);
}

/** Build the trace. `targetClass` null → the predicted class. */
export async function traceText(params: ParamStore, config: ModelConfig, encoder: SymbolEncoder, text: string, targetClass: number | null): Promise<InspectionTrace> {
  const encoded = encoder.encode(text);
  if (encoded.ids.length === 0) throw new UnreadableInputError(unreadableInputMessage(text, encoder, 'there is nothing to trace'));
  const ids = Int32Array.from(encoded.ids);
  const seqLength = ids.length;
  const classes = config.classes.length;
  if (targetClass !== null && !(Number.isInteger(targetClass) && targetClass >= 0 && targetClass < classes)) {
    throw new RangeError(`targetClass must be a class index in 0..${classes - 1}, got ${targetClass}.`);
  }
  const single: IdBatch = { ids, lengths: Int32Array.of(seqLength), batchSize: 1, seqLength };

  const prefixTensor = tf.tidy(() => classifierForward(params, config, prefixBatch(ids), { training: false }).logProbs);
  const prefixData = (await prefixTensor.data()) as Float32Array;
  prefixTensor.dispose();
  const logProbs = prefixData.slice((seqLength - 1) * classes, seqLength * classes);
  const target = targetClass ?? argmax(logProbs);

  // tf.tidy only keeps tensors it can see in its result; collect them in a list and hand the typed
  // structure out through a closure variable.
  let pending: { layers: PendingLayer[]; norms: tf.Tensor1D } | null = null;
  tf.tidy(() => {
    const layers = recordLayers(params, config, single);
    const norms = gradientNorms(params, config, single, target);
    pending = { layers, norms };
    return [norms, ...layers.flatMap(recordedTensors)];
  });
  const { layers: pendingLayers, norms } = pending as unknown as { layers: PendingLayer[]; norms: tf.Tensor1D };
  const read = await readLayers(pendingLayers, [norms]);
  const normValues = read.extra[0].data;
  const layers: LayerTrace[] = pendingLayers.map(({ layer, direction }, index) => ({
    layer,
    direction,
    ...read.layers[index],
    gradNorms: normValues.slice(index * seqLength, (index + 1) * seqLength),
  }));
  return {
    text,
    tokens: encoded.tokens,
    dropped: encoded.dropped,
    unknown: unknownSymbols(encoded),
    logProbs,
    prefixLogProbs: { rows: seqLength, cols: classes, data: prefixData },
    targetClass: target,
    layers,
  };
}
