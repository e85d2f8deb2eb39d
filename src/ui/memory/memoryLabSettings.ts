/**
 * The memory lab's levers (task, distance, gate bias, recurrent init, hidden size, learning rate, steps,
 * truncated BPTT, clipping) as one record: their ranges, their defaults, and how they are kept across reloads
 * in localStorage (small, and read at once, so the lab opens with them and not with the defaults first). What is
 * read back is untrusted (other versions of the app share the origin): each field out of range, of the wrong
 * type or missing falls back to its default on its own.
 */
import { MEMORY_DISTANCE_LIMITS, MEMORY_TASKS, type MemoryTaskName } from '../../data/memoryTasks';
import { MEMORY_DEFAULTS } from '../../model/taskDefaults';
import { GATE_BIAS_INITS, RECURRENT_INITS, type GateBiasInit, type RecurrentInit } from '../../model/types';
import type { NumberLimits } from '../lib/fieldProblems';
import { browserSettingsStorage, readSetting, writeSetting, type SettingsStorage } from '../state/settingsStorage';
import { storedChoice, storedNumber } from '../state/storedFields';

export interface MemoryLabSettings {
  task: MemoryTaskName;
  distance: number;
  gateBias: GateBiasInit;
  recurrentInit: RecurrentInit;
  hiddenSize: number;
  learningRate: number;
  steps: number;
  /** Backpropagate through only the last K steps; 0 = through all. */
  truncateAfter: number;
  isClipping: boolean;
}

type NumericSetting = 'distance' | 'hiddenSize' | 'learningRate' | 'steps' | 'truncateAfter';

/** The ranges the lab's fields accept (the slider stops at distance 100; K reaches the longest sequence, 100 + 2). */
export const MEMORY_LAB_LIMITS: Readonly<Record<NumericSetting, Required<NumberLimits>>> = {
  distance: { min: MEMORY_DISTANCE_LIMITS.min, max: 100, isInteger: true },
  hiddenSize: { min: 4, max: 256, isInteger: true },
  learningRate: { min: 1e-5, max: 1, isInteger: false },
  steps: { min: 10, max: 5000, isInteger: true },
  truncateAfter: { min: 0, max: 102, isInteger: true },
};

export const MEMORY_LAB_DEFAULTS: MemoryLabSettings = {
  task: MEMORY_DEFAULTS.model.task,
  distance: MEMORY_DEFAULTS.model.distance,
  gateBias: MEMORY_DEFAULTS.model.gateBias,
  recurrentInit: MEMORY_DEFAULTS.model.recurrentInit,
  hiddenSize: MEMORY_DEFAULTS.model.hiddenSize,
  learningRate: MEMORY_DEFAULTS.train.learningRate,
  steps: MEMORY_DEFAULTS.train.steps,
  truncateAfter: 0,
  isClipping: true,
};

const MEMORY_LAB_KEY = 'rnn-playground/memory-lab';

/** A stored record made safe: every field present and in range, the default wherever the stored one is not. */
export function parseMemoryLabSettings(value: unknown): MemoryLabSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return MEMORY_LAB_DEFAULTS;
  const stored = value as Record<string, unknown>;
  const numeric = (key: NumericSetting) => storedNumber(stored[key], MEMORY_LAB_LIMITS[key], MEMORY_LAB_DEFAULTS[key]);
  return {
    task: storedChoice(stored.task, MEMORY_TASKS, MEMORY_LAB_DEFAULTS.task),
    distance: numeric('distance'),
    gateBias: storedChoice(stored.gateBias, GATE_BIAS_INITS, MEMORY_LAB_DEFAULTS.gateBias),
    recurrentInit: storedChoice(stored.recurrentInit, RECURRENT_INITS, MEMORY_LAB_DEFAULTS.recurrentInit),
    hiddenSize: numeric('hiddenSize'),
    learningRate: numeric('learningRate'),
    steps: numeric('steps'),
    truncateAfter: numeric('truncateAfter'),
    isClipping: typeof stored.isClipping === 'boolean' ? stored.isClipping : MEMORY_LAB_DEFAULTS.isClipping,
  };
}

/** The settings kept by the last visit, or the defaults when there are none or they cannot be read. */
export function loadMemoryLabSettings(storage: SettingsStorage | null = browserSettingsStorage()): MemoryLabSettings {
  return readSetting(MEMORY_LAB_KEY, parseMemoryLabSettings, storage);
}

/** Keep `settings` for the next visit; a refused write (quota, private mode) only loses that convenience. */
export function saveMemoryLabSettings(settings: MemoryLabSettings, storage: SettingsStorage | null = browserSettingsStorage()): void {
  writeSetting(MEMORY_LAB_KEY, settings, storage);
}
