/**
 * The names generator's settings as the app holds them (one flat object, like AppConfig for the classifier),
 * and the engine's configurations derived from them: the model always writes the tutorial's 57 letters and
 * is conditioned on the data's classes (the 18 languages), as the CLI's `--task names-gen` does.
 */
import { NAME_ALPHABET } from '../../data/names';
import type { Dataset } from '../../data/types';
import { taskDefaults, TUTORIAL_GENERATION_DROPOUT } from '../../model/taskDefaults';
import type { CellType, CharLmConfig, TrainConfig } from '../../model/types';
import type { NumberLimits } from '../lib/fieldProblems';

export interface GeneratorSettings {
  cell: CellType;
  hiddenSize: number;
  numLayers: number;
  dropout: number;
  learningRate: number;
  batchSize: number;
  epochs: number;
}

/**
 * The ranges of the generator's number settings: the model card's fields and the check on kept settings read this
 * one table. (The tutorial's network is one layer whatever `numLayers` says.)
 */
export const GENERATOR_SETTING_LIMITS = {
  hiddenSize: { min: 1, max: 1024, isInteger: true },
  numLayers: { min: 1, max: 4, isInteger: true },
  dropout: { min: 0, max: 0.9, isInteger: false },
  learningRate: { min: 0.00001, max: 1, isInteger: false },
  batchSize: { min: 1, max: 1024, isInteger: true },
  epochs: { min: 1, max: 200, isInteger: true },
} as const satisfies Record<keyof Omit<GeneratorSettings, 'cell'>, NumberLimits>;

/** The generator's defaults (model/taskDefaults.ts's `names-gen`: LSTM 128, Adam 3e-3, batch 64, 10 epochs). */
export function defaultGeneratorSettings(): GeneratorSettings {
  const { model, train } = taskDefaults('names-gen');
  return { cell: model.cell, hiddenSize: model.hiddenSize, numLayers: model.numLayers, dropout: model.dropout, learningRate: train.learningRate, batchSize: train.batchSize, epochs: train.epochs };
}

/** Choosing the tutorial's own network also takes its dropout (0.1), as the tutorial trains it. */
export function withCell(settings: GeneratorSettings, cell: CellType): GeneratorSettings {
  if (cell === 'tutorial') return { ...settings, cell, dropout: TUTORIAL_GENERATION_DROPOUT };
  return { ...settings, cell, dropout: settings.cell === 'tutorial' ? 0 : settings.dropout };
}

/** The model to build on `dataset`: its classes are the conditions, in their order. */
export function charLmConfigFor(settings: GeneratorSettings, dataset: Dataset): CharLmConfig {
  const { cell, hiddenSize, numLayers, dropout } = settings;
  return { cell, hiddenSize, numLayers, dropout, alphabet: NAME_ALPHABET, conditions: [...dataset.classes] };
}

/** The training settings: the generator's defaults with the settings' optimiser figures. */
export function generatorTrainConfig(settings: GeneratorSettings): TrainConfig {
  const { train } = taskDefaults('names-gen');
  return { ...train, learningRate: settings.learningRate, batchSize: settings.batchSize, epochs: settings.epochs };
}
