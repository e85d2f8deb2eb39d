/**
 * The tutorial's generation network (i2h, i2o over cat(category, input, hidden), o2o over cat(hidden,
 * output)) against its equations written out in plain JS, and the LM session training end to end on a
 * tiny data set (the tutorial preset and a stacked LSTM with dropout): validation NLL per character falls.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { symbolLayout } from '../data/generation';
import type { Dataset, Example } from '../data/types';
import { sampleTexts, scoreTexts } from './charLmGenerate';
import { charLmSessionFromFile, createCharLmSession } from './charLmSession';
import { ParamStore } from './params';
import { useNodeBackend } from './testing/backend';
import { closeness } from './testing/fixtures';
import type { CharLmConfig, TrainConfig } from './types';

const config: CharLmConfig = { cell: 'tutorial', hiddenSize: 4, numLayers: 1, dropout: 0.1, alphabet: 'abc', conditions: ['x', 'y'] };

/** y = W·v + b with W `[out, in]` row-major (PyTorch's nn.Linear). */
function linear(weight: Float32Array, bias: Float32Array, input: number[]): number[] {
  return Array.from(bias, (b, row) => input.reduce((sum, value, column) => sum + weight[row * input.length + column] * value, b));
}

function logSoftmax(values: number[]): number[] {
  const max = Math.max(...values);
  const logSum = Math.log(values.reduce((sum, value) => sum + Math.exp(value - max), 0)) + max;
  return values.map((value) => value - logSum);
}

/** The tutorial's forward over one text, step by step, in float64. */
async function reference(store: ParamStore, text: string, condition: number): Promise<number[][]> {
  const layout = symbolLayout(config.alphabet);
  const get = (name: string) => store.torchValues(name);
  const [i2hW, i2hB, i2oW, i2oB, o2oW, o2oB] = await Promise.all(['rnn.i2h.weight', 'rnn.i2h.bias', 'head.i2o.weight', 'head.i2o.bias', 'head.o2o.weight', 'head.o2o.bias'].map(get));
  let hidden = new Array<number>(config.hiddenSize).fill(0);
  const previous = [layout.bosId, ...[...text].map((letter) => config.alphabet.indexOf(letter))];
  return previous.map((symbol) => {
    const category = config.conditions.map((_, index) => (index === condition ? 1 : 0));
    const input = Array.from({ length: layout.previousSize }, (_, index) => (index === symbol ? 1 : 0));
    const combined = [...category, ...input, ...hidden];
    const nextHidden = linear(i2hW, i2hB, combined);
    const output = linear(i2oW, i2oB, combined);
    const logProbs = logSoftmax(linear(o2oW, o2oB, [...nextHidden, ...output]));
    hidden = nextHidden;
    return logProbs;
  });
}

const TRAIN: TrainConfig = { optimizer: 'adam', learningRate: 0.02, batchSize: 8, epochs: 3, clipNorm: 1, sampling: 'natural', bucketByLength: true, seed: 2 };

/** Condition x writes "ab…", condition y writes "cc…": easy to learn, so NLL must fall fast. */
function tinyDataset(): Dataset {
  const make = (count: number): Example[] => Array.from({ length: count }, (_, i) => (i % 2 === 0 ? { text: 'ab'.repeat(1 + (i % 3)), label: 0 } : { text: 'c'.repeat(2 + (i % 4)), label: 1 }));
  return { id: 'tiny', source: 'upload', title: 'tiny', level: 'chars', classes: ['x', 'y'], notes: [], train: make(48), val: make(12), test: make(12) };
}

describe('the tutorial generation network', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('names its parameters rnn.i2h, head.i2o, head.o2o with the tutorial shapes', () => {
    const store = new ParamStore(config, 1);
    expect(store.summary().map((row) => `${row.name} [${row.shape.join(', ')}]`)).toEqual([
      'rnn.i2h.weight [4, 11]',
      'rnn.i2h.bias [4]',
      'head.i2o.weight [4, 11]',
      'head.i2o.bias [4]',
      'head.o2o.weight [4, 8]',
      'head.o2o.bias [4]',
    ]);
    store.dispose();
  });

  it('computes the equations of "Generating Names with a Character-Level RNN", teacher-forced and sampled', async () => {
    const store = new ParamStore(config, 3);
    const texts = [
      { text: 'abca', condition: 'y' },
      { text: 'c', condition: 'x' },
    ];
    const scored = await scoreTexts(store, config, texts, 40);
    for (const [index, entry] of scored.entries()) {
      const expected = await reference(store, texts[index].text, config.conditions.indexOf(texts[index].condition));
      const result = closeness(entry.logProbs.flat(), expected.flat(), 1e-5);
      expect(result.failures, result.worst).toBe(0);
    }
    const [greedy] = await sampleTexts(store, config, 'y', 1, { temperature: 0, topK: null, maxLength: 6, seed: 1 });
    const expected = await reference(store, greedy.text, 1);
    greedy.steps.forEach((step, t) => expect(step.logProb).toBeCloseTo(Math.max(...expected[t]), 5));
    store.dispose();
  });
});

describe('training a character LM session', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  for (const model of [
    { ...config, hiddenSize: 16 },
    { cell: 'lstm', hiddenSize: 16, numLayers: 2, dropout: 0.1, alphabet: 'abc', conditions: ['x', 'y'] },
  ] satisfies CharLmConfig[]) {
    it(`${model.cell} ${model.numLayers} layer(s): validation NLL per character falls and the file reopens`, async () => {
      const session = createCharLmSession(tinyDataset(), model, TRAIN);
      const before = await session.evaluate('val');
      expect(before.characters).toBe(tinyDataset().val.reduce((sum, example) => sum + example.text.length + 1, 0));
      while (session.step < session.totalSteps) {
        const outcome = await session.trainStep();
        expect(Number.isFinite(outcome.loss)).toBe(true);
      }
      const after = await session.evaluate('val');
      expect(after.nllPerChar).toBeLessThan(before.nllPerChar * 0.7);
      expect(after.perplexity).toBeCloseTo(Math.exp(after.nllPerChar), 10);
      const file = JSON.parse(JSON.stringify(await session.exportFile())) as unknown;
      session.dispose();
      const reopened = charLmSessionFromFile(file, tinyDataset(), TRAIN);
      expect((await reopened.evaluate('val')).nllPerChar).toBeCloseTo(after.nllPerChar, 5);
      reopened.dispose();
    });
  }
});
