/**
 * An optimiser's running state taken out of the backend and put back into a fresh optimiser, so a run reopened
 * from its checkpoint (a reload, a task switch, a worker restart) steps on exactly as it would have: Adam's
 * moments m, v and its step count t, RMSprop's mean squares, SparseAdam's table rows and its own t. SGD has
 * none. The state is plain Float32Arrays keyed by PyTorch parameter names (a reopened model's tfjs variables
 * have other names), so it can be kept in IndexedDB and read back by a new worker.
 *
 * resetUndo.ts keeps the optimiser OBJECT for an undo (same worker, same tensors); this is the same idea for a
 * state that has to outlive the worker.
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamStore } from './params';
import { takesRowGradients } from './sparseAdam';
import type { OptimizerName, TrainConfig } from './types';
import type { MomentsState } from './webgpu/fusedAdam';

/** What a checkpoint carries of its optimiser. */
export interface OptimizerState {
  optimizer: OptimizerName;
  learningRate: number;
  /** Updates taken (tf.train's iteration count; the fused Adams' t). */
  step: number;
  /**
   * tf.train.adam's running β1ᵗ⁺¹ and β2ᵗ⁺¹: float32 products, one multiplication per step. Its own setWeights
   * recomputes them with pow, which differs in the last bits after a few steps, so they are kept as they are.
   */
  betaPowers: [number, number] | null;
  /** Per trainable parameter (PyTorch name), its slots in the optimiser's order (Adam: m, v; RMSprop: mean square, momentum). */
  slots: Record<string, Float32Array[]>;
  /** SparseAdam's state for the word embedding table (adam-sparse): its own step count and m, v over the whole table. */
  table: { parameter: string; step: number; m: Float32Array; v: Float32Array } | null;
}

/** An optimiser that saves and loads its own moments (the app's fused Adams). */
interface SavesMoments {
  saveMoments(): Promise<MomentsState>;
  loadMoments(state: MomentsState): void;
}

/** tf.train.adam's fields that setWeights does not restore exactly (see `betaPowers`). */
interface TfAdamBetaPowers {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

function savesMoments(optimizer: tf.Optimizer): optimizer is tf.Optimizer & SavesMoments {
  return 'saveMoments' in optimizer && 'loadMoments' in optimizer;
}

function hasBetaPowers(optimizer: tf.Optimizer): boolean {
  return 'accBeta1' in optimizer && 'accBeta2' in optimizer;
}

/** The tfjs variable name → PyTorch parameter name of every parameter. */
function parameterNames(params: ParamStore): Map<string, string> {
  return new Map(params.specs.map((spec) => [params.get(spec.name).name, spec.name]));
}

/** The dense optimiser: adam-sparse's Adam for everything but the table, or the optimiser itself. */
function denseOf(optimizer: tf.Optimizer): tf.Optimizer {
  return takesRowGradients(optimizer) ? optimizer.denseOptimizer : optimizer;
}

/** Read `optimizer`'s state (one read of every slot from the backend). */
export async function saveOptimizerState(optimizer: tf.Optimizer, params: ParamStore, train: TrainConfig): Promise<OptimizerState> {
  const names = parameterNames(params);
  const state: OptimizerState = { optimizer: train.optimizer, learningRate: train.learningRate, step: optimizer.iterations, betaPowers: null, slots: {}, table: null };
  const dense = denseOf(optimizer);
  if (savesMoments(dense)) {
    const saved = await dense.saveMoments();
    state.step = saved.step;
    for (const [variable, { m, v }] of saved.moments) state.slots[names.get(variable) ?? variable] = [m, v];
  } else if (train.optimizer !== 'sgd') {
    // tf.train.adam / rmsprop: [iterations, slot 0 of every variable…, slot 1 of every variable…].
    const [iterations, ...weights] = await dense.getWeights();
    state.step = (await iterations.tensor.data())[0];
    for (const { name, tensor } of weights) {
      const variable = name.slice(0, name.lastIndexOf('/'));
      const parameter = names.get(variable) ?? variable;
      (state.slots[parameter] ??= []).push((await tensor.data()) as Float32Array);
    }
    tf.dispose(iterations.tensor);
    if (hasBetaPowers(dense)) {
      const { accBeta1, accBeta2 } = dense as unknown as TfAdamBetaPowers;
      state.betaPowers = [(await accBeta1.data())[0], (await accBeta2.data())[0]];
    }
  }
  if (takesRowGradients(optimizer) && params.has('embedding.weight')) {
    const table = await optimizer.embeddingState(params.get('embedding.weight'));
    if (table) state.table = { parameter: 'embedding.weight', ...table };
  }
  return state;
}

/**
 * Put `state` into `optimizer`, a fresh one made for `train` over `params`. False (nothing changed) when the
 * state is another optimiser's or learning rate's, or does not fit the parameters: the run then goes on
 * with the fresh optimiser, as before states were kept.
 */
export async function loadOptimizerState(optimizer: tf.Optimizer, params: ParamStore, train: TrainConfig, state: OptimizerState): Promise<boolean> {
  if (state.optimizer !== train.optimizer || state.learningRate !== train.learningRate) return false;
  if (train.optimizer === 'sgd') return true;
  const dense = denseOf(optimizer);
  // The parameters the dense optimiser sees, in the order it numbers its slots (trainStep.ts: the trainable
  // parameters as created, less the table SparseAdam updates).
  const order = params.specs.filter((spec) => spec.trainable && !(takesRowGradients(optimizer) && spec.name === 'embedding.weight')).map((spec) => spec.name);
  // Before the first update there are no slots yet; after it, every parameter has its two.
  const stepped = Object.keys(state.slots).length > 0;
  const fits = (name: string) => state.slots[name]?.length === 2 && state.slots[name].every((values) => values.length === params.get(name).size);
  if (stepped && !order.every(fits)) return false;
  if (state.table && !(takesRowGradients(optimizer) && params.has(state.table.parameter) && state.table.m.length === params.get(state.table.parameter).size)) return false;
  if (savesMoments(dense)) {
    const moments = new Map<string, { m: Float32Array; v: Float32Array }>();
    if (stepped) for (const name of order) moments.set(params.get(name).name, { m: state.slots[name][0], v: state.slots[name][1] });
    dense.loadMoments({ step: state.step, moments });
  } else {
    const shapes = order.map((name) => params.get(name).shape);
    const slot = (index: number, suffix: string) =>
      stepped ? order.map((name, position) => ({ name: `${params.get(name).name}/${suffix}`, tensor: tf.tensor(state.slots[name][index], shapes[position]) })) : [];
    const suffixes = state.optimizer === 'rmsprop' ? ['rms', 'momentum'] : ['m', 'v'];
    const iterations = { name: 'iter', tensor: tf.scalar(state.step, 'int32') };
    const weights = [iterations, ...slot(0, suffixes[0]), ...slot(1, suffixes[1])];
    await dense.setWeights(weights);
    // setWeights made variables of the slot tensors (their own copies): the tensors can go.
    tf.dispose(weights.map((weight) => weight.tensor));
    if (state.betaPowers && hasBetaPowers(dense)) {
      const { accBeta1, accBeta2 } = dense as unknown as TfAdamBetaPowers;
      tf.tidy(() => {
        accBeta1.assign(tf.scalar(state.betaPowers![0]));
        accBeta2.assign(tf.scalar(state.betaPowers![1]));
      });
    }
  }
  if (state.table && takesRowGradients(optimizer)) {
    const { parameter, ...table } = state.table;
    optimizer.loadEmbeddingState(params.get(parameter), table);
  }
  return true;
}
