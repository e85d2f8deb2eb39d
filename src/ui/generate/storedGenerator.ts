/**
 * The names generator kept for the next visit: its run (state/storedLmRun.ts: the `char-lm` file, the step,
 * the curves and evaluations), the data it learns from and the settings it trained with. Pure: no storage, no DOM.
 */
import { CELL_TYPES } from '../../model/types';
import { checkSavedLmRun, isRecord, lmRunToKeep, type SavedLmRun } from '../state/storedLmRun';
import { numberProblem } from '../lib/fieldProblems';
import { defaultGeneratorSettings, GENERATOR_SETTING_LIMITS, type GeneratorSettings } from './generatorSettings';

export interface SavedGenerator extends SavedLmRun {
  /** The data set the generator learns from (its classes are the model's conditions). */
  dataId: string;
  savedAt: number;
  settings: GeneratorSettings;
}

/** A copy to keep: the live curves go on growing, and long ones are averaged down as the classifier's are. */
export function generatorToKeep(input: SavedGenerator): SavedGenerator {
  return { ...lmRunToKeep(input), settings: { ...input.settings } };
}

/** Each setting the stored value names within its range (the model card's own); the defaults fill the rest. */
function checkSettings(value: unknown): GeneratorSettings {
  const settings = defaultGeneratorSettings();
  if (!isRecord(value)) return settings;
  const cell = CELL_TYPES.find((name) => name === value.cell);
  const numbers = ['hiddenSize', 'numLayers', 'dropout', 'learningRate', 'batchSize', 'epochs'] as const;
  const checked: GeneratorSettings = { ...settings };
  if (cell) checked.cell = cell;
  for (const key of numbers) {
    const number = value[key];
    if (typeof number === 'number' && numberProblem(String(number), GENERATOR_SETTING_LIMITS[key]) === null) checked[key] = number;
  }
  return checked;
}

/** The stored value as a SavedGenerator, or the reason it is not one. */
export function checkSavedGenerator(value: unknown): SavedGenerator | string {
  if (!isRecord(value)) return 'the record is not an object';
  if (typeof value.dataId !== 'string' || typeof value.savedAt !== 'number') return 'it does not say which data it was trained on';
  const run = checkSavedLmRun(value);
  if (typeof run === 'string') return run;
  return { dataId: value.dataId, savedAt: value.savedAt, ...run, settings: checkSettings(value.settings) };
}
