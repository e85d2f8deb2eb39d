/**
 * The names generator kept for the next visit: its `char-lm` file, the step it was taken at, its curves and
 * evaluations (validation per epoch with the epoch's samples, the test result) and the settings it trained
 * with. Read back untrusted, as the classifier's checkpoint is (storedModel.ts): a damaged history loses the
 * curves, not the weights; the worker still checks the file's text in full. Pure: no storage, no DOM.
 */
import { CELL_TYPES, type GeneratedText, type LmMetrics } from '../../model/types';
import type { RunHistory } from '../../worker/client';
import type { LmMetricsMessage } from '../../worker/protocol';
import { downsampleSeries } from '../state/runRecord';
import { defaultGeneratorSettings, type GeneratorSettings } from './generatorSettings';

export interface SavedGenerator {
  /** The data set the generator learns from (its classes are the model's conditions). */
  dataId: string;
  savedAt: number;
  /** The `char-lm` model file's JSON text. */
  text: string;
  step: number;
  epoch: number;
  totalSteps: number;
  stepsPerEpoch: number;
  /** The training curve (NLL per character, per step) and gradient norms; the classifier's `metrics` stay empty. */
  history: RunHistory;
  /** The evaluations shown on the Train step (validation per epoch with its samples, test at the end). */
  lmHistory: LmMetricsMessage[];
  settings: GeneratorSettings;
}

/** A copy to keep: the live curves go on growing, and long ones are averaged down as the classifier's are. */
export function generatorToKeep(input: SavedGenerator): SavedGenerator {
  return {
    ...input,
    history: { trainLoss: downsampleSeries(input.history.trainLoss), gradNorm: downsampleSeries(input.history.gradNorm), metrics: [] },
    lmHistory: [...input.lmHistory],
    settings: { ...input.settings },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isNumberList = (value: unknown): value is (number | null)[] => Array.isArray(value) && value.every((item) => typeof item === 'number' || item === null);

function isLmMetrics(value: unknown): value is LmMetrics {
  return (
    isRecord(value) &&
    (value.split === 'train' || value.split === 'val' || value.split === 'test') &&
    typeof value.nllPerChar === 'number' &&
    typeof value.perplexity === 'number' &&
    typeof value.bitsPerChar === 'number' &&
    isCount(value.characters) &&
    isCount(value.count)
  );
}

const isCandidate = (value: unknown): boolean => isRecord(value) && typeof value.symbol === 'string' && typeof value.logProb === 'number';

function isGeneratedText(value: unknown): value is GeneratedText {
  return (
    isRecord(value) &&
    (value.condition === null || typeof value.condition === 'string') &&
    typeof value.text === 'string' &&
    typeof value.ended === 'boolean' &&
    Array.isArray(value.steps) &&
    value.steps.every((step) => isCandidate(step) && isRecord(step) && Array.isArray(step.top) && step.top.every(isCandidate))
  );
}

function isLmMetricsMessage(value: unknown): value is LmMetricsMessage {
  return (
    isRecord(value) &&
    value.type === 'lmMetrics' &&
    isCount(value.runId) &&
    isCount(value.step) &&
    isCount(value.epoch) &&
    isLmMetrics(value.metrics) &&
    Array.isArray(value.samples) &&
    value.samples.every(isGeneratedText)
  );
}

/** Each setting the stored value names with the right type; the defaults fill the rest (the app's own form clamps them). */
function checkSettings(value: unknown): GeneratorSettings {
  const settings = defaultGeneratorSettings();
  if (!isRecord(value)) return settings;
  const cell = CELL_TYPES.find((name) => name === value.cell);
  const numbers = ['hiddenSize', 'numLayers', 'dropout', 'learningRate', 'batchSize', 'epochs'] as const;
  const checked: GeneratorSettings = { ...settings };
  if (cell) checked.cell = cell;
  for (const key of numbers) {
    const number = value[key];
    if (typeof number === 'number' && Number.isFinite(number) && number >= 0) checked[key] = number;
  }
  return checked;
}

/** The stored value as a SavedGenerator, or the reason it is not one. */
export function checkSavedGenerator(value: unknown): SavedGenerator | string {
  if (!isRecord(value)) return 'the record is not an object';
  if (typeof value.dataId !== 'string' || typeof value.savedAt !== 'number') return 'it does not say which data it was trained on';
  if (typeof value.text !== 'string') return 'the model file is missing';
  if (!isCount(value.step) || !isCount(value.epoch) || !isCount(value.totalSteps) || !isCount(value.stepsPerEpoch)) return 'its step counts are not whole numbers';
  const base = {
    dataId: value.dataId,
    savedAt: value.savedAt,
    text: value.text,
    step: value.step,
    epoch: value.epoch,
    totalSteps: value.totalSteps,
    stepsPerEpoch: value.stepsPerEpoch,
    settings: checkSettings(value.settings),
  };
  const history = value.history;
  const lmHistory = value.lmHistory;
  const nanForNull = (list: (number | null)[]) => list.map((item) => (item === null ? Number.NaN : item));
  if (isRecord(history) && isNumberList(history.trainLoss) && isNumberList(history.gradNorm) && Array.isArray(lmHistory) && lmHistory.every(isLmMetricsMessage)) {
    return { ...base, history: { trainLoss: nanForNull(history.trainLoss), gradNorm: nanForNull(history.gradNorm), metrics: [] }, lmHistory };
  }
  // A damaged history loses the curves, not the weights: the file beside it is whole.
  return { ...base, history: { trainLoss: [], gradNorm: [], metrics: [] }, lmHistory: [] };
}
