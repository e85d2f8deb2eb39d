/**
 * The engine behind the worker and the CLI: one model, its optimiser, its data pipeline (src/data's
 * encoders and samplers: natural/balanced sampling, length bucketing) and its checkpoint. See the
 * contract in session.ts. Every tensor made here is freed here (`dispose`), and training reads the
 * backend once per step (loss and gradient norm together).
 */
import type * as tf from '@tensorflow/tfjs';
import { alphabetFitsDataset, datasetAlphabet } from '../data/charAlphabet';
import { stepsPerEpoch } from '../data/batching';
import { createEncoder, encodeExamples, makeBatch, type EncodedSplit, type SymbolEncoder } from '../data/encoding';
import { MAX_SEQUENCE_LENGTH } from '../data/limits';
import { stratifiedSubsetIndices } from '../data/subset';
import type { Dataset, Example, SplitName } from '../data/types';
import { BatchOrder, type BatchOrderState } from './batchOrder';
import { Checkpoint, CHECKPOINT_EVERY_STEPS } from './checkpoint';
import { evaluateSplit } from './evaluate';
import { ModelFileError, parseModelFile, toModelFile } from './modelFile';
import { createOptimizer } from './optimizers';
import { loadOptimizerState, saveOptimizerState, type OptimizerState } from './optimizerState';
import { ParamStore } from './params';
import { disposeReplaced, needsNewOptimizer, resetKeepingUndo, undoReset, type ReplacedByReset } from './resetUndo';
import { predictTexts } from './predict';
import type { CreateSession, EvaluateOptions, EvaluationResult, SessionFromFile, StepOutcome, TrainingSession } from './session';
import { traceText } from './trace';
import { trainOnBatch } from './trainStep';
import type { InspectionTrace, ModelConfig, ModelFile, ParameterRow, Prediction, TrainConfig } from './types';

/** Thrown when a session cannot do what was asked (no data loaded, disposed, …). */
export class SessionError extends Error {
  override name = 'SessionError';
}

/** Refuse training settings without meaning (SessionError with the reason). */
export function validateTrainConfig(train: TrainConfig): void {
  if (!Number.isInteger(train.batchSize) || train.batchSize < 1) throw new SessionError(`batchSize must be a whole number ≥ 1, got ${train.batchSize}.`);
  if (!Number.isInteger(train.epochs) || train.epochs < 1) throw new SessionError(`epochs must be a whole number ≥ 1, got ${train.epochs}.`);
  if (train.clipNorm !== null && !(train.clipNorm > 0)) throw new SessionError(`clipNorm must be a positive number or null (off), got ${train.clipNorm}.`);
  if (!(train.learningRate > 0)) throw new SessionError(`learningRate must be positive, got ${train.learningRate}.`);
}

function checkDatasetFits(dataset: Dataset, model: ModelConfig): void {
  if (dataset.level !== model.input.type) throw new SessionError(`The data is ${dataset.level}-level but the model reads ${model.input.type}.`);
  if (model.input.type === 'chars' && !alphabetFitsDataset(model.input.alphabet, dataset)) {
    throw new SessionError(`The model's alphabet (${[...model.input.alphabet].length} symbols) is not the data's (${[...datasetAlphabet(dataset)].length} symbols).`);
  }
  if (dataset.classes.length !== model.classes.length || dataset.classes.some((name, i) => name !== model.classes[i])) {
    throw new SessionError(`The model's classes (${model.classes.join(', ')}) are not the data's (${dataset.classes.join(', ')}).`);
  }
}

class Session implements TrainingSession {
  readonly model: ModelConfig;
  train: TrainConfig;
  private readonly params: ParamStore;
  private readonly encoder: SymbolEncoder;
  private readonly maxLength: number;
  private readonly encoded = new Map<SplitName, EncodedSplit>();
  private readonly subsets = new Map<string, { examples: Example[]; encoded: EncodedSplit }>();
  private optimizer: tf.Optimizer;
  private readonly order: BatchOrder;
  private readonly checkpoint = new Checkpoint();
  private pretrained: { vectors: Map<string, Float32Array>; trainable: boolean } | null = null;
  /** What the last reset replaced, until a step is trained: weights, optimiser (its moments), batch order and counters. */
  private beforeReset: { replaced: ReplacedByReset; order: BatchOrderState } | null = null;
  private isDisposed = false;

  constructor(
    private readonly dataset: Dataset | null,
    model: ModelConfig,
    train: TrainConfig,
    initial?: Map<string, Float32Array>,
  ) {
    validateTrainConfig(train);
    if (dataset) checkDatasetFits(dataset, model);
    this.model = structuredClone(model);
    this.train = { ...train };
    this.encoder = createEncoder(model.input);
    this.maxLength = MAX_SEQUENCE_LENGTH[model.input.type];
    this.params = new ParamStore(this.model, train.seed);
    if (initial) for (const [name, values] of initial) this.params.setTorchValues(name, values);
    this.optimizer = createOptimizer(train.optimizer, train.learningRate);
    this.order = new BatchOrder(train);
    this.checkpoint.take(this.params, 0);
  }

  get step(): number {
    return this.order.step;
  }

  get epoch(): number {
    return this.order.epoch;
  }

  get stepsPerEpoch(): number {
    return this.dataset ? stepsPerEpoch(this.dataset.train.length, this.train.batchSize) : 0;
  }

  get totalSteps(): number {
    return this.stepsPerEpoch * this.train.epochs;
  }

  parameters(): ParameterRow[] {
    return this.params.summary();
  }

  async trainStep(): Promise<StepOutcome> {
    this.assertLive();
    // Training after a reset means the user kept it: what the reset replaced can go.
    this.forgetBeforeReset();
    const train = this.encodedSplit('train');
    const sampled = this.order.next({ labels: train.labels, lengths: train.lengths, numClasses: this.model.classes.length });
    const batch = makeBatch(train, sampled.indices, this.encoder.padId);
    const numbers = await trainOnBatch(this.params, this.model, this.optimizer, batch, this.train.clipNorm, this.train.seed * 1_000_003 + this.step);
    const outcome: StepOutcome = { step: this.step, epoch: this.epoch, loss: numbers.loss, gradNorm: numbers.gradNorm, epochEnded: sampled.epochEnded };
    if (!numbers.applied) {
      // Exploding gradients: put back the last good weights; the optimiser's moments belong to the
      // diverging trajectory, so it starts afresh. The step counter keeps going (curves keep history).
      const restoredStep = this.checkpoint.restore(this.params);
      this.rebuildOptimizer();
      return { ...outcome, diverged: { restoredStep } };
    }
    if (this.step % CHECKPOINT_EVERY_STEPS === 0 || sampled.epochEnded) this.checkpoint.take(this.params, this.step);
    return outcome;
  }

  async evaluate(split: SplitName, options: EvaluateOptions = {}): Promise<EvaluationResult> {
    this.assertLive();
    const batchSize = Math.max(this.train.batchSize, 256);
    if (options.subsetSize !== undefined) {
      const subset = this.subset(split, options.subsetSize);
      return evaluateSplit(this.params, this.model, split, subset.encoded, subset.examples, this.encoder.padId, batchSize);
    }
    const examples = this.examples(split);
    return evaluateSplit(this.params, this.model, split, this.encodedSplit(split), examples, this.encoder.padId, batchSize);
  }

  /** The split's fixed stratified sample of `size` examples, chosen (from the seed) and encoded once. */
  private subset(split: SplitName, size: number): { examples: Example[]; encoded: EncodedSplit } {
    const key = `${split}:${size}`;
    let subset = this.subsets.get(key);
    if (!subset) {
      const all = this.examples(split);
      const indices = stratifiedSubsetIndices(this.encodedSplit(split).labels, this.model.classes.length, size, this.train.seed);
      const examples = Array.from(indices, (index) => all[index]);
      subset = { examples, encoded: encodeExamples(examples, this.encoder, this.maxLength) };
      this.subsets.set(key, subset);
    }
    return subset;
  }

  async trace(text: string, targetClass: number | null): Promise<InspectionTrace> {
    this.assertLive();
    return traceText(this.params, this.model, this.encoder, text, targetClass);
  }

  async predict(texts: string[], k: number): Promise<Prediction[]> {
    this.assertLive();
    return predictTexts(this.params, this.model, this.encoder, texts, k, this.maxLength);
  }

  updateTrainConfig(train: TrainConfig): void {
    this.assertLive();
    validateTrainConfig(train);
    const previous = this.train;
    this.train = { ...train };
    if (needsNewOptimizer(previous, train)) this.rebuildOptimizer();
    this.order.update(train);
  }

  reset(): void {
    this.assertLive();
    this.forgetBeforeReset();
    const { optimizer, replaced } = resetKeepingUndo(this.params, this.optimizer, this.train);
    this.optimizer = optimizer;
    this.beforeReset = { replaced, order: this.order.save() };
    if (this.pretrained) this.applyPretrained(this.pretrained.vectors, this.pretrained.trainable);
    this.order.reset();
    this.checkpoint.take(this.params, 0);
  }

  undoReset(): boolean {
    this.assertLive();
    const before = this.beforeReset;
    if (!before) return false;
    this.beforeReset = null;
    this.optimizer = undoReset(this.params, before.replaced, this.optimizer, this.train);
    this.order.restore(before.order, this.train);
    this.checkpoint.take(this.params, this.step);
    return true;
  }

  setPretrainedEmbeddings(vectors: Map<string, Float32Array>, trainable: boolean): number {
    this.assertLive();
    this.forgetBeforeReset();
    const found = this.applyPretrained(vectors, trainable);
    this.pretrained = { vectors, trainable };
    // tf.train optimisers keep their slots by POSITION in the variable list, so a change in what is
    // trainable would pair moments with the wrong variables: start the optimiser afresh.
    this.rebuildOptimizer();
    this.checkpoint.take(this.params, this.step);
    return found;
  }

  async exportFile(): Promise<ModelFile> {
    this.assertLive();
    return toModelFile(this.params, this.model);
  }

  saveOptimizerState(): Promise<OptimizerState> {
    this.assertLive();
    return saveOptimizerState(this.optimizer, this.params, this.train);
  }

  async resumeFrom(state: OptimizerState, step: number): Promise<boolean> {
    this.assertLive();
    if (!this.dataset || this.step !== 0 || !(await loadOptimizerState(this.optimizer, this.params, this.train, state))) return false;
    // The order is the seed's: drawing the batches the first `step` steps took puts it where the run was.
    const train = this.encodedSplit('train');
    for (let index = 0; index < step; index++) this.order.next({ labels: train.labels, lengths: train.lengths, numClasses: this.model.classes.length });
    this.checkpoint.take(this.params, this.step);
    return true;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.forgetBeforeReset();
    this.checkpoint.dispose();
    this.optimizer.dispose();
    this.params.dispose();
  }

  private applyPretrained(vectors: Map<string, Float32Array>, trainable: boolean): number {
    const input = this.model.input;
    if (input.type !== 'words') throw new SessionError('Pre-trained embeddings need a word-level model.');
    const width = input.embeddingDim;
    const table = this.params.get('embedding.weight').dataSync() as Float32Array;
    const rows = new Float32Array(table);
    let found = 0;
    input.vocab.forEach((word, id) => {
      const vector = vectors.get(word);
      if (!vector) return;
      if (vector.length !== width) throw new SessionError(`The vector for "${word}" has ${vector.length} numbers but the embedding is ${width} wide: pick a file with ${width}-d vectors or set the embedding size to ${vector.length}.`);
      rows.set(vector, id * width);
      found++;
    });
    this.params.setTorchValues('embedding.weight', rows);
    this.params.setTrainable('embedding.weight', trainable);
    input.trainableEmbedding = trainable;
    return found;
  }

  private forgetBeforeReset(): void {
    disposeReplaced(this.beforeReset?.replaced ?? null);
    this.beforeReset = null;
  }

  private rebuildOptimizer(): void {
    this.optimizer.dispose();
    this.optimizer = createOptimizer(this.train.optimizer, this.train.learningRate);
  }

  private examples(split: SplitName): Example[] {
    if (!this.dataset) throw new SessionError('No data is loaded: this model was opened from a file for inspection; load a data set to train or evaluate.');
    return this.dataset[split];
  }

  private encodedSplit(split: SplitName): EncodedSplit {
    let encoded = this.encoded.get(split);
    if (!encoded) {
      encoded = encodeExamples(this.examples(split), this.encoder, this.maxLength);
      this.encoded.set(split, encoded);
    }
    return encoded;
  }

  private assertLive(): void {
    if (this.isDisposed) throw new SessionError('This model was disposed (it was replaced or reset); build a new one.');
  }
}

/** Build a fresh model for `dataset` with weights from `train.seed`. */
export const createSession: CreateSession = (dataset, model, train) => new Session(dataset, model, train);

/** Open a model file (validated; ModelFileError on any problem). */
export const sessionFromFile: SessionFromFile = (file, dataset, train) => {
  const parsed = parseModelFile(file);
  if (dataset) {
    try {
      checkDatasetFits(dataset, parsed.config);
    } catch (error) {
      throw new ModelFileError(`The model file does not fit the loaded data: ${(error as Error).message}`);
    }
  }
  return new Session(dataset, parsed.config, train, parsed.values);
};
