/**
 * A classifier of Cyrillic names with the data's own alphabet: the alphabet travels in the model file and the
 * reopened model gives the same log-probabilities; characters never seen are read as "�" and named; files
 * written before alphabets were stored read as the tutorial's 57; a malformed alphabet is refused by name.
 */
import { strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetAlphabet, UNKNOWN_SYMBOL } from '../data/charAlphabet';
import { NAME_ALPHABET } from '../data/names';
import type { Dataset } from '../data/types';
import { parseUpload } from '../data/upload';
import { ModelFileError, parseModelFile } from './modelFile';
import { useNodeBackend } from './testing/backend';
import { createSession, sessionFromFile } from './trainingSession';
import type { ModelConfig, ModelFile, TrainConfig } from './types';

const TRAIN: TrainConfig = { optimizer: 'adam', learningRate: 0.01, batchSize: 8, epochs: 1, clipNorm: null, sampling: 'natural', bucketByLength: false, seed: 3 };
const STEMS = ['Иван', 'Петр', 'Сидор', 'Кузнец', 'Ковал', 'Мельнич', 'Шевч', 'Бондар', 'Ткач', 'Гончар'];

function upload(csv: string): Dataset {
  return parseUpload([{ name: 'surnames.csv', bytes: strToU8(csv) }], 'chars').dataset;
}

const cyrillic = upload(['name,country', ...STEMS.flatMap((stem) => [`${stem}ов,Russia`, `${stem}ин,Russia`, `${stem}енко,Ukraine`, `${stem}ук,Ukraine`])].join('\n'));

function modelFor(dataset: Dataset): ModelConfig {
  return { cell: 'lstm', hiddenSize: 6, numLayers: 1, bidirectional: false, dropout: 0, input: { type: 'chars', alphabet: datasetAlphabet(dataset) }, classes: [...dataset.classes] };
}

async function trainedFile(dataset: Dataset, steps: number): Promise<ModelFile> {
  const session = createSession(dataset, modelFor(dataset), TRAIN);
  for (let step = 0; step < steps; step++) await session.trainStep();
  const file = await session.exportFile();
  session.dispose();
  return JSON.parse(JSON.stringify(file)) as ModelFile;
}

describe('a model file with a data set\'s own alphabet', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('stores the Cyrillic alphabet and reopens to identical log-probabilities', async () => {
    expect(cyrillic.alphabet).toMatch(/^[А-я]+\uFFFD$/u);
    const file = await trainedFile(cyrillic, 4);
    expect(file.task.input).toEqual({ type: 'chars', alphabet: cyrillic.alphabet });
    expect((file.state_dict['rnn.weight_ih_l0'] as number[][])[0]).toHaveLength([...(cyrillic.alphabet ?? '')].length);
    const texts = ['Шевченко', 'Иванов', 'Кузнецук'];
    const session = sessionFromFile(file, cyrillic, TRAIN);
    const before = await session.predict(texts, 2);
    const reopened = sessionFromFile(JSON.parse(JSON.stringify(await session.exportFile())), cyrillic, TRAIN);
    const after = await reopened.predict(texts, 2);
    expect(after.map((prediction) => prediction.logProbs)).toEqual(before.map((prediction) => prediction.logProbs));
    expect(before.every((prediction) => prediction.unknown === undefined)).toBe(true);
    session.dispose();
    reopened.dispose();
  });

  it('reads a letter never seen as "�" and names it, in predictions and traces', async () => {
    const session = sessionFromFile(await trainedFile(cyrillic, 1), null, TRAIN);
    const [prediction] = await session.predict(['Йорк'], 2);
    expect(prediction.unknown).toEqual(['Й']);
    // Й is fed as "�": the same as any other unseen capital.
    const [other] = await session.predict(['Щорк'], 2);
    expect(other.logProbs).toEqual(prediction.logProbs);
    const trace = await session.trace('Йорк', null);
    expect(trace.tokens).toEqual(['Й', 'о', 'р', 'к']);
    expect(trace.unknown).toEqual(['Й']);
    session.dispose();
  });

  it('a 57-symbol model does not train on Cyrillic data (it would drop every letter)', async () => {
    const latin = upload(['name,country', ...['Ivan', 'Petr', 'Sidor', 'Kuzn'].flatMap((stem) => [`${stem}ov,Russia`, `${stem}enko,Ukraine`])].join('\n'));
    expect(latin.alphabet).toBeUndefined();
    const file = await trainedFile(latin, 1);
    expect(() => sessionFromFile(file, cyrillic, TRAIN)).toThrow(/does not fit the loaded data: The model's alphabet \(57 symbols\)/);
  });

  it('opens a file written before alphabets were stored as the 57, with the same predictions', async () => {
    const latin = upload(['name,country', ...['Ivan', 'Petr', 'Sidor', 'Kuzn'].flatMap((stem) => [`${stem}ov,Russia`, `${stem}enko,Ukraine`])].join('\n'));
    const file = await trainedFile(latin, 2);
    const old = JSON.parse(JSON.stringify(file)) as { task: { input: Record<string, unknown> } };
    delete old.task.input.alphabet;
    expect(parseModelFile(old).config.input).toEqual({ type: 'chars', alphabet: NAME_ALPHABET });
    const withAlphabet = sessionFromFile(file, latin, TRAIN);
    const without = sessionFromFile(old, latin, TRAIN);
    expect((await without.predict(['Shevchenko'], 2))[0].logProbs).toEqual((await withAlphabet.predict(['Shevchenko'], 2))[0].logProbs);
    withAlphabet.dispose();
    without.dispose();
  });

  it('refuses a malformed alphabet with what is wrong', async () => {
    const file = await trainedFile(cyrillic, 0);
    const refusal = (alphabet: unknown) => {
      const copy = structuredClone(file) as { task: { input: Record<string, unknown> } };
      copy.task.input.alphabet = alphabet;
      try {
        parseModelFile(copy);
      } catch (error) {
        expect(error).toBeInstanceOf(ModelFileError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    const symbols = [...(cyrillic.alphabet ?? '')];
    const moved = [UNKNOWN_SYMBOL, ...symbols.slice(0, -1)].join('');
    expect(refusal(moved)).toMatch(/^task\.input\.alphabet: the unknown symbol "�" \(U\+FFFD\) must be the last symbol/);
    expect(refusal([symbols[1], ...symbols].join(''))).toMatch(/^task\.input\.alphabet: ".*" appears more than once/);
    expect(refusal(7)).toMatch(/^task\.input\.alphabet: expected a non-empty string/);
  });
});
