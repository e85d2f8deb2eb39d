/**
 * Stacked, optionally bidirectional recurrent network, as nn.RNN/LSTM/GRU(batch_first=False) over a
 * packed sequence: input `x [T, B, in]` (time-major; see recurrentLayer.ts), layer l ≥ 1 reads
 * concat(forward_{l−1}, reverse_{l−1}) `[T, B, D·H]`, dropout between layers in training only, and the
 * final states in PyTorch's h_n order (row = layer·D + direction).
 */
import * as tf from '@tensorflow/tfjs';
import type { RecordedSequence } from './cells';
import type { ParamStore } from './params';
import type { OneHotIds } from './webgpu/oneHotProjection';
import { inputTensor, type LayerInput, layerMasks, runDirection, type TableInput } from './recurrentLayer';
import type { LengthInfo } from './sequenceMasks';
import type { CellType } from './types';

/** The architecture fields the recurrent part needs. */
export interface RecurrentArchitecture {
  cell: CellType;
  hiddenSize: number;
  numLayers: number;
  bidirectional: boolean;
  dropout: number;
}

/** Training vs inference and what to keep; see `runNetwork`. */
export interface NetworkOptions {
  /** Dropout is applied only in training, as nn.Module.train() does. */
  training: boolean;
  /** Seed for the dropout masks of this batch (varied per step by the caller). */
  dropoutSeed?: number;
  /** Return the last layer's output sequence. */
  needOutput: boolean;
  /** Keep per-step gates/states and each layer's input (inspection traces). */
  record: boolean;
  /** Zero probes `[B, H]` per processing step for (layer, direction), so tf.grads can read ∂L/∂h_t. */
  probes?: (layer: number, direction: number) => tf.Tensor2D[] | undefined;
  /** Truncated BPTT: gradients flow back through at most this many steps of every layer (see DirectionOptions). */
  truncateAfter?: number | null;
  /** Layer 0's input `x` is the one-hot of these ids (see DirectionOptions.oneHotInput). */
  oneHotInput?: OneHotIds;
  /** Layer 0's input `x` is rows of a table (see DirectionOptions.tableInput). */
  tableInput?: TableInput;
}

/** Everything a caller may read after the run; `[B, H]` rows are in the batch's order. */
export interface NetworkResult {
  /** Last layer's outputs `[T, B, D·H]` (zero past each length); null unless asked for. */
  output: tf.Tensor3D | null;
  /** `h_n` rows, L·D of them, each `[B, H]`. */
  finalHidden: tf.Tensor2D[];
  /** LSTM `c_n` rows, same order; null for other cells. */
  finalCell: tf.Tensor2D[] | null;
  /** Tutorial cell only: h before the last step, `[B, H]`. */
  previousHidden: tf.Tensor2D | null;
  /** Record only: the input each layer saw, `[T, B, in_l]`. */
  layerInputs: tf.Tensor3D[];
  /** Record only: per layer·D + direction, its steps' states and gates in original time order. */
  recorded: RecordedSequence[];
}

/** Run the network. Call inside tf.tidy (or a gradient function): every intermediate is a plain tensor. */
export function runNetwork(
  params: ParamStore,
  architecture: RecurrentArchitecture,
  x: LayerInput,
  info: LengthInfo,
  options: NetworkOptions,
): NetworkResult {
  const masks = layerMasks(info, architecture.cell);
  const directions = architecture.bidirectional ? 2 : 1;
  const finalHidden: tf.Tensor2D[] = [];
  const finalCell: tf.Tensor2D[] = [];
  const layerInputs: tf.Tensor3D[] = [];
  const recorded: RecordedSequence[] = [];
  let previousHidden: tf.Tensor2D | null = null;
  let layerInput: LayerInput = x;
  let output: tf.Tensor3D | null = null;
  for (let layer = 0; layer < architecture.numLayers; layer++) {
    const isLast = layer === architecture.numLayers - 1;
    const needOutput = !isLast || options.needOutput;
    if (options.record) layerInputs.push(inputTensor(layerInput));
    const outputs: tf.Tensor3D[] = [];
    for (let direction = 0; direction < directions; direction++) {
      const result = runDirection(params, architecture.cell, architecture.hiddenSize, layer, direction, layerInput, masks, {
        needOutput,
        record: options.record,
        probes: options.probes?.(layer, direction),
        truncateAfter: options.truncateAfter,
        oneHotInput: layer === 0 ? options.oneHotInput : undefined,
        tableInput: layer === 0 ? options.tableInput : undefined,
      });
      finalHidden.push(result.finalHidden);
      if (result.finalCell) finalCell.push(result.finalCell);
      if (result.previousHidden) previousHidden = result.previousHidden;
      if (result.output) outputs.push(result.output);
      if (result.recorded) recorded.push(result.recorded);
    }
    output = needOutput ? (outputs.length === 1 ? outputs[0] : (tf.concat(outputs, 2) as tf.Tensor3D)) : null;
    if (!isLast && output) {
      layerInput = options.training && architecture.dropout > 0 ? (tf.dropout(output, architecture.dropout, undefined, (options.dropoutSeed ?? 0) + layer) as tf.Tensor3D) : output;
    }
  }
  return {
    output,
    finalHidden,
    finalCell: finalCell.length > 0 ? finalCell : null,
    previousHidden,
    layerInputs,
    recorded,
  };
}
