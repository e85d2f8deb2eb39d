/**
 * The distance sweep's settings (distances, training steps per point, cells) as one record: their ranges, their
 * defaults, and how they are kept across reloads in localStorage, as the lab's levers are (memoryLabSettings.ts).
 * What is read back is untrusted: each field of the wrong type, out of range or missing falls back to its default
 * on its own.
 */
import { MEMORY_CELL_TYPES, type MemoryCellType } from '../../model/types';
import type { NumberLimits } from '../lib/fieldProblems';
import { browserSettingsStorage, readSetting, writeSetting, type SettingsStorage } from '../state/settingsStorage';
import { storedNumber } from '../state/storedFields';
import { SWEEP_DEFAULTS } from './distanceSweep';
import { MEMORY_LAB_LIMITS } from './memoryLabSettings';

export interface SweepSettings {
  /** Ascending, each once (parseDistances's answer): the last valid list, whatever the field shows now. */
  distances: number[];
  steps: number;
  /** The cells to sweep; none is a choice the sweep refuses with its reason, and is kept as such. */
  cells: MemoryCellType[];
}

/** The training steps per point the sweep's field accepts. */
export const SWEEP_STEPS_LIMITS: Required<NumberLimits> = { min: 10, max: 2000, isInteger: true };

export const SWEEP_SETTINGS_DEFAULTS: SweepSettings = { distances: [...SWEEP_DEFAULTS.distances], steps: SWEEP_DEFAULTS.steps, cells: [...MEMORY_CELL_TYPES] };

const SWEEP_SETTINGS_KEY = 'rnn-playground/memory-sweep';

function isDistanceList(value: unknown): value is number[] {
  const limits = MEMORY_LAB_LIMITS.distance;
  return Array.isArray(value) && value.length > 0 && value.every((distance) => storedNumber(distance, limits, Number.NaN) === distance);
}

function isCellList(value: unknown): value is MemoryCellType[] {
  return Array.isArray(value) && value.every((cell) => MEMORY_CELL_TYPES.includes(cell)) && new Set(value).size === value.length;
}

/** A stored record made safe: every field present and valid, the default wherever the stored one is not. */
export function parseSweepSettings(value: unknown): SweepSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return SWEEP_SETTINGS_DEFAULTS;
  const stored = value as Record<string, unknown>;
  return {
    distances: isDistanceList(stored.distances) ? [...new Set(stored.distances)].sort((a, b) => a - b) : SWEEP_SETTINGS_DEFAULTS.distances,
    steps: storedNumber(stored.steps, SWEEP_STEPS_LIMITS, SWEEP_SETTINGS_DEFAULTS.steps),
    cells: isCellList(stored.cells) ? stored.cells : SWEEP_SETTINGS_DEFAULTS.cells,
  };
}

/** The settings kept by the last visit, or the defaults when there are none or they cannot be read. */
export function loadSweepSettings(storage: SettingsStorage | null = browserSettingsStorage()): SweepSettings {
  return readSetting(SWEEP_SETTINGS_KEY, parseSweepSettings, storage);
}

/** Keep `settings` for the next visit. */
export function saveSweepSettings(settings: SweepSettings, storage: SettingsStorage | null = browserSettingsStorage()): void {
  writeSetting(SWEEP_SETTINGS_KEY, settings, storage);
}
