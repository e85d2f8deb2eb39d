import { describe, expect, it } from 'vitest';
import { layerOfParameter, totalParameters } from './parameterTable';

describe('parameter table groups and totals', () => {
  it('files every name the engine builds under its layer', () => {
    expect(layerOfParameter('embedding.weight')).toBe('Embedding');
    expect(layerOfParameter('rnn.weight_hh_l1_reverse')).toBe('Layer 1 reverse');
    expect(layerOfParameter('rnn.bias_ih_l0')).toBe('Layer 0 forward');
    expect(layerOfParameter('rnn.i2h.weight')).toBe('i2h (input+hidden → hidden)');
    expect(layerOfParameter('head.bias')).toBe('Head (Linear → log-softmax)');
  });

  it('counts a frozen embedding as not trainable', () => {
    const totals = totalParameters([
      { name: 'embedding.weight', shape: [3, 5], count: 15, trainable: false },
      { name: 'head.weight', shape: [2, 5], count: 10, trainable: true },
    ]);
    expect(totals).toEqual({ total: 25, trainable: 10 });
  });
});
