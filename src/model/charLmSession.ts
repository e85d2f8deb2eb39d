/**
 * The engine of a character-level language model (session.ts's `CharLmSession`): one model, its
 * optimiser, the names split encoded as teacher-forced steps (src/data/generation.ts), the classifier's
 * samplers (natural order, length bucketing) and its checkpoint. Every tensor made here is freed here.
 */
import * as tf from '@tensorflow/tfjs';
import { evaluationBatches, stepsPerEpoch } from '../data/batching';
import { encodeGenerationSplit, languageModelFigures, makeGenerationBatch, symbolLayout, type GenerationSplit, type SymbolLayout } from '../data/generation';
import { MAX_SEQUENCE_LENGTH } from '../data/limits';
import type { Dataset, SplitName } from '../data/types';
import { BatchOrder, type BatchOrderState } from './batchOrder';
import { charLmForward, charLmLoss, charLmNllSum } from './charLm';
import { parseCharLmFile } from './charLmFile';
import { sampleTexts, scoreTexts } from './charLmGenerate';
import { traceCharLm } from './charLmTrace';
import { ModelFileError } from './modelFile';
import { LmTrainer } from './lmTraining';
import type { ParamStore } from './params';
import type { CharLmSession, CharLmSessionFromFile, CreateCharLmSession, StepOutcome } from './session';
import { SessionError, validateTrainConfig } from './trainingSession';
import type { CharLmConfig, CharLmModelFile, CharLmTrace, GeneratedText, LmMetrics, ParameterRow, SamplingOptions, ScoredText, TrainConfig } from './types';

/** Letters a text may have: the same unroll limit as the classifier's character input. */
export const MAX_LETTERS = MAX_SEQUENCE_LENGTH.chars;

/** Rows per evaluation batch (no gradients, so larger than a training batch). */
const EVALUATION_BATCH = 256;

function checkDatasetFits(dataset: Dataset, model: CharLmConfig): void {
  if (dataset.level !== 'chars') throw new SessionError(`A character language model learns from character-level data; this data is ${dataset.level}-level.`);
  if (model.conditions.length === 0) return;
  if (dataset.classes.length !== model.conditions.length || dataset.classes.some((name, i) => name !== model.conditions[i])) {
    throw new SessionError(`The model's conditions (${model.conditions.join(', ')}) are not the data's classes (${dataset.classes.join(', ')}).`);
  }
}

class LanguageModelSession implements CharLmSession {
  readonly model: CharLmConfig;
  train: TrainConfig;
  private readonly trainer: LmTrainer;
  private readonly params: ParamStore;
  private readonly layout: SymbolLayout;
  private readonly encoded = new Map<SplitName, GenerationSplit>();
  private readonly order: BatchOrder;
  /** The sampling position a reset replaced, for `undoReset`. */
  private orderBeforeReset: BatchOrderState | null = null;
  private isDisposed = false;

  constructor(
    private readonly dataset: Dataset | null,
    model: CharLmConfig,
    train: TrainConfig,
    initial?: Map<string, Float32Array>,
  ) {
    validateTrainConfig(train);
    if (dataset) checkDatasetFits(dataset, model);
    this.model = structuredClone(model);
    this.train = { ...train };
    this.layout = symbolLayout(model.alphabet);
    this.trainer = new LmTrainer(this.model, this.train, initial);
    this.params = this.trainer.params;
    this.order = new BatchOrder(train);
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
    return this.trainer.parameters();
  }

  async trainStep(): Promise<StepOutcome> {
    this.assertLive();
    const train = this.encodedSplit('train');
    const sampled = this.order.next({ labels: train.conditions, lengths: train.lengths, numClasses: Math.max(1, this.model.conditions.length) });
    const batch = makeGenerationBatch(train, sampled.indices, this.layout);
    const dropoutSeed = this.train.seed * 1_000_003 + this.step;
    const numbers = await this.trainer.minimize(() => charLmLoss(charLmForward(this.params, this.model, batch, { training: true, dropoutSeed }).logProbs, batch), this.step, sampled.epochEnded);
    const outcome: StepOutcome = { step: this.step, epoch: this.epoch, loss: numbers.loss, gradNorm: numbers.gradNorm, epochEnded: sampled.epochEnded };
    return numbers.restoredStep === undefined ? outcome : { ...outcome, diverged: { restoredStep: numbers.restoredStep } };
  }

  async evaluate(split: SplitName): Promise<LmMetrics> {
    this.assertLive();
    const encoded = this.encodedSplit(split);
    let nllSum = 0;
    if (encoded.lengths.length > 0) {
      for (const indices of evaluationBatches(encoded.lengths, EVALUATION_BATCH)) {
        const batch = makeGenerationBatch(encoded, indices, this.layout);
        const sum = tf.tidy(() => charLmNllSum(charLmForward(this.params, this.model, batch, { training: false }).logProbs, batch));
        nllSum += (await sum.data())[0];
        sum.dispose();
      }
    }
    const figures = languageModelFigures(encoded.characters === 0 ? 0 : nllSum / encoded.characters);
    return { split, ...figures, characters: encoded.characters, count: encoded.lengths.length };
  }

  async sample(condition: string | null, count: number, options: SamplingOptions): Promise<GeneratedText[]> {
    this.assertLive();
    return sampleTexts(this.params, this.model, condition, count, { ...options, maxLength: Math.min(options.maxLength, MAX_LETTERS) });
  }

  async score(items: { text: string; condition: string | null }[]): Promise<ScoredText[]> {
    this.assertLive();
    return scoreTexts(this.params, this.model, items, MAX_LETTERS);
  }

  async trace(text: string, condition: string | null): Promise<CharLmTrace> {
    this.assertLive();
    return traceCharLm(this.params, this.model, text, condition, MAX_LETTERS);
  }

  updateTrainConfig(train: TrainConfig): void {
    this.assertLive();
    validateTrainConfig(train);
    this.train = { ...train };
    this.trainer.updateTrainConfig(train);
    this.order.update(train);
  }

  reset(): void {
    this.assertLive();
    this.orderBeforeReset = this.order.save();
    this.trainer.reset();
    this.order.reset();
  }

  undoReset(): boolean {
    this.assertLive();
    const order = this.orderBeforeReset;
    this.orderBeforeReset = null;
    if (!order || !this.trainer.undoReset(order.step)) return false;
    this.order.restore(order, this.train);
    return true;
  }

  async exportFile(): Promise<CharLmModelFile> {
    this.assertLive();
    return this.trainer.exportFile();
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.trainer.dispose();
  }

  private encodedSplit(split: SplitName): GenerationSplit {
    if (!this.dataset) throw new SessionError('No data is loaded: this model was opened from a file to sample and score; load a data set to train or evaluate.');
    let encoded = this.encoded.get(split);
    if (!encoded) {
      encoded = encodeGenerationSplit(this.dataset[split], this.layout, MAX_LETTERS);
      this.encoded.set(split, encoded);
    }
    return encoded;
  }

  private assertLive(): void {
    if (this.isDisposed) throw new SessionError('This model was disposed (it was replaced or reset); build a new one.');
  }
}

/** Build a fresh character LM for `dataset` with weights from `train.seed`. */
export const createCharLmSession: CreateCharLmSession = (dataset, model, train) => new LanguageModelSession(dataset, model, train);

/** Open a character-LM file (validated; ModelFileError on any problem). */
export const charLmSessionFromFile: CharLmSessionFromFile = (file, dataset, train) => {
  const parsed = parseCharLmFile(file);
  if (dataset) {
    try {
      checkDatasetFits(dataset, parsed.config);
    } catch (error) {
      throw new ModelFileError(`The model file does not fit the loaded data: ${(error as Error).message}`);
    }
  }
  return new LanguageModelSession(dataset, parsed.config, train, parsed.values);
};
