import { describe, expect, it } from 'vitest';
import type { SettingsStorage } from '../state/settingsStorage';
import { memoryStorage } from '../state/testing/memoryStorage';
import { loadSweepSettings, parseSweepSettings, saveSweepSettings, SWEEP_SETTINGS_DEFAULTS, type SweepSettings } from './sweepSettings';

const CHOSEN: SweepSettings = { distances: [5, 15, 60], steps: 60, cells: ['gru', 'lstm'] };

describe('distance sweep settings', () => {
  it('come back as saved (a reload)', () => {
    const storage = memoryStorage();
    saveSweepSettings(CHOSEN, storage);
    expect(loadSweepSettings(storage)).toEqual(CHOSEN);
    saveSweepSettings({ ...CHOSEN, cells: [] }, storage);
    expect(loadSweepSettings(storage).cells, 'no cell ticked is kept (the sweep says why it is refused)').toEqual([]);
  });

  it('are the defaults when nothing was kept, the record is not JSON or storage is refused', () => {
    expect(loadSweepSettings(memoryStorage())).toEqual(SWEEP_SETTINGS_DEFAULTS);
    expect(loadSweepSettings(memoryStorage({ 'rnn-playground/memory-sweep': '{not json' }))).toEqual(SWEEP_SETTINGS_DEFAULTS);
    expect(loadSweepSettings(null)).toEqual(SWEEP_SETTINGS_DEFAULTS);
    for (const garbage of [null, 7, 'lstm', [5, 10]]) expect(parseSweepSettings(garbage)).toEqual(SWEEP_SETTINGS_DEFAULTS);
  });

  it('reject each bad stored field with its default and keep the good ones', () => {
    expect(parseSweepSettings({ ...CHOSEN, distances: [5, 1000] })).toEqual({ ...CHOSEN, distances: SWEEP_SETTINGS_DEFAULTS.distances });
    for (const distances of [[], [0], [2.5], ['5'], '5, 10', [Number.NaN]]) expect(parseSweepSettings({ ...CHOSEN, distances }).distances).toEqual(SWEEP_SETTINGS_DEFAULTS.distances);
    for (const steps of [9, 2001, 50.5, '60', Infinity]) expect(parseSweepSettings({ ...CHOSEN, steps }).steps).toBe(SWEEP_SETTINGS_DEFAULTS.steps);
    for (const cells of [['gru', 'transformer'], ['gru', 'gru'], 'gru', null]) expect(parseSweepSettings({ ...CHOSEN, cells }).cells).toEqual(SWEEP_SETTINGS_DEFAULTS.cells);
    expect(parseSweepSettings({ steps: 60 })).toEqual({ ...SWEEP_SETTINGS_DEFAULTS, steps: 60 });
  });

  it('read distances in order, each once', () => {
    expect(parseSweepSettings({ ...CHOSEN, distances: [40, 5, 40] }).distances).toEqual([5, 40]);
  });

  it('survive a storage that refuses writes', () => {
    const refusing: SettingsStorage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(() => saveSweepSettings(CHOSEN, refusing)).not.toThrow();
  });
});
