/**
 * The memory lab's forward pass and loss: one recurrent layer over a task's one-hot symbols
 * (src/data/memoryTasks.ts), then the head read at the task's readout steps: once at the query for the
 * many-to-one tasks, at every step after "go" for the copy task (many-to-many, like charLm.ts reads
 * every step). Rows of every `[R·B, …]` result are READOUT-MAJOR (row r·B + b), like the network's
 * time-major outputs.
 */
import * as tf from '@tensorflow/tfjs';
import { memoryTaskSpec, type MemoryBatch } from '../data/memoryTasks';
import { toTimeMajor } from './classifier';
import { matMulFast } from './fastMatMul';
import type { ParamStore } from './params';
import { runNetwork, type NetworkResult } from './recurrentNetwork';
import type { MemoryModelConfig } from './types';

/** The head's log-probabilities at every readout, and the network's insides for traces. */
export interface MemoryForwardResult {
  /** `[R·B, classes]`, readout-major rows. */
  logProbs: tf.Tensor2D;
  network: NetworkResult;
}

/**
 * What the forward pass may add: zero probes `[B, H]` per step so tf.grads can read ∂L/∂h_t, recorded gates,
 * and truncated BPTT (gradients through at most `truncateAfter` steps back from the end; null: all of them).
 */
export interface MemoryForwardOptions {
  probes?: tf.Tensor2D[];
  record?: boolean;
  truncateAfter?: number | null;
}

/** The network input `[T, B, V]`: one-hot symbols, time-major. */
export function memoryInputs(config: MemoryModelConfig, batch: MemoryBatch): tf.Tensor3D {
  const width = memoryTaskSpec(config.task).symbols.length;
  const ids = toTimeMajor(batch.symbols, batch.batchSize, batch.seqLength);
  const oneHot = tf.cast(tf.oneHot(tf.tensor1d(ids, 'int32'), width), 'float32');
  return tf.reshape(oneHot, [batch.seqLength, batch.batchSize, width]);
}

/** The forward pass. Call inside tf.tidy or a gradient function. */
export function memoryForward(params: ParamStore, config: MemoryModelConfig, batch: MemoryBatch, options: MemoryForwardOptions = {}): MemoryForwardResult {
  const { batchSize, seqLength, readoutSteps } = batch;
  const onlyLast = readoutSteps.length === 1 && readoutSteps[0] === seqLength - 1;
  const network = runNetwork(
    params,
    { cell: config.cell, hiddenSize: config.hiddenSize, numLayers: 1, bidirectional: false, dropout: 0 },
    memoryInputs(config, batch),
    { batchSize, seqLength, lengths: new Int32Array(batchSize).fill(seqLength) },
    { training: true, needOutput: !onlyLast, record: options.record ?? false, probes: options.probes ? () => options.probes : undefined, truncateAfter: options.truncateAfter },
  );
  // Many-to-one: the final state; copy: the outputs at the readout steps, gathered in one op.
  const hidden = onlyLast
    ? network.finalHidden[0]
    : (tf.reshape(tf.gather(network.output!, tf.tensor1d([...readoutSteps], 'int32'), 0), [readoutSteps.length * batchSize, config.hiddenSize]) as tf.Tensor2D);
  const logits = tf.add(matMulFast(hidden, params.get('head.weight') as tf.Tensor2D), params.get('head.bias')) as tf.Tensor2D;
  return { logProbs: tf.logSoftmax(logits) as tf.Tensor2D, network };
}

/** The batch's targets in the forward pass's readout-major row order. */
export function readoutMajorTargets(batch: MemoryBatch): Int32Array {
  return toTimeMajor(batch.targets, batch.batchSize, batch.readoutSteps.length);
}

/** Mean NLL over every readout of every sequence. */
export function memoryLoss(logProbs: tf.Tensor2D, batch: MemoryBatch): tf.Scalar {
  const targets = tf.oneHot(tf.tensor1d(readoutMajorTargets(batch), 'int32'), logProbs.shape[1]);
  return tf.neg(tf.mean(tf.sum(tf.mul(logProbs, targets), 1)));
}
