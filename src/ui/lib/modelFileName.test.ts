import { describe, expect, it } from 'vitest';
import { modelFileName } from './modelFileName';

describe('modelFileName', () => {
  it('says what the model is: a classifier, a names generator or a model of your own text', () => {
    expect(modelFileName({ kind: 'classifier', model: { cell: 'lstm', hiddenSize: 128 } })).toBe('rnn-playground-lstm-128.json');
    expect(modelFileName({ kind: 'char-lm', model: { cell: 'gru', hiddenSize: 64, conditions: ['English', 'Russian'] } })).toBe('rnn-playground-names-generator-gru-64.json');
    expect(modelFileName({ kind: 'char-lm', model: { cell: 'lstm', hiddenSize: 16, conditions: [] } })).toBe('rnn-playground-your-text-lstm-16.json');
  });
});
