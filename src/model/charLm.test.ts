/**
 * The character LM against PyTorch (tools/make_lm_fixture.py): the padded batch's loss, every gradient
 * and every step's log-probabilities within 1e-4 of PyTorch's unpadded, one-name-at-a-time values, on
 * WASM (the CLI's backend) and cpu. Then sampling: the step-by-step sampler agrees with the
 * teacher-forced forward, temperature 0 is the argmax, top-k is respected, a seed reproduces the draws.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generationBatchOf, symbolLayout } from '../data/generation';
import { charLmForward, charLmInputs, charLmLoss } from './charLm';
import { conditionIndex, sampleTexts, scoreTexts } from './charLmGenerate';
import { ParamStore, transposeValues } from './params';
import { useNodeBackend } from './testing/backend';
import { charLmFixture as fixture, fixtureConfig } from './testing/charLmFixture';
import { closeness, flat } from './testing/fixtures';

const config = fixtureConfig(fixture);
const layout = symbolLayout(config.alphabet);

function fixtureStore(): ParamStore {
  const store = new ParamStore(config, 1);
  for (const [name, value] of Object.entries(fixture.state_dict)) store.setTorchValues(name, flat(value));
  return store;
}

function expectClose(label: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  const result = closeness(actual, expected);
  expect(result.failures, `${label}: ${result.worst} (max |Δ| ${result.maxAbs})`).toBe(0);
}

const items = fixture.names.map((name) => ({ text: name.text, condition: conditionIndex(config, name.condition) }));

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`character LM vs PyTorch on ${backend}`, () => {
    beforeAll(async () => {
      await useNodeBackend(backend);
    });

    it('feeds concat(one-hot language, one-hot previous symbol) with BOS first', () => {
      const batch = generationBatchOf([{ text: 'Zhu', condition: 1 }], layout, 40);
      const inputs = tf.tidy(() => charLmInputs(config, batch).arraySync());
      expect(inputs.length).toBe(4);
      const first = inputs[0][0];
      expect(first.length).toBe(18 + 59);
      expect(first.flatMap((value, column) => (value === 1 ? [column] : []))).toEqual([1, 18 + 58]);
      expect(inputs[1][0].flatMap((value, column) => (value === 1 ? [column] : []))).toEqual([1, 18 + config.alphabet.indexOf('Z')]);
    });

    it("a padded batch's mean NLL per character and every gradient equal PyTorch's", async () => {
      const store = fixtureStore();
      const batch = generationBatchOf(items, layout, 40);
      expect(batch.characters).toBe(fixture.characters);
      const { value, grads } = tf.variableGrads(() => charLmLoss(charLmForward(store, config, batch, { training: false }).logProbs, batch), store.trainableVariables());
      expectClose('loss', await value.data(), [fixture.loss]);
      for (const spec of store.specs) {
        const stored = (await grads[store.get(spec.name).name].data()) as Float32Array;
        const torchLayout = spec.transposed ? transposeValues(stored, spec.torchShape[1], spec.torchShape[0]) : stored;
        expectClose(`grad ${spec.name}`, torchLayout, fixture.grads[spec.name]);
      }
      tf.dispose([value, ...Object.values(grads)]);
      store.dispose();
    });

    it("teacher-forced log-probabilities of every step equal PyTorch's", async () => {
      const store = fixtureStore();
      const scored = await scoreTexts(store, config, fixture.names, 40);
      scored.forEach((entry, index) => {
        expect(entry.logProbs.length).toBe(fixture.names[index].text.length + 1);
        expectClose(`log_probs ${entry.input}`, entry.logProbs.flat(), fixture.log_probs[index].flat());
      });
      store.dispose();
    });
  });
}

describe('sampling a character LM', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('scores a name as it reads it: characters outside the alphabet left out of its symbols and rows, as in training', async () => {
    const store = fixtureStore();
    const [typed, read] = await scoreTexts(store, config, [{ text: 'Ab-a7', condition: 'Russian' }, { text: 'Aba', condition: 'Russian' }], 40);
    expect(typed.symbols).toEqual(['A', 'b', 'a', '<EOS>']);
    expect(typed.logProbs).toHaveLength(4);
    expect(typed.logProbs).toEqual(read.logProbs);
    await expect(scoreTexts(store, config, [{ text: '7-7', condition: 'Russian' }], 40)).rejects.toThrow(`"7-7" has no letter of this model's alphabet, so there is nothing to score.`);
    store.dispose();
  });

  it('at temperature 0 takes the argmax of the teacher-forced distribution at every step, with the same log-probabilities', async () => {
    const store = fixtureStore();
    const [greedy] = await sampleTexts(store, config, 'Russian', 1, { temperature: 0, topK: null, maxLength: 12, seed: 1 });
    const [scored] = await scoreTexts(store, config, [{ text: greedy.text, condition: 'Russian' }], 40);
    greedy.steps.forEach((step, t) => {
      const row = scored.logProbs[t];
      const best = row.indexOf(Math.max(...row));
      expect(step.symbol).toBe(best === layout.eosId ? '<EOS>' : layout.letters[best]);
      expect(step.logProb).toBeCloseTo(row[best], 5);
      expect(step.top[0].symbol).toBe(step.symbol);
      expect(step.top).toHaveLength(5);
    });
    store.dispose();
  });

  it('is reproducible from a seed, respects top-k and stops at EOS or the length limit', async () => {
    const store = fixtureStore();
    const options = { temperature: 1.5, topK: 2, maxLength: 8, seed: 5 };
    const first = await sampleTexts(store, config, 'German', 6, options);
    const again = await sampleTexts(store, config, 'German', 6, options);
    expect(again.map((sample) => sample.text)).toEqual(first.map((sample) => sample.text));
    for (const sample of first) {
      expect(sample.steps.length).toBeLessThanOrEqual(8);
      expect(sample.ended ? sample.steps.at(-1)?.symbol === '<EOS>' : sample.text.length === 8).toBe(true);
      for (const step of sample.steps) expect(step.top.slice(0, 2).map((candidate) => candidate.symbol)).toContain(step.symbol);
    }
    const other = await sampleTexts(store, config, 'German', 6, { ...options, seed: 6 });
    expect(other.map((sample) => sample.text)).not.toEqual(first.map((sample) => sample.text));
    store.dispose();
  });

  it('refuses an unknown language, naming the known ones', async () => {
    const store = fixtureStore();
    await expect(sampleTexts(store, config, 'Klingon', 1, { temperature: 1, topK: null, maxLength: 5, seed: 1 })).rejects.toThrow(/Unknown condition "Klingon"; the model knows Arabic, Chinese/);
    store.dispose();
  });
});
