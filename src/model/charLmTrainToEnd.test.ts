/**
 * The shared train-to-the-end loop (CLI train and the browser bench): per-epoch figures, the best epoch's
 * weights tested, the session disposed. A scripted session stands in for the engine.
 */
import { describe, expect, it } from 'vitest';
import type { SplitName } from '../data/types';
import { trainCharLmToEnd, type CharLmEpochReport } from './charLmTrainToEnd';
import type { CharLmSession, StepOutcome } from './session';
import { taskDefaults } from './taskDefaults';
import type { CharLmConfig, CharLmModelFile, LmMetrics, TrainConfig } from './types';

const MODEL: CharLmConfig = { cell: 'lstm', hiddenSize: 2, numLayers: 1, dropout: 0, alphabet: 'ab', conditions: [] };

/** Loss 3/step; validation 2/(1 + step), so every epoch improves; records what the loop asked. */
class ScriptedSession implements CharLmSession {
  readonly model = MODEL;
  step = 0;
  epoch = 0;
  readonly calls: string[] = [];
  constructor(
    readonly train: TrainConfig,
    readonly stepsPerEpoch: number,
  ) {}
  get totalSteps(): number {
    return this.stepsPerEpoch * this.train.epochs;
  }
  parameters() {
    return [];
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
  async sample(): Promise<never[]> {
    return [];
  }
  async score(): Promise<never[]> {
    return [];
  }
  async trace(): Promise<never> {
    throw new Error('not scripted');
  }
  updateTrainConfig(): void {}
  reset(): void {}
  undoReset(): boolean {
    return false;
  }
  async exportFile(): Promise<CharLmModelFile> {
    this.calls.push('export');
    return { format: 'rnn-playground/torch-v1', task: { kind: 'char-lm', conditions: [], symbols: { alphabet: 'ab', eos: 2, bos: 3 } }, model: { cell: 'lstm', hiddenSize: 2, numLayers: 1, bidirectional: false, embeddingDim: null, dropout: 0 }, state_dict: {} };
  }
  dispose(): void {
    this.calls.push('dispose');
  }
}

describe('trainCharLmToEnd', () => {
  it('reports each epoch (mean training NLL of its batches, validation), tests the last and best epoch, and disposes', async () => {
    const session = new ScriptedSession({ ...taskDefaults('names-gen').train, epochs: 2 }, 3);
    const seen: CharLmEpochReport[] = [];
    const result = await trainCharLmToEnd(session, null, { onEpoch: (report) => void seen.push(report) });
    // The scripted losses are 3/step: epoch 1 averages 3, 1.5, 1; epoch 2 averages 0.75, 0.6, 0.5.
    expect(seen.map((report) => report.epoch)).toEqual([1, 2]);
    expect(seen[0].trainNllPerChar).toBeCloseTo((3 + 1.5 + 1) / 3, 10);
    expect(seen[1].trainNllPerChar).toBeCloseTo((0.75 + 0.6 + 0.5) / 3, 10);
    // Validation improves every epoch (2 / (1 + step)), so the last epoch is the best and is tested as it is.
    expect(seen.map((report) => report.val.nllPerChar)).toEqual([2 / 4, 2 / 7]);
    expect(result.best).toEqual({ epoch: 2, valNllPerChar: 2 / 7 });
    expect(result.test.split).toBe('test');
    expect(result.test.nllPerChar).toBe(2 / 7);
    expect(result.epochs).toEqual(seen);
    expect(result.divergedSteps).toBe(0);
    // Each new best epoch's weights are exported (they are the ones kept); the session ends disposed.
    expect(session.calls).toEqual(['evaluate:val', 'export', 'evaluate:val', 'export', 'evaluate:test', 'dispose']);
  });
});
