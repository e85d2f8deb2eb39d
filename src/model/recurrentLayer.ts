/**
 * One recurrent layer, one direction at a time, over a TIME-MAJOR batch `x [T, B, in]`.
 * Speed (a training step must stay fast enough to watch live): the input projection of all T·B rows is ONE matmul before the loop; the loop
 * runs only the recurrent matmul and the cell's element-wise ops; nothing is read back.
 * Variable lengths (pack_padded_sequence): steps past a sequence's length run on padding but are
 * never read — outputs there are zeroed and the final state is taken at each sequence's own last
 * step — so their values cannot reach the loss or any gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { cellStep, stackSteps, type RecordedSequence, type RecurrentWeights, type StepResult } from './cells';
import { type PackedLayout, probeAdditions, sequenceFromPacked } from './fusedInspection';
import { stopGradient } from './stopGradient';
import { matMulFast } from './fastMatMul';
import { layerSuffix } from './architecture';
import type { ParamStore } from './params';
import { isFullLength, permuteRows, reverseWithinLengths, selectByTime, timeMask, type LengthInfo } from './sequenceMasks';
import type { CellType } from './types';
import { fusedKernelsEnabled } from './webgpu/fusion';
import { gpuMatMul } from './webgpu/matMul';
import { lookupRowsWebGpu, type OneHotIds, oneHotProjection } from './webgpu/oneHotProjection';
import { lastStepFused } from './webgpu/lastStep';
import { canFuseGruWebGl, gruSequenceWebGl } from './webgl/gruSequence';
import { canFuseLstmWebGl, lstmSequenceWebGl } from './webgl/lstmSequence';
import { canFuseRnnWebGl, rnnSequenceWebGl } from './webgl/rnnSequence';
import { lastStepWebGl } from './webgl/lastStep';
import { projectOneHotWebGl, projectRowsWebGl, projectTableWebGl } from './webgl/projection';
import { LSTM_PACKED, canFuseLstm, lstmSequence } from './webgpu/lstmSequence';
import { RNN_PACKED, canFuseRnn, rnnSequence } from './webgpu/rnnSequence';
import { GRU_PACKED, canFuseGru, gruSequence } from './webgpu/gruSequence';

/** Input-side weights of one layer/direction: `kernel [in, G·H]`, `bias [G·H]` (folded biases). */
export interface InputWeights {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/** What one direction of one layer produced. Per-step arrays are in ORIGINAL time order. */
export interface DirectionResult {
  /** `[T, B, H]`, zero past each length; only when the caller asked for outputs. */
  output: tf.Tensor3D | null;
  /** State at each sequence's last step (reverse: after reading x_0), `[B, H]`. */
  finalHidden: tf.Tensor2D;
  /** LSTM: c at the same step, `[B, H]`. */
  finalCell: tf.Tensor2D | null;
  /** Tutorial cell: the state BEFORE the last step, h_{len−2} (zeros for length 1), `[B, H]`. */
  previousHidden: tf.Tensor2D | null;
  /** Only when recording: every step's states and gates, `[T, B, H]` each, in original time order. */
  recorded: RecordedSequence | null;
}

/** What one direction's run must produce besides its final state. */
export interface DirectionOptions {
  /** Build `output` (needed by a next layer, a bidirectional concat or a parity test). */
  needOutput: boolean;
  /** Keep every step's gates and states (inspection traces). */
  record: boolean;
  /** Zero tensors `[B, H]` added to h_t, per PROCESSING step, so tf.grads can read ∂L/∂h_t. */
  probes?: tf.Tensor2D[];
  /**
   * Truncated backpropagation through time: gradients flow back through at most this many steps from the
   * end. The state entering processing step T − K is cut off from the graph (its value is kept, its
   * gradient is zero), so ∂L/∂h_t is exactly 0 for t < T − K when only the last steps are read.
   */
  truncateAfter?: number | null;
  /**
   * `x` is the one-hot of these ids (layer 0 of a character model): the fused WebGPU path and webgl then
   * project by row lookup instead of a matmul by mostly zeros (webgpu/oneHotProjection.ts, webgl/projection.ts).
   * Others ignore it.
   */
  oneHotInput?: OneHotIds;
  /** `x` is rows of a table (layer 0 of a word model): the GPU paths project the table, see `TableInput`. */
  tableInput?: TableInput;
}

/**
 * Layer 0's input as rows of a table: `x[p] = table[slots[p]]` for every time-major position p (a word model's
 * embedding rows for its batch, embedding.ts's `EmbeddingRows`). Then `x·W_ih = (table·W_ih)[slots]`: the fused
 * WebGPU path and webgl (engine kernels on) project the table's rows (webgpu: the batch's U distinct words;
 * webgl: those padded to a power of two) and look the projections up, so the projection's matmul, its input
 * gradient and its weight gradient run over the table's rows instead of T·B positions, padding included (SST-2
 * batches of 32: U about 330, R about 480, T·B about 620). wasm and cpu, and the per-op path, project `x`.
 */
export interface TableInput {
  table: tf.Tensor2D;
  slots: Int32Array;
}

/**
 * A layer's input `x [T, B, in]`: a tensor, or (layer 0) one built only when something reads it as a tensor.
 * The fused and webgl paths project one-hot characters and table rows straight from ids (`oneHotInput`,
 * `tableInput`), and building `x` anyway cost a one-hot or lookup kernel every step, and on webgl a one-hot
 * shader for every new length.
 */
export type LayerInput = tf.Tensor3D | DeferredInput;

/** `x`'s shape now, `x` itself on the first `tensor()` call (the same tensor after). */
export interface DeferredInput {
  readonly shape: [number, number, number];
  tensor(): tf.Tensor3D;
}

/** A `DeferredInput` built by `build` on first use; build it inside the same tidy or gradient scope that reads it. */
export function deferInput(shape: [number, number, number], build: () => tf.Tensor3D): DeferredInput {
  let built: tf.Tensor3D | null = null;
  return { shape, tensor: () => (built ??= build()) };
}

/** The tensor of a layer input, building a deferred one. */
export function inputTensor(x: LayerInput): tf.Tensor3D {
  return x instanceof tf.Tensor ? x : x.tensor();
}

/** The input side of layer `layer`, direction `direction`, with every bias that may be folded into it. */
export function inputWeights(params: ParamStore, cell: CellType, layer: number, direction: number, hiddenSize: number, inputWidth: number): InputWeights {
  if (cell === 'tutorial') {
    // i2h's weight is stored as [in + H, H]: rows 0..in-1 multiply x, the rest multiply h.
    const kernel = tf.slice(params.get('rnn.i2h.weight'), [0, 0], [inputWidth, hiddenSize]) as tf.Tensor2D;
    return { kernel, bias: params.get('rnn.i2h.bias') as tf.Tensor1D };
  }
  const suffix = layerSuffix(layer, direction);
  const kernel = params.get(`rnn.weight_ih${suffix}`) as tf.Tensor2D;
  const biasIh = params.get(`rnn.bias_ih${suffix}`) as tf.Tensor1D;
  const biasHh = params.get(`rnn.bias_hh${suffix}`) as tf.Tensor1D;
  if (cell !== 'gru') return { kernel, bias: tf.add(biasIh, biasHh) };
  // GRU: only b_hr and b_hz may join the input projection; b_hn stays inside r⊙(…).
  const foldable = tf.concat([tf.slice(biasHh, 0, 2 * hiddenSize), tf.zeros([hiddenSize])]);
  return { kernel, bias: tf.add(biasIh, foldable) };
}

/** The recurrent side, with W_hhᵀ's transpose made once for every step's backward pass. */
export function recurrentWeights(params: ParamStore, cell: CellType, layer: number, direction: number, hiddenSize: number, inputWidth: number): RecurrentWeights {
  let kernelHh: tf.Tensor2D;
  let biasHhNew: tf.Tensor1D | undefined;
  if (cell === 'tutorial') {
    kernelHh = tf.slice(params.get('rnn.i2h.weight'), [inputWidth, 0], [hiddenSize, hiddenSize]) as tf.Tensor2D;
  } else {
    const suffix = layerSuffix(layer, direction);
    kernelHh = params.get(`rnn.weight_hh${suffix}`) as tf.Tensor2D;
    if (cell === 'gru') biasHhNew = tf.slice(params.get(`rnn.bias_hh${suffix}`) as tf.Tensor1D, 2 * hiddenSize, hiddenSize);
  }
  const kernelHhT = tf.getBackend() === 'wasm' ? (tf.transpose(kernelHh) as tf.Tensor2D) : undefined;
  return { cell, hiddenSize, kernelHh, kernelHhT, biasHhNew };
}

/**
 * Run layer `layer`, direction `direction` (0 forward, 1 reverse) over `x [T, B, in]`.
 * `masks` are shared by all layers of one batch (see `LayerMasks`).
 */
export function runDirection(
  params: ParamStore,
  cell: CellType,
  hiddenSize: number,
  layer: number,
  direction: number,
  x: LayerInput,
  masks: LayerMasks,
  options: DirectionOptions,
): DirectionResult {
  const [seqLength, batchSize, inputWidth] = x.shape;
  const reversed = direction === 1;
  // One matmul for every timestep's input projection, then (reverse) reorder rows within lengths.
  const rows = () => tf.reshape(inputTensor(x), [seqLength * batchSize, inputWidth]) as tf.Tensor2D;
  const fused = fusedCellFor(cell, hiddenSize, options);
  if (fused) {
    const suffix = layerSuffix(layer, direction);
    const weights = fused.weights(params, suffix);
    // The engine's own matmul adds the bias in its shader (one dispatch, not two; webgpu/matMul.ts says why not tfjs's).
    const inputKernel = params.get(`rnn.weight_ih${suffix}`) as tf.Tensor2D;
    let projected: tf.Tensor2D;
    if (fused.backend === 'webgl') projected = projectInputsWebGl(rows, inputKernel, weights.inputBias, options);
    else if (options.oneHotInput) projected = oneHotProjection(options.oneHotInput, inputKernel, weights.inputBias);
    else if (options.tableInput) projected = lookupRowsWebGpu(gpuMatMul(options.tableInput.table, inputKernel), options.tableInput.slots, weights.inputBias);
    else projected = gpuMatMul(rows(), inputKernel, { bias: weights.inputBias });
    if (reversed && masks.reversePermutation) projected = permuteRows(projected, masks.reversePermutation);
    return fusedDirection(fused, projected, weights, [seqLength, batchSize], masks, reversed, options);
  }
  const input = inputWeights(params, cell, layer, direction, hiddenSize, inputWidth);
  const weights = recurrentWeights(params, cell, layer, direction, hiddenSize, inputWidth);
  let projected = projectInputs(rows, input.kernel, input.bias, options);
  if (reversed && masks.reversePermutation) projected = permuteRows(projected, masks.reversePermutation);
  const perStep = splitTimeSteps(projected, seqLength, batchSize);

  const hiddens: tf.Tensor2D[] = [];
  const cells: tf.Tensor2D[] = [];
  const steps: StepResult[] = [];
  let state: { h: tf.Tensor2D | null; c: tf.Tensor2D | null } = { h: null, c: null };
  const cutStep = options.truncateAfter ? seqLength - options.truncateAfter : -1;
  for (let step = 0; step < seqLength; step++) {
    if (step === cutStep && step > 0) state = { h: state.h && stopGradient(state.h), c: state.c && stopGradient(state.c) };
    const result = cellStep(weights, perStep[step], state, options.record);
    const probe = options.probes?.[step];
    const h = probe ? tf.add<tf.Tensor2D>(result.h, probe) : result.h;
    hiddens.push(h);
    if (result.c) cells.push(result.c);
    if (options.record) steps.push({ ...result, h });
    state = { h, c: result.c };
  }

  const full = masks.lastStep === null;
  const finalHidden = full ? hiddens[seqLength - 1] : selectByTime(hiddens, masks.lastStep!);
  const finalCell = cells.length === 0 ? null : full ? cells[seqLength - 1] : selectByTime(cells, masks.lastStep!);
  let previousHidden: tf.Tensor2D | null = null;
  if (cell === 'tutorial') {
    if (full) previousHidden = seqLength >= 2 ? hiddens[seqLength - 2] : tf.zeros([batchSize, hiddenSize]);
    else previousHidden = selectByTime(hiddens, masks.previousStep!);
  }

  let output: tf.Tensor3D | null = null;
  if (options.needOutput) {
    let flat = tf.reshape(tf.stack(hiddens), [seqLength * batchSize, hiddenSize]) as tf.Tensor2D;
    if (reversed && masks.reversePermutation) flat = permuteRows(flat, masks.reversePermutation);
    output = tf.reshape(flat, [seqLength, batchSize, hiddenSize]) as tf.Tensor3D;
    if (masks.valid) output = tf.mul(output, masks.valid) as tf.Tensor3D;
  }
  // Recorded steps are returned in original time order (the reverse direction read them backwards).
  const recorded = options.record ? stackSteps(reversed ? steps.reverse() : steps) : null;
  return { output, finalHidden, finalCell, previousHidden, recorded };
}

/**
 * The fused sequence kernels this direction runs on, or null: on webgpu (webgpu/lstmSequence.ts,
 * rnnSequence.ts, gruSequence.ts) a layer in two dispatches instead of a dozen per timestep; on webgl the same
 * three cells (webgl/lstmSequence.ts, rnnSequence.ts, gruSequence.ts) in one or two draws per timestep each way
 * instead of a dozen or more. Inspection runs on them too (fusedInspection.ts). Truncated BPTT keeps the
 * per-step path, which can cut the graph between steps; so do the tutorial cell, odd hidden sizes on webgl and
 * hidden sizes beyond the WebGPU kernels' workgroup memory.
 */
function fusedCellFor(cell: CellType, hiddenSize: number, options: DirectionOptions): FusedCell | null {
  if (!fusedKernelsEnabled() || options.truncateAfter) return null;
  const backend = tf.getBackend();
  if (backend === 'webgl') {
    const fused = cell === 'lstm' || cell === 'rnn' || cell === 'gru' ? WEBGL_CELLS[cell] : null;
    return fused?.canFuse(hiddenSize) ? fused : null;
  }
  if (backend !== 'webgpu') return null;
  if (cell === 'lstm' || cell === 'rnn' || cell === 'gru') {
    const fused = FUSED_CELLS[cell];
    return fused.canFuse(hiddenSize) ? fused : null;
  }
  return null;
}

/**
 * The per-step path's input projection. On webgl with the engine's kernels on, its weight gradients are row sums
 * whose shader serves every batch length (webgl/projection.ts); elsewhere, and for the per-op parity run, tfjs's ops.
 */
function projectInputs(rows: () => tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, options: DirectionOptions): tf.Tensor2D {
  if (tf.getBackend() === 'webgl' && fusedKernelsEnabled()) return projectInputsWebGl(rows, kernel, bias, options);
  return tf.add(matMulFast(rows(), kernel), bias);
}

/** webgl: a one-hot input by row lookup, table rows by projecting the table, any other by the row-sum projection (webgl/projection.ts). */
function projectInputsWebGl(rows: () => tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, { oneHotInput, tableInput }: DirectionOptions): tf.Tensor2D {
  if (oneHotInput) return projectOneHotWebGl(oneHotInput.ids, oneHotInput.width, kernel, bias);
  if (tableInput) return projectTableWebGl(tableInput.table, tableInput.slots, kernel, bias);
  return projectRowsWebGl(rows(), kernel, bias);
}

/** One direction's weights as the fused kernels take them. */
interface FusedWeights {
  /** Added inside the input projection's matmul, `[G·H]`. */
  inputBias: tf.Tensor1D;
  /** W_hhᵀ `[H, G·H]`. */
  kernelHh: tf.Tensor2D;
  /** b_hh `[G·H]` for kernels that take it (GRU), else null (it is folded into `inputBias`). */
  biasHh: tf.Tensor1D | null;
}

/** A fused sequence kernel, the weights it takes and where its packed result keeps h_t (and c_t), in units of H. */
interface FusedCell {
  /**
   * The backend it runs on. webgpu: the input projection and the final-state pick are the engine's own kernels
   * too (webgpu/matMul.ts, oneHotProjection.ts, lastStep.ts); webgl: tfjs's ops, as on the per-step path.
   */
  backend: 'webgpu' | 'webgl';
  gates: number;
  canFuse: (hiddenSize: number) => boolean;
  weights: (params: ParamStore, suffix: string) => FusedWeights;
  run: (projected: tf.Tensor3D, weights: FusedWeights) => tf.Tensor3D;
  /** Where the packed result keeps h_t, c_t and the gates. */
  layout: PackedLayout;
}

/** b_ih + b_hh in the input projection: the recurrent side has no bias of its own (LSTM, RNN). */
function foldedBiases(params: ParamStore, suffix: string): FusedWeights {
  const inputBias = tf.add(params.get(`rnn.bias_ih${suffix}`), params.get(`rnn.bias_hh${suffix}`)) as tf.Tensor1D;
  return { inputBias, kernelHh: params.get(`rnn.weight_hh${suffix}`) as tf.Tensor2D, biasHh: null };
}

const FUSED_CELLS: Record<'lstm' | 'rnn' | 'gru', FusedCell> = {
  lstm: { backend: 'webgpu', gates: 4, canFuse: canFuseLstm, weights: foldedBiases, run: (projected, weights) => lstmSequence(projected, weights.kernelHh), layout: { gates: { i: 0, f: 1, g: 2, o: 3 }, hidden: LSTM_PACKED.hidden, cell: LSTM_PACKED.cell, recurrentNew: null, width: LSTM_PACKED.width, readsPreviousDirectly: false } },
  rnn: { backend: 'webgpu', gates: 1, canFuse: canFuseRnn, weights: foldedBiases, run: (projected, weights) => rnnSequence(projected, weights.kernelHh), layout: { gates: {}, hidden: RNN_PACKED.hidden, cell: null, recurrentNew: null, width: RNN_PACKED.width, readsPreviousDirectly: false } },
  // b_hh goes to the kernel whole (b_hn sits inside r ⊙ (…)); only b_ih joins the input matmul.
  gru: {
    backend: 'webgpu',
    gates: 3,
    canFuse: canFuseGru,
    weights: (params, suffix) => ({
      inputBias: params.get(`rnn.bias_ih${suffix}`) as tf.Tensor1D,
      kernelHh: params.get(`rnn.weight_hh${suffix}`) as tf.Tensor2D,
      biasHh: params.get(`rnn.bias_hh${suffix}`) as tf.Tensor1D,
    }),
    run: (projected, weights) => {
      if (!weights.biasHh) throw new Error('The fused GRU kernel needs b_hh.');
      return gruSequence(projected, weights.kernelHh, weights.biasHh);
    },
    layout: { gates: { r: GRU_PACKED.gates, z: GRU_PACKED.gates + 1, n: GRU_PACKED.gates + 2 }, hidden: GRU_PACKED.hidden, cell: null, recurrentNew: GRU_PACKED.recurrentNew, width: GRU_PACKED.width, readsPreviousDirectly: true },
  },
};

/** The cells on webgl: the same packed layouts and weights as on webgpu (even H only: see webgl/sequenceSteps.ts). */
const WEBGL_CELLS: Record<'lstm' | 'rnn' | 'gru', FusedCell> = {
  lstm: { ...FUSED_CELLS.lstm, backend: 'webgl', canFuse: canFuseLstmWebGl, run: (projected, weights) => lstmSequenceWebGl(projected, weights.kernelHh) },
  rnn: { ...FUSED_CELLS.rnn, backend: 'webgl', canFuse: canFuseRnnWebGl, run: (projected, weights) => rnnSequenceWebGl(projected, weights.kernelHh) },
  gru: {
    ...FUSED_CELLS.gru,
    backend: 'webgl',
    canFuse: canFuseGruWebGl,
    run: (projected, weights) => {
      if (!weights.biasHh) throw new Error('The fused GRU kernel needs b_hh.');
      return gruSequenceWebGl(projected, weights.kernelHh, weights.biasHh);
    },
  },
};

/**
 * A direction on the fused kernels: `projected [T·B, G·H]` in processing order → the same DirectionResult as
 * the per-step path (final state at each sequence's own last step; outputs back in original time order and
 * zero past each length; recorded steps and probes as fusedInspection.ts makes them).
 */
function fusedDirection(
  fused: FusedCell,
  projected: tf.Tensor2D,
  weights: FusedWeights,
  [seqLength, batch]: [number, number],
  masks: LayerMasks,
  reversed: boolean,
  { needOutput, record, probes }: DirectionOptions,
): DirectionResult {
  const hiddenSize = weights.kernelHh.shape[0];
  const { layout } = fused;
  const runOn = (rows: tf.Tensor2D) => fused.run(tf.reshape(rows, [seqLength, batch, fused.gates * hiddenSize]) as tf.Tensor3D, weights);
  let packed: tf.Tensor3D;
  if (probes) {
    const additions = probeAdditions(probes, weights.kernelHh, layout, () => runOn(projected));
    packed = tf.add(runOn(tf.add(projected, additions.projectedAddition)), additions.packedAddition);
  } else packed = runOn(projected);
  const finalAt = fused.backend === 'webgpu' ? lastStepPicker(packed, masks, hiddenSize) : lastStepByMask(packed, masks, hiddenSize);
  const finalHidden = finalAt(layout.hidden);
  const finalCell = layout.cell === null ? null : finalAt(layout.cell);
  let output: tf.Tensor3D | null = null;
  if (needOutput) {
    const hidden = tf.slice(packed, [0, 0, layout.hidden * hiddenSize], [seqLength, batch, hiddenSize]);
    output = hidden;
    if (reversed && masks.reversePermutation) {
      const flat = permuteRows(tf.reshape(hidden, [seqLength * batch, hiddenSize]) as tf.Tensor2D, masks.reversePermutation);
      output = tf.reshape(flat, [seqLength, batch, hiddenSize]);
    }
    if (masks.valid) output = tf.mul(output, masks.valid);
  }
  // Recorded steps are returned in original time order, as on the per-step path.
  const recorded = record ? sequenceFromPacked(packed, layout, hiddenSize, reversed) : null;
  return { output, finalHidden, finalCell, previousHidden: null, recorded };
}

/** webgpu: each sequence's state at its own last step, by the engine's pick kernel (one dispatch each way). */
function lastStepPicker(packed: tf.Tensor3D, masks: LayerMasks, hiddenSize: number): (offset: number) => tf.Tensor2D {
  const [seqLength, batch] = packed.shape;
  // Full-length batches too: a slice of the last step would have tfjs's PadV2 as its gradient, which on
  // SwiftShader took several times the pick's own backward kernel (both write the whole packed shape).
  const lengths = tf.tensor1d(masks.lengths ?? new Int32Array(batch).fill(seqLength), 'int32');
  return (offset) => lastStepFused(packed, lengths, offset * hiddenSize, hiddenSize);
}

/**
 * webgl: the same pick by the one-hot-in-time mask the per-step path sums with (`selectByTime`), in one draw
 * each way (webgl/lastStep.ts); a full-length batch's mask is 1 at the last step.
 */
function lastStepByMask(packed: tf.Tensor3D, masks: LayerMasks, hiddenSize: number): (offset: number) => tf.Tensor2D {
  const [seqLength, batch] = packed.shape;
  let mask: tf.Tensor2D;
  if (masks.lastStep) mask = tf.reshape(masks.lastStep, [seqLength, batch]);
  else {
    const values = new Float32Array(seqLength * batch);
    values.fill(1, (seqLength - 1) * batch);
    mask = tf.tensor2d(values, [seqLength, batch]);
  }
  return (offset) => lastStepWebGl(packed, mask, offset * hiddenSize, hiddenSize);
}

/**
 * `[T·B, W]` → T × `[B, W]`. A single step is a reshape, not an unstack: tfjs's unstack gradient hands its
 * one incoming gradient to `stack` as a lone tensor rather than a list and throws, so a batch whose texts
 * are all one symbol long (one-letter or one-word uploads) could not train.
 */
function splitTimeSteps(projected: tf.Tensor2D, seqLength: number, batchSize: number): tf.Tensor2D[] {
  const width = projected.shape[1];
  if (seqLength === 1) return [tf.reshape(projected, [batchSize, width])];
  return tf.unstack(tf.reshape(projected, [seqLength, batchSize, width])) as tf.Tensor2D[];
}

/** Masks of one batch, made once and shared by every layer and direction. null = not needed (no padding). */
export interface LayerMasks {
  /** `[T, B, 1]`, 1 for t < len_b. */
  valid: tf.Tensor3D | null;
  /** `[T, B, 1]`, 1 at t = len_b − 1. */
  lastStep: tf.Tensor3D | null;
  /** `[T, B, 1]`, 1 at t = len_b − 2 (tutorial cell's h_{T−1}). */
  previousStep: tf.Tensor3D | null;
  /** Flattened-row permutation reversing each sequence within its length. */
  reversePermutation: Int32Array | null;
  /** The batch's lengths (the fused kernels pick each sequence's last step by index). */
  lengths: Int32Array | null;
}

/** Build the masks for a batch's lengths (inside the caller's tidy: they are ordinary tensors). */
export function layerMasks(info: LengthInfo, cell: CellType): LayerMasks {
  if (isFullLength(info)) return { valid: null, lastStep: null, previousStep: null, reversePermutation: null, lengths: null };
  return {
    valid: timeMask(info, (t, length) => t < length),
    lastStep: timeMask(info, (t, length) => t === length - 1),
    previousStep: cell === 'tutorial' ? timeMask(info, (t, length) => t === length - 2) : null,
    reversePermutation: reverseWithinLengths(info),
    lengths: info.lengths,
  };
}
