import { describe, expect, it } from 'vitest';
import { epochsTrained, statusText } from './statusText';

describe('statusText', () => {
  it('words a finished run with the screen\'s own restart button, and names the Epochs that train on', () => {
    expect(statusText(null, 'run-finished', 'New weights', 10)).toBe('This run has finished all its epochs. Raise Epochs above 10 to train on, or press New weights to start again.');
    expect(statusText(null, 'run-finished', 'Reset', 1)).toBe('This run has finished all its epochs. Raise Epochs above 1 to train on, or press Reset to start again.');
  });

  it('shows the worker\'s own words when there is no reason to word', () => {
    expect(statusText('Training finished.', null, 'Reset', 3)).toBe('Training finished.');
    expect(statusText(null, null, 'Reset', 0)).toBeNull();
  });
});

describe('epochsTrained', () => {
  it('counts whole epochs: Epochs must be above it for Play to take another step', () => {
    expect(epochsTrained(30, 3)).toBe(10);
    expect(epochsTrained(31, 3)).toBe(10);
    expect(epochsTrained(0, 3)).toBe(0);
    expect(epochsTrained(5, 0)).toBe(0);
  });
});
