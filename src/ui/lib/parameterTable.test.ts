import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../model/types';
import { computeParameterRows, layerOfParameter, totalParameters } from './parameterTable';

const classes = Array.from({ length: 18 }, (_, index) => `c${index}`);
const alphabet = 'x'.repeat(57);
function names(patch: Partial<ModelConfig>): ModelConfig {
  return { cell: 'lstm', hiddenSize: 128, numLayers: 1, bidirectional: false, dropout: 0, input: { type: 'chars', alphabet }, classes, ...patch };
}

describe('parameter table before build (PyTorch formulas)', () => {
  it('counts a 1-layer LSTM 128 on 57 letters and 18 classes as PyTorch does', () => {
    // nn.LSTM(57, 128): 4·128·57 + 4·128·128 + 2·4·128 = 95,744; nn.Linear(128, 18): 2,322.
    const rows = computeParameterRows(names({}));
    expect(rows.map((row) => row.name)).toEqual([
      'rnn.weight_ih_l0',
      'rnn.weight_hh_l0',
      'rnn.bias_ih_l0',
      'rnn.bias_hh_l0',
      'head.weight',
      'head.bias',
    ]);
    expect(totalParameters(rows).total).toBe(95_744 + 2_322);
  });

  it('doubles the input of stacked layers above a bidirectional one and names reverse weights', () => {
    const rows = computeParameterRows(names({ cell: 'gru', hiddenSize: 10, numLayers: 2, bidirectional: true }));
    const byName = new Map(rows.map((row) => [row.name, row.shape]));
    expect(byName.get('rnn.weight_ih_l0_reverse')).toEqual([30, 57]);
    expect(byName.get('rnn.weight_ih_l1')).toEqual([30, 20]);
    expect(byName.get('head.weight')).toEqual([18, 20]);
    expect(layerOfParameter('rnn.weight_hh_l1_reverse')).toBe('Layer 1 reverse');
  });

  it('counts a frozen embedding as not trainable', () => {
    const rows = computeParameterRows({
      ...names({ cell: 'rnn', hiddenSize: 4 }),
      classes: ['negative', 'positive'],
      input: { type: 'words', vocab: ['<pad>', '<unk>', 'good'], pad: '<pad>', unk: '<unk>', lowercase: true, embeddingDim: 5, trainableEmbedding: false },
    });
    expect(rows[0]).toEqual({ name: 'embedding.weight', shape: [3, 5], count: 15, trainable: false });
    const totals = totalParameters(rows);
    expect(totals.total - totals.trainable).toBe(15);
  });

  it("gives the tutorial RNN its i2h and i2o layers over input + hidden", () => {
    const rows = computeParameterRows(names({ cell: 'tutorial' }));
    expect(rows.map((row) => [row.name, row.shape])).toEqual([
      ['i2h.weight', [128, 185]],
      ['i2h.bias', [128]],
      ['i2o.weight', [18, 185]],
      ['i2o.bias', [18]],
    ]);
  });
});
