/** The one sentence that reports a finished run on the Train screen: which model, how long, how good on test. */
import type { CellType } from '../../model/types';
import { CELL_TITLES } from '../state/appConfig';
import { formatInteger, formatPercent } from './format';

export interface RunSummaryInput {
  cell: CellType;
  /** Epochs the run trained for; null when the result is from an end the run has since gone past (`summaryEpochs`). */
  epochs: number | null;
  accuracy: number;
  macroAccuracy: number;
  /** Test examples evaluated. */
  count: number;
  /** 'names' or 'sentences'. */
  exampleNoun: string;
}

/**
 * The epochs a finished run's result is for: the run's length while it is done. Once its epochs are raised (paused,
 * or training on) the result is from the earlier end, which the planned length no longer says: null.
 */
export function summaryEpochs(status: string, totalSteps: number, stepsPerEpoch: number): number | null {
  return status === 'done' && stepsPerEpoch > 0 ? Math.round(totalSteps / stepsPerEpoch) : null;
}

/** 'LSTM, 5 epochs: test accuracy 78.2% (macro 42.0%) on 1,799 held-out names.' */
export function runSummary(input: RunSummaryInput): string {
  const epochs = input.epochs === null ? 'last test before training went on' : `${formatInteger(input.epochs)} ${input.epochs === 1 ? 'epoch' : 'epochs'}`;
  return (
    `${CELL_TITLES[input.cell]}, ${epochs}: test accuracy ${formatPercent(input.accuracy)} ` +
    `(macro ${formatPercent(input.macroAccuracy)}) on ${formatInteger(input.count)} held-out ${input.exampleNoun}.`
  );
}
