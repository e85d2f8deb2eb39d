import { describe, expect, it } from 'vitest';
import type { LmMetricsMessage } from '../../worker/protocol';
import { defaultGeneratorSettings } from './generatorSettings';
import { checkSavedGenerator, generatorToKeep, type SavedGenerator } from './storedGenerator';

const evaluation: LmMetricsMessage = {
  type: 'lmMetrics',
  runId: 2,
  step: 225,
  epoch: 0,
  metrics: { split: 'val', nllPerChar: 2.4, perplexity: 11, bitsPerChar: 3.5, characters: 100, count: 10 },
  samples: [{ condition: 'Russian', text: 'Ab', steps: [{ symbol: 'A', logProb: -1, top: [{ symbol: 'A', logProb: -1 }] }], ended: true }],
};

const saved: SavedGenerator = {
  dataId: 'names',
  savedAt: 5,
  text: '{"task":{"kind":"char-lm"}}',
  step: 225,
  epoch: 0,
  totalSteps: 450,
  stepsPerEpoch: 225,
  history: { trainLoss: [1, 4, 2, 3.5], gradNorm: [1, 2, 2, 1], metrics: [] },
  lmHistory: [evaluation],
  settings: { ...defaultGeneratorSettings(), hiddenSize: 32, epochs: 2 },
};

describe('checkSavedGenerator', () => {
  it('reads back what was kept', () => {
    expect(checkSavedGenerator(structuredClone(generatorToKeep(saved)))).toEqual(saved);
  });

  it('gives a reason for a record without weights or counts', () => {
    expect(checkSavedGenerator('junk')).toBe('the record is not an object');
    expect(checkSavedGenerator({ ...saved, text: 3 })).toBe('the model file is missing');
    expect(checkSavedGenerator({ ...saved, step: -1 })).toBe('its step counts are not whole numbers');
  });

  it('keeps the weights when the history is damaged, and fills bad settings from the defaults', () => {
    const damaged = { ...saved, lmHistory: [{ ...evaluation, metrics: { split: 'val' } }], settings: { ...saved.settings, cell: 'transformer', hiddenSize: 'big' } };
    const checked = checkSavedGenerator(damaged);
    if (typeof checked === 'string') throw new Error(checked);
    expect(checked.text).toBe(saved.text);
    expect(checked.step).toBe(225);
    expect(checked.lmHistory).toEqual([]);
    expect(checked.history.trainLoss).toEqual([]);
    expect(checked.settings).toEqual({ ...saved.settings, cell: defaultGeneratorSettings().cell, hiddenSize: defaultGeneratorSettings().hiddenSize });
  });

  it("fills a setting outside the model card's range from the defaults (a kept hidden size 0 would block Build)", () => {
    const checked = checkSavedGenerator({ ...saved, settings: { ...saved.settings, hiddenSize: 0, epochs: 2.5, learningRate: 5 } });
    if (typeof checked === 'string') throw new Error(checked);
    const defaults = defaultGeneratorSettings();
    expect(checked.settings).toEqual({ ...saved.settings, hiddenSize: defaults.hiddenSize, epochs: defaults.epochs, learningRate: defaults.learningRate });
  });
});
