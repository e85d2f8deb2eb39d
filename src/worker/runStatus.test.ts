import { describe, expect, it } from 'vitest';
import { stoppedRunStatus } from './runStatus';

describe('stoppedRunStatus', () => {
  it('is done at the last step of the epochs and after it, paused before', () => {
    expect(stoppedRunStatus(6, 6)).toBe('done');
    expect(stoppedRunStatus(7, 6)).toBe('done');
    expect(stoppedRunStatus(5, 6)).toBe('paused');
    // Epochs raised from 2 to 40 after a 6-step run: it trains on.
    expect(stoppedRunStatus(6, 120)).toBe('paused');
  });

  it('never calls a run without steps done (a model opened without its data)', () => {
    expect(stoppedRunStatus(0, 0)).toBe('paused');
    expect(stoppedRunStatus(12, 0)).toBe('paused');
  });
});
