/**
 * The own-text language model's forward pass over one truncated-BPTT window (src/data/textStreams.ts): the
 * names generator's network and head (charLm.ts: one-hot previous symbol in, log-softmax over the alphabet
 * and EOS out; no conditions), run step by step from a GIVEN initial state per layer instead of zeros.
 * Rows of every `[K·B, …]` tensor are TIME-MAJOR (row t·B + b).
 *
 * Truncation: the initial state is a plain tensor made by an earlier window, not something computed inside
 * this window's gradient function, so ∂loss/∂(earlier steps) is never formed: the gradient stops at the
 * window's left edge, while the forward pass still sees everything read before it.
 */
import * as tf from '@tensorflow/tfjs';
import { cellStep, type CellState } from './cells';
import { charLmHead, charLmStepInputs } from './charLm';
import { matMulFast } from './fastMatMul';
import type { ParamStore } from './params';
import { inputWeights, recurrentWeights } from './recurrentLayer';
import type { CharLmConfig } from './types';

/** One layer's state between windows: h `[B, H]` and (LSTM) c `[B, H]`. */
export interface LayerState {
  h: tf.Tensor2D;
  c: tf.Tensor2D | null;
}

export interface TextLmForwardOptions {
  training: boolean;
  dropoutSeed?: number;
}

export interface TextLmForwardResult {
  /** `[K·B, A + 1]` log-probabilities, time-major. */
  logProbs: tf.Tensor2D;
  /** Each layer's state after the window's last step (what the next window starts from). */
  final: LayerState[];
  /** Each layer's hidden states `[K·B, H]`, time-major (before dropout). */
  hidden: tf.Tensor2D[];
}

/** The one-hot input rows `[K·B, A + 2]` of time-major previous-symbol ids. */
export function textLmInputs(config: CharLmConfig, previous: Int32Array): tf.Tensor2D {
  return charLmStepInputs(config, new Int32Array(previous.length), previous);
}

/**
 * Run `inputs [K·B, A + 2]` (time-major, B = `batchSize`) from `initial` (null = zeros). Call inside tf.tidy or
 * a gradient function. The tutorial cell is not supported here (its head reads h_{t−1}; validateTextLmConfig refuses it).
 */
export function textLmForward(params: ParamStore, config: CharLmConfig, inputs: tf.Tensor2D, batchSize: number, initial: readonly LayerState[] | null, options: TextLmForwardOptions): TextLmForwardResult {
  const steps = inputs.shape[0] / batchSize;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`${inputs.shape[0]} input rows are not whole steps of ${batchSize} streams.`);
  const final: LayerState[] = [];
  const hidden: tf.Tensor2D[] = [];
  let layerInput = inputs;
  for (let layer = 0; layer < config.numLayers; layer++) {
    const width = layerInput.shape[1];
    const weights = inputWeights(params, config.cell, layer, 0, config.hiddenSize, width);
    const projected = tf.add(matMulFast(layerInput, weights.kernel), weights.bias) as tf.Tensor2D;
    const recurrent = recurrentWeights(params, config.cell, layer, 0, config.hiddenSize, width);
    let state: CellState = initial ? { h: initial[layer].h, c: initial[layer].c } : { h: null, c: null };
    const outputs: tf.Tensor2D[] = [];
    for (let t = 0; t < steps; t++) {
      const result = cellStep(recurrent, tf.slice(projected, [t * batchSize, 0], [batchSize, -1]), state, false);
      state = { h: result.h, c: result.c };
      outputs.push(result.h);
    }
    const output = outputs.length === 1 ? outputs[0] : (tf.concat(outputs, 0) as tf.Tensor2D);
    hidden.push(output);
    final.push({ h: state.h as tf.Tensor2D, c: state.c });
    const isLast = layer === config.numLayers - 1;
    layerInput = !isLast && options.training && config.dropout > 0 ? (tf.dropout(output, config.dropout, undefined, (options.dropoutSeed ?? 0) + layer) as tf.Tensor2D) : output;
  }
  const logProbs = charLmHead(params, config, { hidden: layerInput, input: inputs, previousHidden: layerInput }, options);
  return { logProbs, final, hidden };
}

/** Σ −log p(target) over every row (each a real character: windows have no padding). */
export function textLmNllSum(logProbs: tf.Tensor2D, targets: Int32Array): tf.Scalar {
  return tf.neg(tf.sum<tf.Scalar>(tf.mul(logProbs, tf.oneHot(tf.tensor1d(targets, 'int32'), logProbs.shape[1]))));
}

/** Keep a result's final states past the enclosing tidy (the caller disposes them with disposeStates). */
export function keepStates(states: readonly LayerState[]): LayerState[] {
  return states.map((state) => ({ h: tf.keep(state.h), c: state.c ? tf.keep(state.c) : null }));
}

export function disposeStates(states: readonly LayerState[] | null): void {
  if (!states) return;
  for (const state of states) {
    state.h.dispose();
    state.c?.dispose();
  }
}

/**
 * tf.tidy for a pass that also hands states on: `run` returns its tensors and its final states; the tensors
 * come back as tf.tidy returns them, the states kept past the tidy (the caller disposes them).
 */
export function tidyCarrying<T extends tf.TensorContainer>(run: () => { value: T; final: readonly LayerState[] }): { value: T; final: LayerState[] } {
  let final: LayerState[] = [];
  const value = tf.tidy(() => {
    const result = run();
    final = keepStates(result.final);
    return result.value;
  });
  return { value, final };
}
