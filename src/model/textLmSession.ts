/**
 * The engine of a language model of the student's own text (a `CharLmSession`, so the worker's training
 * loop drives it as it drives the names generator): the corpus (data/textCorpus.ts) split into a training
 * head and a held-out tail, truncated BPTT over B parallel streams in windows of K characters
 * (data/textStreams.ts) with the hidden state carried from window to window (detached), and the readings of
 * model/textLmAnalysis.ts. A step is one window; an epoch is every window of the training head once, from a
 * zero state.
 */
import * as tf from '@tensorflow/tfjs';
import { symbolLayout, languageModelFigures, type SymbolLayout } from '../data/generation';
import { textSplitBounds } from '../data/textCorpus';
import { streamLayout, textWindow, type StreamLayout, type TextSegment } from '../data/textStreams';
import type { SplitName } from '../data/types';
import { validateCharLmConfig } from './architecture';
import { parseCharLmFile } from './charLmFile';
import { LmTrainer } from './lmTraining';
import { ModelFileError } from './modelFile';
import type { CharLmSession, StepOutcome } from './session';
import { disposeStates, keepStates, textLmForward, textLmInputs, textLmNllSum, tidyCarrying, type LayerState } from './textLm';
import { continueText, textActivations, textSaliency } from './textLmAnalysis';
import { SessionError, validateTrainConfig } from './trainingSession';
import type { CharLmConfig, CharLmModelFile, CharLmTrace, GeneratedText, LmMetrics, ParameterRow, SamplingOptions, ScoredText, TbpttSettings, TextActivations, TextContinuation, TextSaliency, TrainConfig } from './types';

/** The text a session learns from: its symbol ids under the model's alphabet. */
export interface TextLmData {
  ids: Int32Array;
}


/** Longest window: the unrolled graph of one step must fit comfortably in memory. */
export const MAX_WINDOW_LENGTH = 512;
/** Streams of the held-out evaluation, each at least EVALUATION_STREAM_LENGTH characters long. */
const EVALUATION_STREAMS = 16;
const EVALUATION_STREAM_LENGTH = 64;
const EVALUATION_WINDOW = 128;

/** Refuse what the own-text model cannot be. */
export function validateTextLmConfig(model: CharLmConfig, settings: TbpttSettings): void {
  validateCharLmConfig(model);
  if (model.conditions.length > 0) throw new SessionError('A model of your own text has no conditions; this one generates for languages (open it on Generate names).');
  if (model.cell === 'tutorial') throw new SessionError('The tutorial network reads a condition and is made for names; choose RNN, LSTM or GRU for your own text.');
  if (!Number.isInteger(settings.windowLength) || settings.windowLength < 1 || settings.windowLength > MAX_WINDOW_LENGTH) {
    throw new SessionError(`The window length K must be a whole number from 1 to ${MAX_WINDOW_LENGTH}, got ${settings.windowLength}.`);
  }
}

/** The extra readings an own-text model offers beside the CharLmSession contract. */
export interface TextLmSession extends CharLmSession {
  readonly settings: TbpttSettings;
  /** Streams and windows of the training head (null without data). */
  readonly streams: StreamLayout | null;
  activations(text: string): Promise<TextActivations>;
  saliency(text: string, position: number): Promise<TextSaliency>;
  continueText(prime: string, length: number, temperature: number, topK: number | null, seed: number): Promise<TextContinuation>;
  /** Change K (the streams and windows are cut again; the next step starts an epoch's windows from a zero state). */
  updateSettings(settings: TbpttSettings): void;
  /**
   * A reopened checkpoint taken after `step` steps of this cut: the next step reads the window that run would
   * have read next, so its epochs end where the run's did. Its carried state starts at zero (a model file holds
   * weights, not states): one window's difference from the run that went on uninterrupted.
   */
  resumeAt(step: number): void;
}

class OwnTextSession implements TextLmSession {
  readonly model: CharLmConfig;
  train: TrainConfig;
  settings: TbpttSettings;
  step = 0;
  epoch = 0;
  private readonly trainer: LmTrainer;
  private readonly layout: SymbolLayout;
  private readonly segments: Record<SplitName, TextSegment> | null;
  private streamCut: StreamLayout | null = null;
  /** The next window of the epoch, and the state that ended the previous one (null = zeros). */
  private windowIndex = 0;
  private carried: LayerState[] | null = null;
  /** Where the run stood before a reset, for `undoReset`. */
  private positionBeforeReset: { windowIndex: number; step: number; epoch: number; carried: LayerState[] | null } | null = null;
  private isDisposed = false;

  constructor(data: TextLmData | null, model: CharLmConfig, train: TrainConfig, settings: TbpttSettings, initial?: Map<string, Float32Array>) {
    validateTrainConfig(train);
    validateTextLmConfig(model, settings);
    this.model = structuredClone(model);
    this.train = { ...train };
    this.settings = { ...settings };
    this.layout = symbolLayout(model.alphabet);
    this.segments = data ? this.splitSegments(data.ids) : null;
    this.trainer = new LmTrainer(this.model, this.train, initial);
  }

  get streams(): StreamLayout | null {
    if (!this.segments) return null;
    this.streamCut ??= streamLayout(this.segments.train.ids.length, this.train.batchSize, this.settings.windowLength);
    return this.streamCut;
  }

  get stepsPerEpoch(): number {
    return this.streams?.windows ?? 0;
  }

  get totalSteps(): number {
    return this.stepsPerEpoch * this.train.epochs;
  }

  parameters(): ParameterRow[] {
    return this.trainer.parameters();
  }

  async trainStep(): Promise<StepOutcome> {
    this.assertLive();
    const streams = this.requireStreams();
    const segments = this.segments as Record<SplitName, TextSegment>;
    // A step trained after a reset makes it stand.
    this.forgetBeforeReset();
    if (this.windowIndex === 0) this.dropCarried();
    const window = textWindow(segments.train, streams, this.windowIndex);
    const epochEnded = this.windowIndex === streams.windows - 1;
    this.step++;
    const dropoutSeed = this.train.seed * 1_000_003 + this.step;
    const initial = this.carried;
    let final: LayerState[] | null = null;
    const numbers = await this.trainer.minimize(
      () => {
        const result = textLmForward(this.trainer.params, this.model, textLmInputs(this.model, window.previous), window.batchSize, initial, { training: true, dropoutSeed });
        // The state handed to the next window leaves the gradient function as a plain tensor: the cut.
        final = keepStates(result.final);
        return tf.div(textLmNllSum(result.logProbs, window.targets), window.targets.length);
      },
      this.step,
      epochEnded,
    );
    this.dropCarried();
    this.carried = numbers.restoredStep === undefined ? final : (disposeStates(final), null);
    const outcome: StepOutcome = { step: this.step, epoch: this.epoch, loss: numbers.loss, gradNorm: numbers.gradNorm, epochEnded };
    this.windowIndex = epochEnded ? 0 : this.windowIndex + 1;
    if (epochEnded) this.epoch++;
    return numbers.restoredStep === undefined ? outcome : { ...outcome, diverged: { restoredStep: numbers.restoredStep } };
  }

  async evaluate(split: SplitName): Promise<LmMetrics> {
    this.assertLive();
    if (!this.segments) throw this.noData();
    const segment = this.segments[split];
    const streams = Math.max(1, Math.min(EVALUATION_STREAMS, Math.floor(segment.ids.length / EVALUATION_STREAM_LENGTH)));
    const cut = streamLayout(segment.ids.length, streams, EVALUATION_WINDOW);
    let state: LayerState[] | null = null;
    let nllSum = 0;
    try {
      for (let index = 0; index < cut.windows; index++) {
        const window = textWindow(segment, cut, index);
        const initial: LayerState[] | null = state;
        const { value: sum, final } = tidyCarrying(() => {
          const result = textLmForward(this.trainer.params, this.model, textLmInputs(this.model, window.previous), window.batchSize, initial, { training: false });
          return { value: textLmNllSum(result.logProbs, window.targets), final: result.final };
        });
        disposeStates(state);
        state = final;
        nllSum += (await sum.data())[0];
        sum.dispose();
      }
    } finally {
      disposeStates(state);
    }
    const characters = cut.streams * cut.streamLength;
    return { split, ...languageModelFigures(characters === 0 ? 0 : nllSum / characters), characters, count: cut.streams };
  }

  /** From BOS; `condition` must be null. */
  async sample(condition: string | null, count: number, options: SamplingOptions): Promise<GeneratedText[]> {
    this.assertLive();
    if (condition !== null) throw new SessionError(`A model of your own text has no conditions, so "${condition}" cannot be used.`);
    const texts: GeneratedText[] = [];
    for (let row = 0; row < count; row++) {
      const continuation = await continueText(this.trainer.params, this.model, '', options.maxLength, options.temperature, options.topK, options.seed + row);
      texts.push({ condition: null, text: continuation.text, steps: [], ended: false });
    }
    return texts;
  }

  /** Teacher-forced scoring lists every symbol's log-probability per step for short names; a text is read with `activations` instead. */
  score(): Promise<ScoredText[]> {
    this.assertLive();
    return Promise.reject(new SessionError('Scoring names letter by letter is for the names generator; read a text with "What the hidden units do" (its log-probabilities per character) instead.'));
  }

  /** The names generator's per-letter trace reads a short name; a text's units are read with `activations` instead. */
  trace(): Promise<CharLmTrace> {
    this.assertLive();
    return Promise.reject(new SessionError('The step-by-step trace is for names the generator writes; read a text with "What the hidden units do" instead.'));
  }

  activations(text: string): Promise<TextActivations> {
    this.assertLive();
    return textActivations(this.trainer.params, this.model, text);
  }

  saliency(text: string, position: number): Promise<TextSaliency> {
    this.assertLive();
    return textSaliency(this.trainer.params, this.model, text, position);
  }

  continueText(prime: string, length: number, temperature: number, topK: number | null, seed: number): Promise<TextContinuation> {
    this.assertLive();
    return continueText(this.trainer.params, this.model, prime, length, temperature, topK, seed);
  }

  updateTrainConfig(train: TrainConfig): void {
    this.assertLive();
    validateTrainConfig(train);
    const previous = this.train;
    this.train = { ...train };
    this.trainer.updateTrainConfig(train);
    if (train.batchSize !== previous.batchSize) this.recut();
  }

  updateSettings(settings: TbpttSettings): void {
    this.assertLive();
    validateTextLmConfig(this.model, settings);
    const changed = settings.windowLength !== this.settings.windowLength;
    this.settings = { ...settings };
    if (changed) this.recut();
  }

  resumeAt(step: number): void {
    this.assertLive();
    const windows = this.stepsPerEpoch;
    this.dropCarried();
    this.windowIndex = windows > 0 ? step % windows : 0;
    this.epoch = windows > 0 ? Math.floor(step / windows) : 0;
  }

  reset(): void {
    this.assertLive();
    this.forgetBeforeReset();
    // The carried state goes with the position: an undo goes on from the same window with the same state.
    this.positionBeforeReset = { windowIndex: this.windowIndex, step: this.step, epoch: this.epoch, carried: this.carried };
    this.carried = null;
    this.trainer.reset();
    this.windowIndex = 0;
    this.step = 0;
    this.epoch = 0;
  }

  /** The weights, the window reached and the state carried into it come back. */
  undoReset(): boolean {
    this.assertLive();
    const position = this.positionBeforeReset;
    if (!position || !this.trainer.undoReset(position.step)) {
      this.forgetBeforeReset();
      return false;
    }
    this.positionBeforeReset = null;
    this.dropCarried();
    ({ windowIndex: this.windowIndex, step: this.step, epoch: this.epoch, carried: this.carried } = position);
    return true;
  }

  exportFile(): Promise<CharLmModelFile> {
    this.assertLive();
    return this.trainer.exportFile();
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.dropCarried();
    this.forgetBeforeReset();
    this.trainer.dispose();
  }

  /** A new cut of the stream: the epoch's windows start again from window 0 and a zero state. */
  private recut(): void {
    this.streamCut = null;
    this.dropCarried();
    if (this.windowIndex !== 0) this.epoch++;
    this.windowIndex = 0;
    // A position before a reset belongs to the old cut: an undo then starts the next epoch of the new one.
    const before = this.positionBeforeReset;
    if (before) {
      disposeStates(before.carried);
      this.positionBeforeReset = { ...before, carried: null, windowIndex: 0, epoch: before.windowIndex !== 0 ? before.epoch + 1 : before.epoch };
    }
  }

  private splitSegments(ids: Int32Array): Record<SplitName, TextSegment> {
    const bounds = textSplitBounds(ids.length);
    return {
      train: { ids: ids.subarray(0, bounds.val), before: this.layout.bosId },
      val: { ids: ids.subarray(bounds.val, bounds.test), before: ids[bounds.val - 1] },
      test: { ids: ids.subarray(bounds.test), before: ids[bounds.test - 1] },
    };
  }

  private requireStreams(): StreamLayout {
    const streams = this.streams;
    if (!streams) throw this.noData();
    return streams;
  }

  private noData(): SessionError {
    return new SessionError('No text is loaded: this model was opened from a file to write and analyse; paste or upload its text to train or evaluate it.');
  }

  private forgetBeforeReset(): void {
    disposeStates(this.positionBeforeReset?.carried ?? null);
    this.positionBeforeReset = null;
  }

  private dropCarried(): void {
    disposeStates(this.carried);
    this.carried = null;
  }

  private assertLive(): void {
    if (this.isDisposed) throw new SessionError('This model was disposed (it was replaced or reset); build a new one.');
  }
}

export type { TbpttSettings } from './types';

/** The worker's constructors (injected, so Node tests can drive the controller with fakes). */
export type CreateTextLmSession = typeof createTextLmSession;
export type TextLmSessionFromFile = typeof textLmSessionFromFile;

/** Build a fresh own-text model (weights from `train.seed`); `data` null = no training, only the readings. */
export function createTextLmSession(data: TextLmData | null, model: CharLmConfig, train: TrainConfig, settings: TbpttSettings): TextLmSession {
  return new OwnTextSession(data, model, train, settings);
}

/**
 * Open a `char-lm` file with no conditions as an own-text model. `text` (its symbol ids under the file's
 * alphabet) is attached when given; ModelFileError for any problem with the file.
 */
export function textLmSessionFromFile(file: unknown, data: TextLmData | null, train: TrainConfig, settings: TbpttSettings): TextLmSession {
  const parsed = parseCharLmFile(file);
  if (parsed.config.conditions.length > 0) throw new ModelFileError(`task.conditions: this file generates names for ${parsed.config.conditions.length} languages; open it on Generate names. A model of your own text has no conditions.`);
  if (parsed.config.cell === 'tutorial') throw new ModelFileError('model.cell: the tutorial network is made for names; a model of your own text is an RNN, LSTM or GRU.');
  return new OwnTextSession(data, parsed.config, train, settings, parsed.values);
}
