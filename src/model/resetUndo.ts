/**
 * Reset with an undo, for every session (the classifier's trainingSession.ts and the language models' lmTraining.ts):
 * a reset keeps what it replaced — the weights, the optimiser with its moments, the settings it ran with — until
 * the next training step, so "Undo reset" puts the run back exactly and training goes on as if it never happened.
 */
import type * as tf from '@tensorflow/tfjs';
import { createOptimizer } from './optimizers';
import { disposeSnapshot, type ParamSnapshot, type ParamStore } from './params';
import type { TrainConfig } from './types';

/** What a reset replaced. The optimiser is kept, not disposed: its moments belong to those weights. */
export interface ReplacedByReset {
  weights: ParamSnapshot;
  optimizer: tf.Optimizer;
  train: TrainConfig;
}

/** Whether new settings need a new optimiser (its kind or learning rate changed; tf.train fixes both at creation). */
export function needsNewOptimizer(previous: TrainConfig, next: TrainConfig): boolean {
  return next.optimizer !== previous.optimizer || next.learningRate !== previous.learningRate;
}

/** Reset `params` to the seed's weights; returns the fresh optimiser and what was replaced (the caller holds both). */
export function resetKeepingUndo(params: ParamStore, optimizer: tf.Optimizer, train: TrainConfig): { optimizer: tf.Optimizer; replaced: ReplacedByReset } {
  const replaced: ReplacedByReset = { weights: params.snapshot(), optimizer, train: { ...train } };
  params.reinitialize(train.seed);
  return { optimizer: createOptimizer(train.optimizer, train.learningRate), replaced };
}

/**
 * Put `replaced` back into `params`, disposing the reset's optimiser `current`; returns the optimiser to go on with:
 * the one kept, or a fresh one where the settings changed since the reset (as they would have applied without it).
 */
export function undoReset(params: ParamStore, replaced: ReplacedByReset, current: tf.Optimizer, train: TrainConfig): tf.Optimizer {
  params.restore(replaced.weights);
  disposeSnapshot(replaced.weights);
  current.dispose();
  if (!needsNewOptimizer(replaced.train, train)) return replaced.optimizer;
  replaced.optimizer.dispose();
  return createOptimizer(train.optimizer, train.learningRate);
}

/** Free what a reset kept (a step was trained since, or the session goes). */
export function disposeReplaced(replaced: ReplacedByReset | null): void {
  if (!replaced) return;
  disposeSnapshot(replaced.weights);
  replaced.optimizer.dispose();
}
