/**
 * Messages between the main thread and the short-lived backend probe (backendProbe.worker.ts), which times
 * a few real training steps of the current task on each backend so `auto` can pick the fastest without
 * holding the app or the training run.
 */
import type { Dataset } from '../data/types';
import type { BackendName } from '../model/backendTypes';
import type { ModelConfig, TrainConfig } from '../model/types';

export interface MeasureMessage {
  type: 'measure';
  /** Measured in this order; each one that starts gets a fresh session of `model` on `dataset`. */
  backends: BackendName[];
  dataset: Dataset;
  model: ModelConfig;
  train: TrainConfig;
}
export type ToProbe = MeasureMessage;

/** One backend's result: median ms per training step, or why it could not be measured. */
export type ProbeResultMessage =
  | { type: 'measured'; backend: BackendName; msPerStep: number; adapter: string; isLowerBound: boolean }
  | { type: 'unavailable'; backend: BackendName; reason: string };
export interface ProbeDoneMessage {
  type: 'done';
}
export type FromProbe = ProbeResultMessage | ProbeDoneMessage;
