import { describe, expect, it } from 'vitest';
import { runSummary } from './runSummary';

describe('runSummary', () => {
  it('names the cell, the epochs and both accuracies in one sentence', () => {
    expect(runSummary({ cell: 'lstm', epochs: 5, accuracy: 0.7823, macroAccuracy: 0.42, count: 1799, exampleNoun: 'names' })).toBe(
      'LSTM, 5 epochs: test accuracy 78.2% (macro 42.0%) on 1,799 held-out names.',
    );
  });

  it('says "epoch" for one', () => {
    expect(runSummary({ cell: 'gru', epochs: 1, accuracy: 0.5, macroAccuracy: 0.5, count: 2, exampleNoun: 'sentences' })).toMatch(/^GRU, 1 epoch: /);
  });
});
