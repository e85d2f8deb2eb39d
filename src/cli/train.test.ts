import { describe, expect, it } from 'vitest';
import { parseTrainArgs, UsageError } from './train';

describe('train CLI arguments', () => {
  it('uses the per-task defaults', () => {
    const names = parseTrainArgs([]);
    expect(names.task).toBe('names');
    expect(names.model.cell).toBe('lstm');
    expect(names.model.hiddenSize).toBe(128);
    expect(names.train).toMatchObject({ optimizer: 'adam', batchSize: 32, learningRate: 5e-3, clipNorm: null, epochs: 5, sampling: 'natural', bucketByLength: true });
    const sst2 = parseTrainArgs(['--task', 'sst2']);
    expect(sst2.model.hiddenSize).toBe(100);
    expect(sst2.model.input).toMatchObject({ type: 'words', embeddingDim: 100, trainableEmbedding: true });
    expect(sst2.train).toMatchObject({ batchSize: 32, learningRate: 1e-3, clipNorm: null });
  });

  it('reads every flag', () => {
    const options = parseTrainArgs(['--cell', 'gru', '--hidden', '64', '--layers', '2', '--bidirectional', '--dropout', '0.1', '--optimizer', 'rmsprop', '--lr', '0.01', '--batch', '16', '--epochs', '2', '--clip', '0', '--sampling', 'balanced', '--no-bucket', '--seed', '7', '--out', 'm.json', '--json-only']);
    expect(options.model).toMatchObject({ cell: 'gru', hiddenSize: 64, numLayers: 2, bidirectional: true, dropout: 0.1 });
    expect(options.train).toMatchObject({ optimizer: 'rmsprop', learningRate: 0.01, batchSize: 16, epochs: 2, clipNorm: null, sampling: 'balanced', bucketByLength: false, seed: 7 });
    expect(options.out).toBe('m.json');
    expect(options.jsonOnly).toBe(true);
  });

  it('explains a bad value', () => {
    expect(() => parseTrainArgs(['--cell', 'transformer'])).toThrow(UsageError);
    expect(() => parseTrainArgs(['--cell', 'transformer'])).toThrow(/--cell must be one of tutorial, rnn, lstm, gru/);
    expect(() => parseTrainArgs(['--hidden', '1.5'])).toThrow(/--hidden needs a whole number/);
  });

  it('names-gen: the LM defaults, the tutorial preset\'s dropout 0.1, and no flags that have no meaning for it', () => {
    const lm = parseTrainArgs(['--task', 'names-gen']);
    expect(lm.model).toMatchObject({ cell: 'lstm', hiddenSize: 128, numLayers: 1, dropout: 0 });
    expect(lm.train).toMatchObject({ optimizer: 'adam', learningRate: 3e-3, batchSize: 64, epochs: 10, clipNorm: null });
    expect(parseTrainArgs(['--task', 'names-gen', '--cell', 'tutorial']).model.dropout).toBe(0.1);
    expect(parseTrainArgs(['--task', 'names-gen', '--cell', 'tutorial', '--dropout', '0']).model.dropout).toBe(0);
    expect(() => parseTrainArgs(['--task', 'names-gen', '--bidirectional'])).toThrow(/--bidirectional has no meaning for names-gen/);
  });
});
