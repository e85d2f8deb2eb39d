/**
 * One timestep of each recurrent cell, in PyTorch's equations and gate order. The input projection
 * `W_ih x_t + b_ih` (and, where it can be folded, `b_hh`) is computed for ALL timesteps in one matmul
 * before the time loop (recurrentLayer.ts), so a step only adds the recurrent product `h_{t-1} W_hhᵀ`.
 *
 *   rnn:      h_t = tanh(xp_t + W_hh h)                        (xp includes b_ih + b_hh)
 *   tutorial: h_t = xp_t + W_h h                               (i2h on [x, h]; no non-linearity)
 *   lstm:     [i f g o] = xp_t + W_hh h;  c_t = σf⊙c + σi⊙tanh g;  h_t = σo⊙tanh c_t
 *   gru:      r,z = σ(xp_rz + W_hrz h + b_hrz);  n = tanh(xp_n + r⊙(W_hn h + b_hn));  h_t = n + z⊙(h − n)
 *             (reset-after: b_hn stays inside r⊙(…), so GRU folds only the r,z part of b_hh)
 */
import * as tf from '@tensorflow/tfjs';
import { matMulFast } from './fastMatMul';
import type { CellType } from './types';

/** Recurrent weights of one layer and direction for one batch, prepared once before the time loop. */
export interface RecurrentWeights {
  cell: CellType;
  hiddenSize: number;
  /** W_hhᵀ, `[H, G·H]` (storage layout). */
  kernelHh: tf.Tensor2D;
  /** Its transpose `[G·H, H]`, computed once per batch and reused by every step's backward pass. */
  kernelHhT?: tf.Tensor2D;
  /** GRU only: b_hn `[H]`, the part of b_hh that must stay inside r⊙(…). */
  biasHhNew?: tf.Tensor1D;
}

/** The state between steps. `null` h means the zero initial state (lets step 0 skip its matmul). */
export interface CellState {
  h: tf.Tensor2D | null;
  c: tf.Tensor2D | null;
}

/** What a step produced; `gates` only when the caller records a trace. */
export interface StepResult {
  h: tf.Tensor2D;
  c: tf.Tensor2D | null;
  /** Gate activations `[B, H]` by name (LSTM i,f,g,o; GRU r,z,n). */
  gates?: Record<string, tf.Tensor2D>;
  /** GRU: W_hn h_{t-1} + b_hn, `[B, H]`. */
  recurrentNew?: tf.Tensor2D;
}

/** A direction's recording: each quantity of StepResult over all steps, `[T, B, H]`, in original time order. */
export interface RecordedSequence {
  h: tf.Tensor3D;
  c: tf.Tensor3D | null;
  gates: Record<string, tf.Tensor3D>;
  recurrentNew: tf.Tensor3D | null;
}

/** The per-step path's recording, `steps` in original time order, stacked along time. */
export function stackSteps(steps: StepResult[]): RecordedSequence {
  const stack = (tensors: tf.Tensor2D[]) => tf.stack(tensors) as tf.Tensor3D;
  const gates: Record<string, tf.Tensor3D> = {};
  for (const name of Object.keys(steps[0].gates ?? {})) gates[name] = stack(steps.map((step) => step.gates![name]));
  return {
    h: stack(steps.map((step) => step.h)),
    c: steps[0].c ? stack(steps.map((step) => step.c!)) : null,
    gates,
    recurrentNew: steps[0].recurrentNew ? stack(steps.map((step) => step.recurrentNew!)) : null,
  };
}

function recurrent(weights: RecurrentWeights, h: tf.Tensor2D): tf.Tensor2D {
  return matMulFast(h, weights.kernelHh, weights.kernelHhT);
}

/**
 * Advance one step. `projected` is `[B, G·H]` (this step's slice of the precomputed input projection);
 * `state.h`/`state.c` are `[B, H]` or null (zeros). With `record`, the gate activations are returned too.
 */
export function cellStep(weights: RecurrentWeights, projected: tf.Tensor2D, state: CellState, record: boolean): StepResult {
  switch (weights.cell) {
    case 'rnn':
      return { h: tf.tanh(state.h ? tf.add<tf.Tensor2D>(projected, recurrent(weights, state.h)) : projected), c: null };
    case 'tutorial':
      return { h: state.h ? tf.add<tf.Tensor2D>(projected, recurrent(weights, state.h)) : projected, c: null };
    case 'lstm':
      return lstmStep(weights, projected, state, record);
    case 'gru':
      return gruStep(weights, projected, state, record);
  }
}

function lstmStep(weights: RecurrentWeights, projected: tf.Tensor2D, state: CellState, record: boolean): StepResult {
  const preactivation = state.h ? tf.add<tf.Tensor2D>(projected, recurrent(weights, state.h)) : projected;
  const [iPre, fPre, gPre, oPre] = tf.split(preactivation, 4, 1) as tf.Tensor2D[];
  const input = tf.sigmoid(iPre);
  const candidate = tf.tanh(gPre);
  const output = tf.sigmoid(oPre);
  // With a zero initial cell state, f⊙c is zero: skip computing f's contribution (but record f).
  let forget: tf.Tensor2D | null = null;
  let c: tf.Tensor2D;
  if (state.c) {
    forget = tf.sigmoid(fPre);
    c = tf.add<tf.Tensor2D>(tf.mul(forget, state.c), tf.mul(input, candidate));
  } else {
    c = tf.mul<tf.Tensor2D>(input, candidate);
  }
  const h = tf.mul<tf.Tensor2D>(output, tf.tanh(c));
  if (!record) return { h, c };
  return { h, c, gates: { i: input, f: forget ?? tf.sigmoid(fPre), g: candidate, o: output } };
}

function gruStep(weights: RecurrentWeights, projected: tf.Tensor2D, state: CellState, record: boolean): StepResult {
  const hidden = weights.hiddenSize;
  const [xResetUpdate, xNew] = tf.split(projected, [2 * hidden, hidden], 1) as tf.Tensor2D[];
  let resetUpdatePre = xResetUpdate;
  let recurrentNew: tf.Tensor2D;
  if (state.h) {
    const [hResetUpdate, hNew] = tf.split(recurrent(weights, state.h), [2 * hidden, hidden], 1) as tf.Tensor2D[];
    resetUpdatePre = tf.add<tf.Tensor2D>(xResetUpdate, hResetUpdate);
    recurrentNew = weights.biasHhNew ? tf.add<tf.Tensor2D>(hNew, weights.biasHhNew) : hNew;
  } else {
    // Zero state: W_hn h + b_hn is just b_hn, broadcast over the batch.
    const batch = projected.shape[0];
    recurrentNew = weights.biasHhNew ? tf.broadcastTo(weights.biasHhNew, [batch, hidden]) : tf.zeros([batch, hidden]);
  }
  const [reset, update] = tf.split(tf.sigmoid(resetUpdatePre), 2, 1) as tf.Tensor2D[];
  const candidate = tf.tanh(tf.add<tf.Tensor2D>(xNew, tf.mul(reset, recurrentNew)));
  // h = (1 − z)⊙n + z⊙h_prev, written as n + z⊙(h_prev − n) to save one op; with h_prev = 0 it is n − z⊙n.
  const h = state.h ? tf.add<tf.Tensor2D>(candidate, tf.mul(update, tf.sub(state.h, candidate))) : tf.sub<tf.Tensor2D>(candidate, tf.mul(update, candidate));
  if (!record) return { h, c: null };
  return { h, c: null, gates: { r: reset, z: update, n: candidate }, recurrentNew };
}
