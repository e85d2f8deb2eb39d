/**
 * A race of classifiers (names, SST-2, an upload) as plain data: what the Train step draws while it runs and
 * what becomes kept runs afterwards (structured-cloneable: no tensors, no classes). Every member trains from the
 * same seed on the same batches; `shared` says in words which initial weights coincide.
 */
import type { EvalMetrics, ModelConfig, TrainConfig } from '../model/types';

/** The most members a race draws legibly (and trains in reasonable time). */
export const MAX_TASK_RACE_MEMBERS = 4;

/** One member as the client asks for it: its model and its training settings (see `BATCH_ORDER_KEYS`). */
export interface TaskRaceMember {
  /** What the legend says, e.g. "LSTM". */
  label: string;
  model: ModelConfig;
  train: TrainConfig;
  /**
   * The id the member's kept run will have (the page's run store): when the race runs to its end, the worker writes
   * the member's model file's text there itself, if small enough (MAX_KEPT_WEIGHTS_CHARACTERS), marked as a pending
   * keep first (worker/keptWeights.ts), and the record carries the text's length; the page then writes the run's
   * record only. Without it, no weights are kept.
   */
  keepWeightsAs?: string;
}

/**
 * The training settings that decide which examples form each batch and in what order. Members must agree on
 * all of them (the optimiser, learning rate and clipping may differ): that is what "the same batches" means.
 */
export const BATCH_ORDER_KEYS = ['seed', 'batchSize', 'epochs', 'sampling', 'bucketByLength'] as const satisfies readonly (keyof TrainConfig)[];

/** One thing a race reports: its start (what the members share, its length), then steps and evaluations tagged by member index. */
export type TaskRaceEvent =
  | { kind: 'started'; shared: string; totalSteps: number; validationSampleSize: number }
  | { kind: 'step'; member: number; step: number; loss: number; gradNorm: number }
  | { kind: 'evaluation'; member: number; step: number; loss: number; accuracy: number; macroAccuracy: number };

/** A member's curves, flattened [step, value, step, value, …] like a kept run's. */
export interface TaskRaceCurves {
  trainLoss: number[];
  gradNorm: number[];
  valLoss: number[];
  valAccuracy: number[];
}

/** One member's settings and results. */
export interface TaskRaceMemberResult extends TaskRaceMember {
  curves: TaskRaceCurves;
  /** Steps this member trained. */
  step: number;
  /** 0-based epoch of its last step. */
  epoch: number;
  /** The test split's evaluation once the race ran to its end; null when it was stopped. */
  test: EvalMetrics | null;
  /**
   * The length of its model file's text after the last step, which the worker wrote to the run store's weights store
   * under `keepWeightsAs` before it posted the record; null when none was written (the race stopped, the text over
   * MAX_KEPT_WEIGHTS_CHARACTERS, or no id asked).
   */
  keptWeightsLength: number | null;
  /** With `keptWeightsLength`: the value of the pending keep's mark set with the text, for the page to clear (see ExportResultMessage.keptWeightsMark); else null. */
  keptWeightsMark: number | null;
}

/** A whole race, finished or stopped. */
export interface TaskRaceRecord {
  kind: 'task-race';
  /** The data set the members trained on (its id). */
  dataId: string;
  members: TaskRaceMemberResult[];
  /** In plain words: the batch order shared, and which initial weights are identical. */
  shared: string;
  /** Steps every member completed, and the race's full length. */
  completedSteps: number;
  totalSteps: number;
  /** Examples of the fixed validation sample the live accuracy is measured on. */
  validationSampleSize: number;
  /** Why it ended early (a stop, a backend switch); null when it ran to the end. */
  stoppedBecause: string | null;
}

/**
 * A member's weights are kept with its run up to this size of model file text: a names model (LSTM 128, about
 * 2 MB) is kept; an SST-2 model's 14,830-word embedding (about 30 MB of JSON) is not, four times over.
 */
export const MAX_KEPT_WEIGHTS_CHARACTERS = 8_000_000;
