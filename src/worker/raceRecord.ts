/**
 * A race as plain data: what the memory lab shows while it runs and what a run store may keep afterwards
 * (structured-cloneable, no tensors, no classes). Every member trains from the same seed on the same
 * batches and is scored on the same held-out set; `shared` says in words which initial weights coincide.
 */
import type { MemoryModelConfig } from '../model/types';
import type { MemoryTrainDefaults } from '../model/taskDefaults';

/** One thing a race reports, tagged by member index. */
export type RaceEvent =
  | { kind: 'step'; member: number; step: number; loss: number; gradNorm: number }
  | { kind: 'evaluation'; member: number; step: number; accuracy: number; loss: number };

/** One held-out evaluation of one member. */
export interface RacePoint {
  step: number;
  accuracy: number;
  loss: number;
}

/** One member's settings and results. */
export interface RaceMemberRecord {
  /** What the legend says, e.g. "LSTM". */
  label: string;
  model: MemoryModelConfig;
  curve: RacePoint[];
  /** Last evaluation's held-out accuracy (NaN before the first). */
  finalAccuracy: number;
  /** First evaluated step with held-out accuracy ≥ 0.95; null if never. */
  stepsTo095: number | null;
  /** Wall-clock seconds this member's own steps and evaluations took. */
  seconds: number;
}

/** A whole race, finished or stopped. */
export interface RaceRecord {
  kind: 'memory-race';
  train: MemoryTrainDefaults;
  /** Accuracy of answering without memory. */
  chance: number;
  /** Which initial parameter values the members share (same seed, same draw order). */
  shared: string;
  members: RaceMemberRecord[];
  /** Steps every member completed (less than `train.steps` if stopped). */
  completedSteps: number;
  stopped: boolean;
}

/** Held-out accuracy that counts as "remembered". */
export const REMEMBERED_ACCURACY = 0.95;

/**
 * What members built from one seed share. ParamStore draws parameters in PyTorch's order from one stream,
 * so values coincide exactly as long as the shapes drawn so far coincide: the first H rows of
 * weight_ih_l0 always (the RNN's whole W_ih = the LSTM's input gate i = the GRU's reset gate r); members
 * of the same cell share everything their levers do not change.
 */
export function sharedDescription(models: readonly MemoryModelConfig[]): string {
  const cells = new Set(models.map((model) => model.cell));
  const sameWidth = new Set(models.map((model) => model.hiddenSize)).size === 1;
  if (!sameWidth) return 'Same batches and held-out set; the hidden sizes differ, so no initial weights coincide.';
  if (cells.size === 1) return 'Same batches, held-out set and initial weights, except what the differing levers redraw.';
  return 'Same batches and held-out set. Initial weights: the first H rows of rnn.weight_ih_l0 are identical (the RNN\'s W_ih = the LSTM\'s input gate = the GRU\'s reset gate); the other parameters have different shapes and are drawn further along the same stream, so they differ.';
}
