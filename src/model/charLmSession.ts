/**
 * The engine of a character-level language model (session.ts's `CharLmSession`): one model, its
 * optimiser, the names split encoded as teacher-forced steps (src/data/generation.ts), the classifier's
 * samplers (natural order, length bucketing) and its checkpoint. Every tensor made here is freed here.
 */
import * as tf from '@tensorflow/tfjs';
import { createTrainSampler, evaluationBatches, stepsPerEpoch, type TrainSampler } from '../data/batching';
import { encodeGenerationSplit, languageModelFigures, makeGenerationBatch, symbolLayout, type GenerationSplit, type SymbolLayout } from '../data/generation';
import { MAX_SEQUENCE_LENGTH } from '../data/limits';
import type { Dataset, SplitName } from '../data/types';
import { charLmForward, charLmLoss, charLmNllSum } from './charLm';
import { parseCharLmFile, toCharLmFile } from './charLmFile';
import { sampleTexts, scoreTexts } from './charLmGenerate';
import { traceCharLm } from './charLmTrace';
import { Checkpoint, CHECKPOINT_EVERY_STEPS } from './checkpoint';
import { ModelFileError } from './modelFile';
import { createOptimizer } from './optimizers';
import { ParamStore } from './params';
import type { CharLmSession, CharLmSessionFromFile, CreateCharLmSession, StepOutcome } from './session';
import { SessionError, validateTrainConfig } from './trainingSession';
import { minimizeLoss } from './trainStep';
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
  step = 0;
  epoch = 0;
  private readonly params: ParamStore;
  private readonly layout: SymbolLayout;
  private readonly encoded = new Map<SplitName, GenerationSplit>();
  private optimizer: tf.Optimizer;
  private sampler: TrainSampler | null = null;
  private epochOffset = 0;
  private readonly checkpoint = new Checkpoint();
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
    this.params = new ParamStore(this.model, train.seed);
    if (initial) for (const [name, values] of initial) this.params.setTorchValues(name, values);
    this.optimizer = createOptimizer(train.optimizer, train.learningRate);
    this.checkpoint.take(this.params, 0);
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
    const train = this.encodedSplit('train');
    const sampler = this.ensureSampler(train);
    const sampled = sampler.next();
    const batch = makeGenerationBatch(train, sampled.indices, this.layout);
    this.step++;
    this.epoch = this.epochOffset + sampled.epoch;
    const dropoutSeed = this.train.seed * 1_000_003 + this.step;
    const numbers = await minimizeLoss(this.params, this.optimizer, () => charLmLoss(charLmForward(this.params, this.model, batch, { training: true, dropoutSeed }).logProbs, batch), this.train.clipNorm);
    const outcome: StepOutcome = { step: this.step, epoch: this.epoch, loss: numbers.loss, gradNorm: numbers.gradNorm, epochEnded: sampled.epochEnded };
    if (!numbers.applied) {
      // As the classifier: back to the last good weights, with a fresh optimiser.
      const restoredStep = this.checkpoint.restore(this.params);
      this.rebuildOptimizer();
      return { ...outcome, diverged: { restoredStep } };
    }
    if (this.step % CHECKPOINT_EVERY_STEPS === 0 || sampled.epochEnded) this.checkpoint.take(this.params, this.step);
    return outcome;
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
    const previous = this.train;
    this.train = { ...train };
    if (train.optimizer !== previous.optimizer || train.learningRate !== previous.learningRate) this.rebuildOptimizer();
    if (train.sampling !== previous.sampling || train.bucketByLength !== previous.bucketByLength || train.seed !== previous.seed) {
      if (this.sampler) this.epochOffset = this.epoch + 1;
      this.sampler = null;
    } else if (train.batchSize !== previous.batchSize) {
      this.sampler?.setBatchSize(train.batchSize);
    }
  }

  reset(): void {
    this.assertLive();
    this.params.reinitialize(this.train.seed);
    this.rebuildOptimizer();
    this.sampler = null;
    this.epochOffset = 0;
    this.step = 0;
    this.epoch = 0;
    this.checkpoint.take(this.params, 0);
  }

  async exportFile(): Promise<CharLmModelFile> {
    this.assertLive();
    return toCharLmFile(this.params, this.model);
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.checkpoint.dispose();
    this.optimizer.dispose();
    this.params.dispose();
  }

  private rebuildOptimizer(): void {
    this.optimizer.dispose();
    this.optimizer = createOptimizer(this.train.optimizer, this.train.learningRate);
  }

  private ensureSampler(train: GenerationSplit): TrainSampler {
    if (!this.sampler) {
      this.sampler = createTrainSampler({
        labels: train.conditions,
        lengths: train.lengths,
        numClasses: Math.max(1, this.model.conditions.length),
        batchSize: this.train.batchSize,
        mode: this.train.sampling,
        bucketByLength: this.train.bucketByLength,
        seed: this.train.seed + this.epochOffset,
      });
    }
    return this.sampler;
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
