/**
 * A character language model's run as kept for the next visit: its `char-lm` file, the step it was taken at,
 * the training curve and the evaluations (validation per epoch with the epoch's samples, the test result).
 * The names generator and the own-text model both keep this story, each beside its own facts
 * (generate/storedGenerator.ts, text/storedTextLab.ts). Read back untrusted, as the classifier's checkpoint is
 * (storedModel.ts): a damaged history loses the curves, not the weights; the worker still checks the file's
 * text in full. Pure: no storage, no DOM.
 */
import type { GeneratedText, LmMetrics } from '../../model/types';
import type { RunHistory } from '../../worker/client';
import type { LmMetricsMessage } from '../../worker/protocol';
import { downsampleSeries } from './runRecord';

export interface SavedLmRun {
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
}

/** A copy to keep: the live curves go on growing, and long ones are averaged down as the classifier's are. */
export function lmRunToKeep<T extends SavedLmRun>(input: T): T {
  return {
    ...input,
    history: { trainLoss: downsampleSeries(input.history.trainLoss), gradNorm: downsampleSeries(input.history.gradNorm), metrics: [] },
    lmHistory: [...input.lmHistory],
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
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

/** The stored record's run (the model file, the counts and the story), or the reason it is not one. */
export function checkSavedLmRun(value: Record<string, unknown>): SavedLmRun | string {
  if (typeof value.text !== 'string') return 'the model file is missing';
  if (!isCount(value.step) || !isCount(value.epoch) || !isCount(value.totalSteps) || !isCount(value.stepsPerEpoch)) return 'its step counts are not whole numbers';
  const base = { text: value.text, step: value.step, epoch: value.epoch, totalSteps: value.totalSteps, stepsPerEpoch: value.stepsPerEpoch };
  const history = value.history;
  const lmHistory = value.lmHistory;
  const nanForNull = (list: (number | null)[]) => list.map((item) => (item === null ? Number.NaN : item));
  if (isRecord(history) && isNumberList(history.trainLoss) && isNumberList(history.gradNorm) && Array.isArray(lmHistory) && lmHistory.every(isLmMetricsMessage)) {
    return { ...base, history: { trainLoss: nanForNull(history.trainLoss), gradNorm: nanForNull(history.gradNorm), metrics: [] }, lmHistory };
  }
  // A damaged history loses the curves, not the weights: the file beside it is whole.
  return { ...base, history: { trainLoss: [], gradNorm: [], metrics: [] }, lmHistory: [] };
}
