/** The one sentence that reports a finished run on the Train screen: which model, how long, how good on test. */
import type { CellType } from '../../model/types';
import { CELL_TITLES } from '../state/appConfig';
import { formatInteger, formatPercent } from './format';

export interface RunSummaryInput {
  cell: CellType;
  /** Epochs the run trained for. */
  epochs: number;
  accuracy: number;
  macroAccuracy: number;
  /** Test examples evaluated. */
  count: number;
  /** 'names' or 'sentences'. */
  exampleNoun: string;
}

/** 'LSTM, 5 epochs: test accuracy 78.2% (macro 42.0%) on 1,799 held-out names.' */
export function runSummary(input: RunSummaryInput): string {
  const epochs = `${formatInteger(input.epochs)} ${input.epochs === 1 ? 'epoch' : 'epochs'}`;
  return (
    `${CELL_TITLES[input.cell]}, ${epochs}: test accuracy ${formatPercent(input.accuracy)} ` +
    `(macro ${formatPercent(input.macroAccuracy)}) on ${formatInteger(input.count)} held-out ${input.exampleNoun}.`
  );
}
