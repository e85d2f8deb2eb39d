/**
 * Model-file checks that need no PyTorch fixture: alphabets are read by code point (an emoji is one
 * symbol, a combining mark is refused for what it is), and class names must be distinct.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelFileError, parseModelFile } from './modelFile';
import { useNodeBackend } from './testing/backend';
import { createSession, sessionFromFile } from './trainingSession';
import type { Dataset } from '../data/types';
import type { ModelFile, TrainConfig } from './types';

const TRAIN: TrainConfig = { optimizer: 'sgd', learningRate: 0.1, batchSize: 2, epochs: 1, clipNorm: null, sampling: 'natural', bucketByLength: false, seed: 1 };
const EMOJI_ALPHABET = 'ab😀';
const dataset: Dataset = {
  id: 'emoji',
  source: 'upload',
  title: 'emoji',
  level: 'chars',
  classes: ['plain', 'smile'],
  notes: [],
  train: [
    { text: 'ab', label: 0 },
    { text: '😀a', label: 1 },
  ],
  val: [],
  test: [],
};

async function emojiModelFile(): Promise<ModelFile> {
  const session = createSession(dataset, { cell: 'gru', hiddenSize: 3, numLayers: 1, bidirectional: false, dropout: 0, input: { type: 'chars', alphabet: EMOJI_ALPHABET }, classes: dataset.classes }, TRAIN);
  const file = await session.exportFile();
  session.dispose();
  return JSON.parse(JSON.stringify(file)) as ModelFile;
}

function refusal(file: unknown): string {
  try {
    parseModelFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFileError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('model file alphabets and classes', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('takes an emoji as one symbol: one one-hot column, and it predicts text containing it', async () => {
    const file = await emojiModelFile();
    expect((file.state_dict['rnn.weight_ih_l0'] as number[][])[0]).toHaveLength(3);
    expect(parseModelFile(file).config.input).toEqual({ type: 'chars', alphabet: EMOJI_ALPHABET });
    const session = sessionFromFile(file, null, TRAIN);
    const [prediction] = await session.predict(['😀b'], 2);
    expect(prediction.logProbs.every(Number.isFinite)).toBe(true);
    session.dispose();
  });

  it('refuses a combining mark for the real reason, and names a true repeat', async () => {
    const file = await emojiModelFile();
    file.task.input = { type: 'chars', alphabet: 'a\u0301😀' };
    expect(refusal(file)).toMatch(/U\+0301 is a combining mark .*could never be fed/);
    file.task.input = { type: 'chars', alphabet: 'a😀a' };
    expect(refusal(file)).toMatch(/"a" appears more than once/);
  });

  it('refuses duplicate class names, naming them', async () => {
    const file = await emojiModelFile();
    file.task.classes = ['smile', 'smile'];
    expect(refusal(file)).toMatch(/task\.classes: "smile" appears more than once/);
  });
});
