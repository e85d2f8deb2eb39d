import { describe, expect, it } from 'vitest';
import { textProgressLine } from './textProgress';

describe('textProgressLine', () => {
  it('reads step and epoch of the run while Epochs covers what was trained', () => {
    expect(textProgressLine({ step: 4, totalSteps: 30, epoch: 1, stepsPerEpoch: 3, epochs: 10 })).toBe('Step 4 of 30 · epoch 2 of 10');
    expect(textProgressLine({ step: 30, totalSteps: 30, epoch: 10, stepsPerEpoch: 3, epochs: 10 })).toBe('Step 30 of 30 · epoch 10 of 10');
  });

  it('never claims fewer steps than were trained once Epochs is lowered under them', () => {
    expect(textProgressLine({ step: 30, totalSteps: 30, epoch: 10, stepsPerEpoch: 3, epochs: 2 })).toBe('Step 30 · 10 epochs trained; Epochs is 2');
    expect(textProgressLine({ step: 31, totalSteps: 6, epoch: 10, stepsPerEpoch: 3, epochs: 2 })).toBe('Step 31 · 10 epochs and 1 step trained; Epochs is 2');
    expect(textProgressLine({ step: 4, totalSteps: 3, epoch: 1, stepsPerEpoch: 3, epochs: 1 })).toBe('Step 4 · 1 epoch and 1 step trained; Epochs is 1');
  });
});
