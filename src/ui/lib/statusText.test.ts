import { describe, expect, it } from 'vitest';
import { statusText } from './statusText';

describe('statusText', () => {
  it('words a finished run with the screen\'s own restart button, and says that raising Epochs trains on', () => {
    expect(statusText(null, 'run-finished', 'New weights')).toBe('This run has finished all its epochs. Raise Epochs to train on, or press New weights to start again.');
    expect(statusText(null, 'run-finished', 'Reset')).toBe('This run has finished all its epochs. Raise Epochs to train on, or press Reset to start again.');
  });

  it('shows the worker\'s own words when there is no reason to word', () => {
    expect(statusText('Training finished.', null, 'Reset')).toBe('Training finished.');
    expect(statusText(null, null, 'Reset')).toBeNull();
  });
});
