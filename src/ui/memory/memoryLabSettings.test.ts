import { describe, expect, it } from 'vitest';
import { loadMemoryLabSettings, MEMORY_LAB_DEFAULTS, parseMemoryLabSettings, saveMemoryLabSettings, type MemoryLabSettings } from './memoryLabSettings';
import type { SettingsStorage } from '../state/settingsStorage';
import { memoryStorage } from '../state/testing/memoryStorage';


const CHOSEN: MemoryLabSettings = {
  task: 'adding',
  distance: 20,
  gateBias: '1',
  recurrentInit: 'orthogonal',
  hiddenSize: 16,
  learningRate: 0.01,
  steps: 400,
  truncateAfter: 10,
  isClipping: false,
};

describe('memory lab settings', () => {
  it('come back as saved (a reload)', () => {
    const storage = memoryStorage();
    saveMemoryLabSettings(CHOSEN, storage);
    expect(loadMemoryLabSettings(storage)).toEqual(CHOSEN);
  });

  it('are the defaults when nothing was kept or the record is not JSON', () => {
    expect(loadMemoryLabSettings(memoryStorage())).toEqual(MEMORY_LAB_DEFAULTS);
    expect(loadMemoryLabSettings(memoryStorage({ 'rnn-playground/memory-lab': '{not json' }))).toEqual(MEMORY_LAB_DEFAULTS);
    expect(loadMemoryLabSettings(null)).toEqual(MEMORY_LAB_DEFAULTS);
    for (const garbage of [null, 7, 'lstm', [1, 2]]) expect(parseMemoryLabSettings(garbage)).toEqual(MEMORY_LAB_DEFAULTS);
  });

  it('reject each bad stored field with its default and keep the good ones', () => {
    const stored = {
      ...CHOSEN,
      task: 'reverse',
      distance: 1000,
      gateBias: 7,
      hiddenSize: 0,
      learningRate: -1,
      steps: 100000,
      truncateAfter: 2.5,
      isClipping: 'yes',
    };
    expect(parseMemoryLabSettings(stored)).toEqual({
      ...MEMORY_LAB_DEFAULTS,
      recurrentInit: 'orthogonal',
    });
    expect(parseMemoryLabSettings({ hiddenSize: '64', steps: Number.NaN, learningRate: Infinity })).toEqual(MEMORY_LAB_DEFAULTS);
  });

  it('survive a storage that refuses writes', () => {
    const refusing: SettingsStorage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(() => saveMemoryLabSettings(CHOSEN, refusing)).not.toThrow();
  });
});
