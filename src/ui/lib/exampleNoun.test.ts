import { describe, expect, it } from 'vitest';
import { exampleNoun } from './exampleNoun';
import { runSummary } from './runSummary';

describe('exampleNoun', () => {
  it('names each source\'s examples, an upload as texts at either level', () => {
    expect(exampleNoun({ source: 'names' })).toBe('names');
    expect(exampleNoun({ source: 'sst2' })).toBe('sentences');
    expect(exampleNoun({ source: 'upload' })).toBe('texts');
    expect(exampleNoun(null)).toBe('names');
  });

  it('gives the finished-run sentence of an upload its own noun', () => {
    const sentence = runSummary({ cell: 'gru', epochs: 6, accuracy: 1 / 3, macroAccuracy: 1 / 3, count: 3, exampleNoun: exampleNoun({ source: 'upload' }) });
    expect(sentence).toMatch(/on 3 held-out texts\.$/);
  });
});
