/**
 * A race as plain data: what the memory lab shows while it runs and what a run store may keep afterwards
 * (structured-cloneable, no tensors, no classes). Every member trains from the same seed on the same
 * batches and is scored on the same held-out set; `shared` says in words which initial weights coincide.
 */
import type { MemoryModelConfig } from '../model/types';
import type { MemoryTrainDefaults } from '../model/taskDefaults';

/** Share of one gate's values below 0.05 or above 0.95 on the insight batch, and its mean (plain numbers). */
export interface RaceGateSaturation {
  /** PyTorch's gate letter: LSTM i, f, o; GRU r, z (sigmoid gates only). */
  gate: string;
  nearZero: number;
  nearOne: number;
  mean: number;
}

/**
 * What a member's memory looks like at one evaluation, on a fixed prefix of the held-out set (the same
 * sequences every time, so the rows of a heatmap over training compare like with like).
 */
export interface RaceInsight {
  step: number;
  /** ‖∂L/∂h_t‖ for t = 0 … T−1 (Frobenius over the batch); exactly 0 where truncated BPTT cut the gradient. */
  gradNorms: number[];
  gates: RaceGateSaturation[];
  /** 1/(1 − mean keep-fraction) in steps (LSTM forget gate f, GRU update gate z); null for the plain RNN. */
  memorySpan: number | null;
}

/** One thing a race reports, tagged by member index. */
export type RaceEvent =
  | { kind: 'step'; member: number; step: number; loss: number; gradNorm: number }
  | ({ kind: 'diverged'; member: number } & RaceDivergence)
  | { kind: 'evaluation'; member: number; step: number; accuracy: number; loss: number }
  | ({ kind: 'insight'; member: number } & RaceInsight);

/** One held-out evaluation of one member. */
export interface RacePoint {
  step: number;
  accuracy: number;
  loss: number;
}

/**
 * A member's loss or gradient norm stopped being a number at `step` (its update there was skipped): that
 * member trains no further, the others carry on. `loss` and `gradNorm` are the values read (NaN or ±Infinity).
 */
export interface RaceDivergence {
  step: number;
  loss: number;
  gradNorm: number;
}

/** What one member of a race is: a label, a model and, when it differs from the race's, its clipping. */
export interface RaceMemberSpec {
  /** What the legend says, e.g. "LSTM". */
  label: string;
  model: MemoryModelConfig;
  /**
   * This member's global-norm clipping threshold (null: none), overriding the race's `train.clipNorm`;
   * absent: the race's. The clipping demo races one run with it and one without.
   */
  clipNorm?: number | null;
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
  /** Wall-clock seconds this member's own steps and evaluations took (insights not counted). */
  seconds: number;
  /** One per evaluation when the race computed insights; absent in races that did not. */
  insights?: RaceInsight[];
  /** The member's own clipping threshold when it overrode the race's (RaceMemberSpec.clipNorm). */
  clipNorm?: number | null;
  /** Where its loss or gradient norm stopped being a number; absent when it never did. */
  diverged?: RaceDivergence;
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
  /** Steps the race ran (less than `train.steps` if stopped or if every member diverged). */
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
  if (models.length === 1) return 'One run: nothing to share.';
  const cells = new Set(models.map((model) => model.cell));
  const sameWidth = new Set(models.map((model) => model.hiddenSize)).size === 1;
  if (!sameWidth) return 'Same batches and held-out set; the hidden sizes differ, so no initial weights coincide.';
  if (cells.size === 1) return 'Same batches, held-out set and initial weights, except what the differing levers redraw.';
  return 'Same batches and held-out set. Initial weights: the first H rows of rnn.weight_ih_l0 are identical (the RNN\'s W_ih = the LSTM\'s input gate = the GRU\'s reset gate); the other parameters have different shapes and are drawn further along the same stream, so they differ.';
}
