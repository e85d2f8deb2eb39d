/**
 * The contract between the engine and its drivers (the Web Worker and the CLI).
 * Type-only: the implementation lives in trainingSession.ts, created by `createSession` / `sessionFromFile`.
 * A session owns one model, its optimiser state and its data; every tensor it makes is disposed by it.
 */
import type { Dataset, SplitName } from '../data/types';
import type {
  CharLmConfig,
  CharLmModelFile,
  CharLmTrace,
  EvalMetrics,
  GeneratedText,
  LmMetrics,
  SamplingOptions,
  ScoredText,
  InspectionTrace,
  ModelConfig,
  ModelFile,
  ParameterRow,
  Prediction,
  TrainConfig,
} from './types';
import type { OptimizerState } from './optimizerState';

/** What one training step (one batch) reports. Numbers are read back from the backend once per step at most. */
export interface StepOutcome {
  /** 1-based count of steps taken so far in this run. */
  step: number;
  /** 0-based epoch the step belonged to. */
  epoch: number;
  /** Mean NLL of the batch. NaN/Infinity means it diverged (see `diverged`). */
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** True when this step finished an epoch (the driver then evaluates on `val`). */
  epochEnded: boolean;
  /** Set when the loss was not finite: the weights were rolled back to the checkpoint taken at `restoredStep`. */
  diverged?: { restoredStep: number };
}

export interface EvaluationResult {
  metrics: EvalMetrics;
  /** Up to 5 misclassified texts per confusion cell, key `${trueClass}:${predictedClass}`. */
  mistakes: Record<string, string[]>;
}

export interface EvaluateOptions {
  /** Evaluate only this many examples of the split (all of them when the split is smaller). */
  subsetSize?: number;
}

export interface TrainingSession {
  readonly model: ModelConfig;
  readonly train: TrainConfig;
  readonly stepsPerEpoch: number;
  /** Steps taken so far (0 after creation or reset). */
  readonly step: number;
  readonly epoch: number;
  /** Total steps for `train.epochs` epochs. */
  readonly totalSteps: number;
  /** Model summary rows, PyTorch names (`rnn.weight_ih_l0`, `head.weight`, …). */
  parameters(): ParameterRow[];
  /** Run one batch: forward, NLL, backward (BPTT), optional clipping, optimiser update. */
  trainStep(): Promise<StepOutcome>;
  /**
   * Evaluate a whole split, or with `subsetSize` a fixed seeded stratified sample of it (data/subset.ts): the same
   * examples every call, so the live curve between epochs moves only because the weights did.
   */
  evaluate(split: SplitName, options?: EvaluateOptions): Promise<EvaluationResult>;
  /** Everything the Inspect step draws for one text; see InspectionTrace. */
  trace(text: string, targetClass: number | null): Promise<InspectionTrace>;
  predict(texts: string[], k: number): Promise<Prediction[]>;
  /** Change optimiser settings without losing the weights (learning rate, clipping, batch size, …). */
  updateTrainConfig(train: TrainConfig): void;
  /**
   * Re-initialise weights and optimiser from the seed; step back to 0. What the reset replaced (weights,
   * optimiser moments, sampling position, step) is kept until the next training step, so `undoReset` can put it back.
   */
  reset(): void;
  /** Put back exactly what the last `reset` replaced; false when there is nothing to undo (a step was trained since). */
  undoReset(): boolean;
  /** Replace the embedding rows of known words (GloVe); returns how many vocabulary words were set. */
  setPretrainedEmbeddings(vectors: Map<string, Float32Array>, trainable: boolean): number;
  exportFile(): Promise<ModelFile>;
  /** The optimiser's state now (moments, t), kept with a checkpoint so a run reopened from it goes on exactly. */
  saveOptimizerState?(): Promise<OptimizerState>;
  /**
   * Go on from a checkpoint taken at `step` (a freshly opened model, before any training): the optimiser takes up
   * `state` and the batch order moves on to that step, so the next steps are those the run would have taken.
   * False, with nothing changed, when the state does not fit (another optimiser or rate, other parameters) or
   * there is no data to train on.
   */
  resumeFrom?(state: OptimizerState, step: number): Promise<boolean>;
  dispose(): void;
}

/** Build a fresh model for `dataset` (weights initialised from `train.seed`, PyTorch's U(-1/√H, 1/√H)). */
export type CreateSession = (dataset: Dataset, model: ModelConfig, train: TrainConfig) => TrainingSession;

/**
 * Open a model file (PyTorch interop). `dataset` may be null (inspect/predict only; trainStep and
 * evaluate then throw). Throws ModelFileError naming the key and expected shape when the file is malformed.
 */
export type SessionFromFile = (file: unknown, dataset: Dataset | null, train: TrainConfig) => TrainingSession;

/**
 * A character-level language model's session (names generation), driven like `TrainingSession`: the
 * same step/epoch bookkeeping, `StepOutcome` (loss = mean NLL per character of the batch), reset,
 * settings changes and files, so the worker can host either. Its data is a names-like Dataset whose
 * labels are the conditions (the classifier's names split: same examples, same seed).
 */
export interface CharLmSession {
  readonly model: CharLmConfig;
  readonly train: TrainConfig;
  readonly stepsPerEpoch: number;
  readonly step: number;
  readonly epoch: number;
  readonly totalSteps: number;
  parameters(): ParameterRow[];
  /** One batch with teacher forcing: forward over every step, masked NLL per character, BPTT, update. */
  trainStep(): Promise<StepOutcome>;
  /** NLL per character, perplexity and bits per character of a split (every letter and EOS). */
  evaluate(split: SplitName): Promise<LmMetrics>;
  /** `count` texts for `condition` (null for an unconditioned model), with the top 5 candidates per step. */
  sample(condition: string | null, count: number, options: SamplingOptions): Promise<GeneratedText[]>;
  /** Teacher-forced per-step log-probabilities of given texts. */
  score(items: { text: string; condition: string | null }[]): Promise<ScoredText[]>;
  /** Every layer's states and gates while reading `text` for `condition` (teacher forced; see charLmTrace.ts). */
  trace(text: string, condition: string | null): Promise<CharLmTrace>;
  updateTrainConfig(train: TrainConfig): void;
  /** Weights from the seed, step 0; what it replaced is kept until the next training step (as the classifier's). */
  reset(): void;
  /** Put back exactly what the last `reset` replaced (weights, optimiser, position); false once a step was trained since. */
  undoReset(): boolean;
  exportFile(): Promise<CharLmModelFile>;
  dispose(): void;
}

/** Build a fresh character LM for `dataset` (its classes become the conditions). */
export type CreateCharLmSession = (dataset: Dataset, model: CharLmConfig, train: TrainConfig) => CharLmSession;

/** Open a character-LM file; `dataset` may be null (sample and score only). Throws ModelFileError. */
export type CharLmSessionFromFile = (file: unknown, dataset: Dataset | null, train: TrainConfig) => CharLmSession;
