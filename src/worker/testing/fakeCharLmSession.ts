/**
 * A CharLmSession for the worker's Node tests: counts steps and epochs like a real one, reports a loss
 * per character, and samples/scores deterministically from its arguments (no TensorFlow.js).
 */
import type { Dataset, SplitName } from '../../data/types';
import type { CharLmSession, StepOutcome } from '../../model/session';
import type { CharLmConfig, CharLmModelFile, CharLmTrace, GeneratedText, LmMetrics, ParameterRow, SamplingOptions, ScoredText, TrainConfig } from '../../model/types';

export const TEST_CHAR_LM: CharLmConfig = { cell: 'lstm', hiddenSize: 8, numLayers: 1, dropout: 0, alphabet: 'abc', conditions: ['A', 'B'] };

export const TEST_NAMES_DATASET: Dataset = {
  id: 'names-test',
  source: 'upload',
  title: 'Test names',
  level: 'chars',
  classes: ['A', 'B'],
  notes: [],
  train: [{ text: 'ab', label: 0 }],
  val: [{ text: 'ba', label: 1 }],
  test: [{ text: 'aa', label: 0 }],
};

export class FakeCharLmSession implements CharLmSession {
  readonly model: CharLmConfig;
  train: TrainConfig;
  step = 0;
  epoch = 0;
  readonly calls: string[] = [];

  constructor(
    model: CharLmConfig,
    train: TrainConfig,
    readonly stepsPerEpoch = 3,
  ) {
    this.model = model;
    this.train = train;
  }

  get totalSteps(): number {
    return this.stepsPerEpoch * this.train.epochs;
  }

  parameters(): ParameterRow[] {
    return [{ name: 'head.weight', shape: [4, 8], count: 32, trainable: true }];
  }

  async trainStep(): Promise<StepOutcome> {
    this.step++;
    this.epoch = Math.floor((this.step - 1) / this.stepsPerEpoch);
    return { step: this.step, epoch: this.epoch, loss: 3 / this.step, gradNorm: 1, epochEnded: this.step % this.stepsPerEpoch === 0 };
  }

  async evaluate(split: SplitName): Promise<LmMetrics> {
    this.calls.push(`evaluate:${split}`);
    const nllPerChar = 2 / (1 + this.step);
    return { split, nllPerChar, perplexity: Math.exp(nllPerChar), bitsPerChar: nllPerChar / Math.LN2, characters: 3, count: 1 };
  }

  async sample(condition: string | null, count: number, options: SamplingOptions): Promise<GeneratedText[]> {
    this.calls.push(`sample:${condition}`);
    const letter = this.model.alphabet[options.seed % this.model.alphabet.length];
    return Array.from({ length: count }, () => ({ condition, text: letter, steps: [{ symbol: letter, logProb: -1, top: [{ symbol: letter, logProb: -1 }] }], ended: false }));
  }

  async score(items: { text: string; condition: string | null }[]): Promise<ScoredText[]> {
    return items.map((item) => ({ input: item.text, condition: item.condition, logProbs: [[-1, -2, -3, -4]], symbols: ['<EOS>'], totalLogProb: -1 }));
  }

  /** One step per letter plus BOS; a 1-unit hidden state holding the step index. */
  async trace(text: string, condition: string | null): Promise<CharLmTrace> {
    const steps = [...text].length + 1;
    const hidden = { rows: steps, cols: 1, data: Float32Array.from({ length: steps }, (_, index) => index) };
    return { text, condition, fed: ['<BOS>', ...text], written: [...text, '<EOS>'], layers: [{ layer: 0, direction: 'forward', inputs: hidden, hidden, gates: {} }] };
  }

  updateTrainConfig(train: TrainConfig): void {
    this.train = train;
  }

  private beforeReset: { step: number; epoch: number } | null = null;

  reset(): void {
    this.beforeReset = { step: this.step, epoch: this.epoch };
    this.step = 0;
    this.epoch = 0;
  }

  undoReset(): boolean {
    if (!this.beforeReset) return false;
    ({ step: this.step, epoch: this.epoch } = this.beforeReset);
    this.beforeReset = null;
    return true;
  }

  async exportFile(): Promise<CharLmModelFile> {
    const { alphabet, conditions } = this.model;
    return {
      format: 'rnn-playground/torch-v1',
      task: { kind: 'char-lm', conditions, symbols: { alphabet, eos: alphabet.length, bos: alphabet.length + 1 } },
      model: { cell: this.model.cell, hiddenSize: this.model.hiddenSize, numLayers: this.model.numLayers, bidirectional: false, embeddingDim: null, dropout: this.model.dropout },
      state_dict: {},
    };
  }

  dispose(): void {
    this.calls.push('dispose');
  }
}
