import { describe, expect, it } from 'vitest';
import { createKeptWeightsReader, createKeptWeightsWriter } from './keptWeights';

const map = (entries: [string, unknown][]) => {
  const values = new Map(entries);
  return { get: async (key: string) => values.get(key) };
};

describe('the worker reads a kept run’s weights by its id', () => {
  it('from the weights store, else inline in a record an older version kept (its move failed), else none', async () => {
    const read = createKeptWeightsReader(
      map([['moved', 'the moved text']]),
      map([
        ['moved', { id: 'moved', weights: null, weightsLength: 14 }],
        ['old', { id: 'old', weights: 'the inline text' }],
        ['none', { id: 'none', weights: null, weightsLength: null }],
      ]),
    );
    expect(await read('moved')).toBe('the moved text');
    expect(await read('old')).toBe('the inline text');
    expect(await read('none')).toBeNull();
    expect(await read('deleted')).toBeNull();
  });
});

describe('the worker keeps the current model’s weights under a run’s id', () => {
  it('marks them as a pending keep (the id, the time) before it writes the text, so a page’s sweep meanwhile spares them; resolves with the mark', async () => {
    const writes: [string, string, unknown][] = [];
    const store = (name: string) => ({
      setMany: async (entries: [string, unknown][]) => {
        for (const [key, value] of entries) writes.push([name, key, value]);
      },
    });
    const mark = await createKeptWeightsWriter(store('weights'), store('marks'), () => 1234)('run-7', 'the model file');
    expect(writes).toEqual([
      ['marks', 'run-7', mark],
      ['weights', 'run-7', 'the model file'],
    ]);
    // The mark's value is the time (its whole ms) and a fraction of its own, which the page compares before it clears it.
    expect([Math.floor(mark), Number.isInteger(mark)]).toEqual([1234, false]);
  });
});
