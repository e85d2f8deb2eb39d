/** A complete kept run, for the unit tests of the run store's pure parts. */
import { defaultsFor } from './appConfig';
import type { RunRecord } from './runRecord';

export function sampleRun(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'run-1',
    name: 'LSTM 128 · Adam 0.005 · 2 epochs',
    pinned: false,
    dataId: 'names',
    classes: ['Czech', 'English'],
    settings: { ...defaultsFor('names') },
    seed: 42,
    createdAt: 1_700_000_000_000,
    step: 900,
    epoch: 1,
    curves: { trainLoss: [1, 2.8, 2, 2.5], gradNorm: [1, 3, 2, 2], valLoss: [450, 1.2], valAccuracy: [450, 0.61] },
    test: { accuracy: 0.78, macroAccuracy: 0.42, count: 1799, classRecall: [0.3, 0.9] },
    weights: null,
    ...overrides,
  };
}
