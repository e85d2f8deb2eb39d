import { describe, expect, it } from 'vitest';
import { runSummary, summaryEpochs } from './runSummary';

describe('runSummary', () => {
  it('names the cell, the epochs and both accuracies in one sentence', () => {
    expect(runSummary({ cell: 'lstm', epochs: 5, accuracy: 0.7823, macroAccuracy: 0.42, count: 1799, exampleNoun: 'names' })).toBe(
      'LSTM, 5 epochs: test accuracy 78.2% (macro 42.0%) on 1,799 held-out names.',
    );
  });

  it('says "epoch" for one', () => {
    expect(runSummary({ cell: 'gru', epochs: 1, accuracy: 0.5, macroAccuracy: 0.5, count: 2, exampleNoun: 'sentences' })).toMatch(/^GRU, 1 epoch: /);
  });

  it('does not give the planned length to a result from an earlier end (Epochs raised after the run finished)', () => {
    expect(summaryEpochs('done', 58, 29)).toBe(2);
    expect(summaryEpochs('paused', 58, 29), 'raised to 2 after 1 epoch').toBeNull();
    expect(summaryEpochs('training', 58, 29)).toBeNull();
    expect(runSummary({ cell: 'lstm', epochs: null, accuracy: 0.519, macroAccuracy: 0.3, count: 10, exampleNoun: 'names' })).toBe(
      'LSTM, last test before training went on: test accuracy 51.9% (macro 30.0%) on 10 held-out names.',
    );
  });
});
