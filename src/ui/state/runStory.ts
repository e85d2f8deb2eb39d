/**
 * The story of the current run, kept beside its checkpoint so a reload (or a switch back to this task)
 * shows what the student saw: the curves, the step and epoch reached, the last validation and the test
 * result, and the settings it ran with. Bounded in size (long curves are averaged down, the validation
 * list keeps its latest entries) and checked when read back. Pure: no storage, no DOM.
 */
import type { EvalMetrics } from '../../model/types';
import { checkRunOrigin, type KeptRunHistory } from '../../worker/client';
import type { MetricsMessage } from '../../worker/protocol';
import { downsampleSeries, type RunSettings } from './runRecord';

/**
 * What the client puts back with a kept checkpoint (its step, epoch, run length, curves and results, the kept-runs
 * record it was kept as), and the settings.
 */
export interface RunStory extends KeptRunHistory {
  /** The configuration the run trained with (the app's AppConfig, kept as plain values). */
  settings: RunSettings;
}

/** Validation evaluations kept with a story; a long run's older live samples are dropped first. */
export const MAX_STORY_EVALUATIONS = 200;

/** The story to keep for a run: its history bounded in size, a copy (the live history goes on growing). */
export function storyToKeep(input: RunStory): RunStory {
  const metrics = input.history.metrics.slice(-MAX_STORY_EVALUATIONS);
  return {
    ...input,
    history: {
      trainLoss: downsampleSeries(input.history.trainLoss),
      gradNorm: downsampleSeries(input.history.gradNorm),
      // The misclassified examples matter only for the confusion matrix on show: the latest evaluation's.
      metrics: metrics.map((message, index) => (index === metrics.length - 1 ? message : { ...message, mistakes: {} })),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isNumberList = (value: unknown): value is number[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'number' || item === null);
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

function isMetrics(value: unknown): value is EvalMetrics {
  return (
    isRecord(value) &&
    typeof value.split === 'string' &&
    typeof value.loss === 'number' &&
    typeof value.accuracy === 'number' &&
    typeof value.macroAccuracy === 'number' &&
    isNumberList(value.confusion) &&
    isCount(value.count)
  );
}

function isMetricsMessage(value: unknown): value is MetricsMessage {
  return (
    isRecord(value) &&
    isCount(value.step) &&
    isCount(value.epoch) &&
    (value.scope === 'full' || value.scope === 'subset') &&
    isMetrics(value.metrics) &&
    isRecord(value.mistakes)
  );
}

/** The stored value as a RunStory, or the reason it is not one (the checkpoint beside it is still used). */
export function checkRunStory(value: unknown): RunStory | string {
  if (!isRecord(value)) return 'the run history is not an object';
  if (!isCount(value.step) || !isCount(value.epoch)) return 'its step or epoch is not a whole number';
  if (!isCount(value.totalSteps) || !isCount(value.stepsPerEpoch)) return 'its length in steps is not a whole number';
  const history = value.history;
  if (!isRecord(history) || !isNumberList(history.trainLoss) || !isNumberList(history.gradNorm)) return 'its curves are not lists of numbers';
  if (!Array.isArray(history.metrics) || !history.metrics.every(isMetricsMessage)) return 'its validation results are incomplete';
  if (value.lastMetrics !== null && !isMetrics(value.lastMetrics)) return 'its last validation result is incomplete';
  if (value.testMetrics !== null && !isMetrics(value.testMetrics)) return 'its test result is incomplete';
  if (!isRecord(value.settings)) return 'its settings are missing';
  // Stories kept by earlier versions name no record: the run is kept as a new one when it next finishes.
  const keptRecordId = typeof value.keptRecordId === 'string' ? value.keptRecordId : null;
  // Stories kept by earlier versions (or a damaged origin) say nothing of it: the run is not replayed then.
  const origin = checkRunOrigin(value.origin);
  const nanForNull = (list: number[]) => list.map((item) => (item === null ? Number.NaN : item));
  return {
    step: value.step,
    epoch: value.epoch,
    totalSteps: value.totalSteps,
    stepsPerEpoch: value.stepsPerEpoch,
    history: { trainLoss: nanForNull(history.trainLoss), gradNorm: nanForNull(history.gradNorm), metrics: history.metrics },
    lastMetrics: value.lastMetrics as EvalMetrics | null,
    testMetrics: value.testMetrics as EvalMetrics | null,
    settings: value.settings as RunSettings,
    keptRecordId,
    ...(origin ? { origin } : {}),
  };
}
