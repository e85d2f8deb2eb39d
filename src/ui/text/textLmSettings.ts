/**
 * The own-text model's settings as the lab shows them, and the engine configuration they stand for.
 * Defaults come from the one table (model/taskDefaults.ts's TEXT_LM_DEFAULTS).
 */
import { MODEL_LIMITS } from '../../model/architecture';
import { textLmDefaults } from '../../model/taskDefaults';
import type { CharLmConfig, TbpttSettings, TrainConfig } from '../../model/types';
import type { NumberLimits } from '../lib/fieldProblems';

/** The cells an own-text model may be (the tutorial network reads a language; it is for names). */
export const TEXT_CELLS = ['rnn', 'lstm', 'gru'] as const;
export type TextCell = (typeof TEXT_CELLS)[number];

export interface TextLmSettings {
  cell: TextCell;
  hiddenSize: number;
  numLayers: number;
  /** K: characters per truncated-BPTT window. */
  windowLength: number;
  /** B: parallel streams (the batch). */
  streams: number;
  learningRate: number;
  epochs: number;
}

/**
 * The range of each number the lab's form takes (K's is the engine's longest window): the form's fields show a
 * value outside it as a problem, and stored settings are checked against it too.
 */
export const TEXT_SETTING_LIMITS = {
  hiddenSize: { min: 1, max: MODEL_LIMITS.hiddenSize, isInteger: true },
  numLayers: { min: 1, max: MODEL_LIMITS.numLayers, isInteger: true },
  windowLength: { min: 1, max: 512, isInteger: true },
  streams: { min: 1, max: 512, isInteger: true },
  learningRate: { min: 0.00001, max: 1, isInteger: false },
  epochs: { min: 1, max: 1000, isInteger: true },
} as const satisfies Record<string, NumberLimits>;

export function defaultTextLmSettings(): TextLmSettings {
  const defaults = textLmDefaults();
  const cell = TEXT_CELLS.find((name) => name === defaults.model.cell) ?? 'lstm';
  return { cell, hiddenSize: defaults.model.hiddenSize, numLayers: defaults.model.numLayers, windowLength: defaults.windowLength, streams: defaults.train.batchSize, learningRate: defaults.train.learningRate, epochs: defaults.train.epochs };
}

export function textLmModelConfig(settings: TextLmSettings, alphabet: string): CharLmConfig {
  return { cell: settings.cell, hiddenSize: settings.hiddenSize, numLayers: settings.numLayers, dropout: 0, alphabet, conditions: [] };
}

export function textLmTrainConfig(settings: TextLmSettings): TrainConfig {
  return { ...textLmDefaults().train, batchSize: settings.streams, learningRate: settings.learningRate, epochs: settings.epochs };
}

export function tbpttOf(settings: TextLmSettings): TbpttSettings {
  return { windowLength: settings.windowLength };
}
