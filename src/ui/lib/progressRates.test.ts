import { describe, expect, it } from 'vitest';
import { progressRates } from './progressRates';

describe('progressRates', () => {
  it('shows speed and ETA while training', () => {
    expect(progressRates('training', 30.44, 39)).toEqual({ speed: '30.4 steps/s', eta: '39 s' });
  });

  it('drops the last speed and ETA once paused, and says paused', () => {
    expect(progressRates('paused', 30.44, 39)).toEqual({ speed: '—', eta: 'paused' });
  });

  it('shows neither before a run or after it ends', () => {
    expect(progressRates('ready', 0, null)).toEqual({ speed: '—', eta: '—' });
    expect(progressRates('done', 12, 0)).toEqual({ speed: '—', eta: '—' });
  });
});
