import { describe, expect, it } from 'vitest';
import { checkSavedTextModel, checkSavedTextSource, textModelToKeep, type SavedTextModel } from './storedTextLab';
import { defaultTextLmSettings, TEXT_SETTING_LIMITS } from './textLmSettings';

const model: SavedTextModel = {
  savedAt: 9,
  corpus: 'The sea is calm tonight.\n'.repeat(10),
  text: '{"task":{"kind":"char-lm","conditions":[]}}',
  step: 12,
  epoch: 1,
  totalSteps: 40,
  stepsPerEpoch: 8,
  history: { trainLoss: [1, 3.2, 2, 3, 3, 2.9], gradNorm: [1, 1, 2, 0.8, 3, 0.7], metrics: [] },
  lmHistory: [{ type: 'lmMetrics', runId: 3, step: 8, epoch: 0, metrics: { split: 'val', nllPerChar: 2.9, perplexity: 18.2, bitsPerChar: 4.2, characters: 640, count: 10 }, samples: [] }],
};

describe('checkSavedTextModel', () => {
  it('reads back what was kept', () => {
    expect(checkSavedTextModel(structuredClone(textModelToKeep(model)))).toEqual(model);
  });

  it('gives a reason for a record that is not a model', () => {
    expect(checkSavedTextModel(null)).toBe('the record is not an object');
    expect(checkSavedTextModel({ ...model, savedAt: 'yesterday' })).toBe('it does not say when it was kept');
    expect(checkSavedTextModel({ ...model, corpus: 42 })).toBe('the text it trains on is missing');
    expect(checkSavedTextModel({ ...model, text: undefined })).toBe('the model file is missing');
    expect(checkSavedTextModel({ ...model, step: 1.5 })).toBe('its step counts are not whole numbers');
  });

  it('keeps the weights when the curves are damaged', () => {
    const checked = checkSavedTextModel({ ...model, history: { trainLoss: 'lots' } });
    if (typeof checked === 'string') throw new Error(checked);
    expect(checked.text).toBe(model.text);
    expect(checked.step).toBe(12);
    expect(checked.history.trainLoss).toEqual([]);
  });
});

describe('checkSavedTextSource', () => {
  it('reads back the text and the settings', () => {
    const settings = { ...defaultTextLmSettings(), cell: 'gru' as const, hiddenSize: 24, windowLength: 16, streams: 8, epochs: 3, learningRate: 0.01 };
    expect(checkSavedTextSource({ savedAt: 1, text: 'abc', settings })).toEqual({ savedAt: 1, text: 'abc', settings });
    expect(checkSavedTextSource({ savedAt: 1, text: null, settings })).toEqual({ savedAt: 1, text: null, settings });
  });

  it('refuses a record without text, and fills each setting out of its range from the defaults', () => {
    expect(checkSavedTextSource('abc')).toBe('the record is not an object');
    expect(checkSavedTextSource({ savedAt: 1, text: 7 })).toBe('its text is missing');
    const defaults = defaultTextLmSettings();
    const checked = checkSavedTextSource({ savedAt: 1, text: 'abc', settings: { cell: 'tutorial', hiddenSize: 0, windowLength: 9999, streams: 2.5, epochs: -1, learningRate: Number.NaN, numLayers: '2' } });
    if (typeof checked === 'string') throw new Error(checked);
    expect(checked.settings).toEqual(defaults);
  });

  it("takes back a setting only where the lab's field would take it (one table of limits)", () => {
    const defaults = defaultTextLmSettings();
    const read = (settings: Record<string, unknown>) => {
      const checked = checkSavedTextSource({ savedAt: 1, text: null, settings });
      if (typeof checked === 'string') throw new Error(checked);
      return checked.settings;
    };
    expect(read({ learningRate: TEXT_SETTING_LIMITS.learningRate.min }).learningRate).toBe(TEXT_SETTING_LIMITS.learningRate.min);
    expect(read({ learningRate: 0.05 }).learningRate).toBe(0.05);
    // Below the field's minimum: the field would show "Between 0.00001 and 1.", so the default comes back.
    expect(read({ learningRate: 0.000001 }).learningRate).toBe(defaults.learningRate);
    expect(read({ learningRate: 1.5 }).learningRate).toBe(defaults.learningRate);
    expect(read({ hiddenSize: TEXT_SETTING_LIMITS.hiddenSize.max + 1 }).hiddenSize).toBe(defaults.hiddenSize);
  });
});
