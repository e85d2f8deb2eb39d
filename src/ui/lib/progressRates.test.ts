import { describe, expect, it } from 'vitest';
import { progressRates } from './progressRates';

describe('progressRates', () => {
  it('shows speed and ETA while training', () => {
    expect(progressRates('training', 30.44, 39)).toEqual({ speed: '30.4', eta: '39 s' });
  });

  it('says a long ETA shortly enough to stay on the progress line', () => {
    expect(progressRates('training', 1.6, 662).eta).toBe('11 min');
    expect(progressRates('training', 1.6, 545).eta).toBe('9 min 05 s');
    expect(progressRates('training', 1.6, 599.6).eta).toBe('10 min');
    expect(progressRates('training', 1.6, 119.7).eta).toBe('2 min 00 s');
    expect(progressRates('training', 0.2, 3 * 3600 + 7 * 60 + 10).eta).toBe('3 h 07 min');
  });

  it('drops the last speed and ETA once paused, and says paused', () => {
    expect(progressRates('paused', 30.44, 39)).toEqual({ speed: '—', eta: 'paused' });
  });

  it('shows neither before a run or after it ends', () => {
    expect(progressRates('ready', 0, null)).toEqual({ speed: '—', eta: '—' });
    expect(progressRates('done', 12, 0)).toEqual({ speed: '—', eta: '—' });
  });
});
