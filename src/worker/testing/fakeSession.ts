/**
 * Test doubles for the worker's Node tests: a TrainingSession that trains nothing but behaves like one
 * (step counting, epochs, divergence with rollback, evaluation), a manual clock, and helpers to wait
 * for the loop. Not part of the app bundle (only tests import it).
 */
import type { Dataset, SplitName } from '../../data/types';
import type { EvaluateOptions, EvaluationResult, StepOutcome, TrainingSession } from '../../model/session';
import type { InspectionTrace, ModelConfig, ModelFile, ParameterRow, Prediction, TrainConfig } from '../../model/types';
import type { FromWorker } from '../protocol';

export const TEST_TRAIN: TrainConfig = {
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 4,
  epochs: 2,
  clipNorm: null,
  sampling: 'natural',
  bucketByLength: false,
  seed: 1,
};

export const TEST_MODEL: ModelConfig = {
  cell: 'lstm',
  hiddenSize: 8,
  numLayers: 1,
  bidirectional: false,
  dropout: 0,
  input: { type: 'chars', alphabet: 'abc' },
  classes: ['A', 'B'],
};

export const TEST_DATASET: Dataset = {
  id: 'test',
  source: 'upload',
  title: 'Test data',
  level: 'chars',
  classes: ['A', 'B'],
  notes: [],
  train: [{ text: 'ab', label: 0 }],
  val: [{ text: 'ba', label: 1 }],
  test: [{ text: 'aa', label: 0 }],
};

/** A time source the tests move by hand, so throttling is deterministic. */
export class ManualClock {
  time = 0;
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A promise the test resolves when it wants (holds a training step "in flight"). */
export class Gate {
  private release: () => void = () => undefined;
  readonly opened: Promise<void> = new Promise((resolve) => (this.release = resolve));
  open(): void {
    this.release();
  }
}

export interface FakeSessionOptions {
  model?: ModelConfig;
  train?: TrainConfig;
  stepsPerEpoch?: number;
  /** Loss of the batch at 1-based `step`; NaN/Infinity diverges. Default 1/step. */
  lossAt?: (step: number) => number;
  /** Step the weights roll back to when the loss is not finite. */
  checkpointStep?: number;
  /** Clock to advance by `stepMs` per step, as a real step takes time. */
  clock?: ManualClock;
  stepMs?: number;
  /** Clock time a sample evaluation (`subsetSize` set) takes; default 0. */
  sampleEvaluationMs?: number;
  /** Throw this from trainStep at this step. */
  failAt?: { step: number; error: Error };
}

export class FakeSession implements TrainingSession {
  readonly model: ModelConfig;
  train: TrainConfig;
  readonly stepsPerEpoch: number;
  step = 0;
  /** Every method call, in order: 'trainStep:3', 'evaluate:val', 'reset', … */
  readonly calls: string[] = [];
  isDisposed = false;
  /** While set, trainStep waits for it (the step is "in flight"). */
  gate: Gate | null = null;
  /** While set, evaluate waits for it. */
  evaluateGate: Gate | null = null;
  embeddingCalls: { vectors: Map<string, Float32Array>; trainable: boolean }[] = [];

  constructor(private readonly options: FakeSessionOptions = {}) {
    this.model = options.model ?? TEST_MODEL;
    this.train = options.train ?? TEST_TRAIN;
    this.stepsPerEpoch = options.stepsPerEpoch ?? 10;
  }

  get epoch(): number {
    return this.step === 0 ? 0 : Math.floor((this.step - 1) / this.stepsPerEpoch);
  }

  get totalSteps(): number {
    return this.train.epochs * this.stepsPerEpoch;
  }

  parameters(): ParameterRow[] {
    return [{ name: 'head.weight', shape: [2, 8], count: 16, trainable: true }];
  }

  async trainStep(): Promise<StepOutcome> {
    this.assertAlive();
    this.stepBeforeReset = null;
    const step = this.step + 1;
    this.calls.push(`trainStep:${step}`);
    if (this.gate) await this.gate.opened;
    this.options.clock?.advance(this.options.stepMs ?? 10);
    if (this.options.failAt?.step === step) throw this.options.failAt.error;
    const loss = (this.options.lossAt ?? ((s: number) => 1 / s))(step);
    if (!Number.isFinite(loss)) {
      const restoredStep = this.options.checkpointStep ?? 0;
      this.step = restoredStep;
      return { step, epoch: Math.floor((step - 1) / this.stepsPerEpoch), loss, gradNorm: Infinity, epochEnded: false, diverged: { restoredStep } };
    }
    this.step = step;
    return { step, epoch: this.epoch, loss, gradNorm: 2 * loss, epochEnded: step % this.stepsPerEpoch === 0 };
  }

  async evaluate(split: SplitName, options: EvaluateOptions = {}): Promise<EvaluationResult> {
    this.assertAlive();
    const subset = options.subsetSize;
    this.calls.push(subset === undefined ? `evaluate:${split}` : `evaluate:${split}:${subset}`);
    if (this.evaluateGate) await this.evaluateGate.opened;
    this.options.clock?.advance(subset === undefined ? 0 : (this.options.sampleEvaluationMs ?? 0));
    return {
      metrics: { split, loss: 0.5, accuracy: 0.75, macroAccuracy: 0.5, confusion: [1, 0, 1, 2], count: subset ?? 4 },
      mistakes: { '1:0': ['ba'] },
    };
  }

  async trace(text: string, targetClass: number | null): Promise<InspectionTrace> {
    this.assertAlive();
    this.calls.push(`trace:${text}`);
    const matrix = { rows: text.length, cols: 8, data: new Float32Array(text.length * 8) };
    return {
      text,
      tokens: [...text],
      dropped: [], unknown: [],
      logProbs: new Float32Array([-0.1, -2.3]),
      prefixLogProbs: { rows: text.length, cols: 2, data: new Float32Array(text.length * 2) },
      targetClass: targetClass ?? 0,
      layers: [{ layer: 0, direction: 'forward', inputs: matrix, hidden: { ...matrix, data: new Float32Array(matrix.data.length) }, gates: {}, gradNorms: new Float32Array(text.length) }],
    };
  }

  async predict(texts: string[], k: number): Promise<Prediction[]> {
    this.assertAlive();
    this.calls.push(`predict:${texts.join(',')}`);
    return texts.map((input) => ({ input, logProbs: [-0.1, -2.3], top: [{ class: 'A', logProb: -0.1 }].slice(0, k) }));
  }

  updateTrainConfig(train: TrainConfig): void {
    this.assertAlive();
    this.calls.push('updateTrainConfig');
    this.train = train;
  }

  /** The step the last reset replaced, until a step is trained. */
  private stepBeforeReset: number | null = null;

  reset(): void {
    this.assertAlive();
    this.calls.push('reset');
    this.stepBeforeReset = this.step;
    this.step = 0;
  }

  undoReset(): boolean {
    this.assertAlive();
    this.calls.push('undoReset');
    if (this.stepBeforeReset === null) return false;
    this.step = this.stepBeforeReset;
    this.stepBeforeReset = null;
    return true;
  }

  setPretrainedEmbeddings(vectors: Map<string, Float32Array>, trainable: boolean): number {
    this.assertAlive();
    this.embeddingCalls.push({ vectors, trainable });
    return vectors.size;
  }

  async exportFile(): Promise<ModelFile> {
    this.assertAlive();
    this.calls.push('exportFile');
    return {
      format: 'rnn-playground/torch-v1',
      task: { kind: 'classify', classes: this.model.classes, input: { type: 'chars', alphabet: 'abc' } },
      model: { cell: 'lstm', hiddenSize: 8, numLayers: 1, bidirectional: false, embeddingDim: null, dropout: 0 },
      state_dict: { 'head.bias': [0, 0] },
    };
  }

  dispose(): void {
    this.isDisposed = true;
  }

  private assertAlive(): void {
    if (this.isDisposed) throw new Error('FakeSession used after dispose');
  }
}

/** Let queued macrotasks and promise chains run until `predicate` holds (fails the test after many turns). */
export async function waitUntil(predicate: () => boolean, what = 'condition'): Promise<void> {
  for (let turn = 0; turn < 10_000; turn++) {
    if (predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** One macrotask: what the worker's yield between steps is replaced with in tests. */
export const yieldImmediately = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Every message of one type, typed. */
export function messagesOf<T extends FromWorker['type']>(messages: FromWorker[], type: T): Extract<FromWorker, { type: T }>[] {
  return messages.filter((message): message is Extract<FromWorker, { type: T }> => message.type === type);
}

/** All (step, loss) pairs the progress messages carried, in order. */
export function progressSteps(messages: FromWorker[]): { step: number; loss: number }[] {
  const pairs: { step: number; loss: number }[] = [];
  for (const message of messagesOf(messages, 'progress')) {
    for (let index = 0; index < message.trainLoss.length; index += 2) {
      pairs.push({ step: message.trainLoss[index], loss: message.trainLoss[index + 1] });
    }
  }
  return pairs;
}
