import { describe, expect, it } from 'vitest';
import {
  configFromQuery,
  generationTaskFromQuery,
  configToQuery,
  exampleTextFromQuery,
  isDeepLink,
  NAMES_DEFAULTS,
  sanitizeConfig,
  SST2_DEFAULTS,
  stepBlurb,
  stepFromQuery,
  STEPS,
  toModelConfig,
} from './appConfig';
import { LONGEST_EXAMPLE_TEXT } from '../lib/exampleText';
import type { InputSource } from './appConfig';
import { sameArchitecture } from '../../model/architecture';

const chars = { type: 'chars', alphabet: 'abc' } as const;

describe('configuration in the URL', () => {
  it('round-trips every field, including clipping off and booleans', () => {
    const config = { ...SST2_DEFAULTS, bidirectional: true, clipNorm: null, learningRate: 0.0005, backend: 'webgpu' as const };
    expect({ ...NAMES_DEFAULTS, ...configFromQuery(configToQuery(config)) }).toEqual(config);
    const clipped = { ...NAMES_DEFAULTS, clipNorm: 2.5 };
    expect(configFromQuery(configToQuery(clipped)).clipNorm).toBe(2.5);
  });

  it('ignores unknown and out-of-range values instead of applying them', () => {
    const patch = configFromQuery('cell=transformer&hidden=99999&lr=-1&layers=2&bi=maybe&backend=tpu&epochs=3.5');
    expect(patch).toEqual({ numLayers: 2 });
  });

  it('keeps other parameters of the query (step, present) when writing', () => {
    const query = new URLSearchParams(configToQuery(NAMES_DEFAULTS, 'step=train&present=1'));
    expect(query.get('step')).toBe('train');
    expect(query.get('present')).toBe('1');
    expect(stepFromQuery(query.toString())).toBe('train');
    expect(stepFromQuery('step=elsewhere')).toBeUndefined();
  });

  it('reads a link: step or presenter mode make it a deep link (no tour), and its text is kept to the input length', () => {
    expect(isDeepLink('step=train')).toBe(true);
    expect(isDeepLink('present=1&task=names')).toBe(true);
    expect(isDeepLink('task=names&hidden=64')).toBe(false);
    // A link into a lab is one too (the tour would cover the lab with the steps' first screen).
    expect(isDeepLink('lab=memory')).toBe(true);
    expect(isDeepLink('lab=text&task=names')).toBe(true);
    expect(isDeepLink('lab=kitchen')).toBe(false);
    expect(exampleTextFromQuery('text=Nakamura&step=inspect')).toBe('Nakamura');
    expect(exampleTextFromQuery(`text=${'x'.repeat(5000)}`)).toHaveLength(2 * LONGEST_EXAMPLE_TEXT + 2);
    expect(exampleTextFromQuery('text=&step=inspect')).toBeUndefined();
    expect(exampleTextFromQuery(new URLSearchParams({ text: "it's not <b>good</b> & fine" }).toString())).toBe("it's not <b>good</b> & fine");
  });

  it('names the Generate names task in the link, and reads it back as that task on the names data', () => {
    const query = configToQuery({ ...NAMES_DEFAULTS, hiddenSize: 64 }, 'step=inspect', 'names-gen');
    expect(new URLSearchParams(query).get('task')).toBe('names-gen');
    expect(generationTaskFromQuery(query)).toBe('names-gen');
    expect(configFromQuery(query)).toMatchObject({ task: 'names', hiddenSize: 64 });
    // The classifier's link names its data set, and a generation task on other data is not written.
    expect(generationTaskFromQuery(configToQuery(NAMES_DEFAULTS))).toBeUndefined();
    expect(new URLSearchParams(configToQuery(SST2_DEFAULTS, '', 'names-gen')).get('task')).toBe('sst2');
  });

  it('sanitises a stored configuration: missing fields get the task defaults, bad ones are dropped', () => {
    const config = sanitizeConfig({ task: 'sst2', hiddenSize: 'lots', cell: 'gru', clipNorm: null });
    expect(config).toEqual({ ...SST2_DEFAULTS, cell: 'gru', clipNorm: null });
    expect(sanitizeConfig('garbage')).toEqual(NAMES_DEFAULTS);
  });
});

describe('model configuration', () => {
  it('forces the tutorial RNN to one layer and one direction', () => {
    const model = toModelConfig({ ...NAMES_DEFAULTS, cell: 'tutorial', numLayers: 3, bidirectional: true }, chars, ['x', 'y']);
    expect(model.numLayers).toBe(1);
    expect(model.bidirectional).toBe(false);
  });

  it('treats a changed embedding or hidden size as a new architecture, not a changed vocabulary', () => {
    const words: InputSource = { type: 'words', vocab: ['<pad>', '<unk>', 'a'], pad: '<pad>', unk: '<unk>', lowercase: true };
    const base = toModelConfig(SST2_DEFAULTS, words, ['negative', 'positive']);
    const otherVocab = toModelConfig(SST2_DEFAULTS, { ...words, vocab: ['<pad>', '<unk>', 'b', 'c'] }, ['negative', 'positive']);
    expect(sameArchitecture(base, otherVocab)).toBe(true);
    expect(sameArchitecture(base, toModelConfig({ ...SST2_DEFAULTS, embeddingDim: 50 }, words, ['negative', 'positive']))).toBe(false);
    expect(sameArchitecture(base, toModelConfig({ ...SST2_DEFAULTS, hiddenSize: 64 }, words, ['negative', 'positive']))).toBe(false);
    expect(sameArchitecture(base, toModelConfig(SST2_DEFAULTS, words, ['positive', 'negative']))).toBe(false);
  });
});

describe('step blurbs', () => {
  it('say that a word model is inspected word by word, a character model letter by letter', () => {
    const inspect = STEPS.find((step) => step.id === 'inspect');
    if (!inspect) throw new Error('no Inspect step');
    expect(stepBlurb(inspect, 'chars')).toMatch(/letter by letter/);
    expect(stepBlurb(inspect, 'words')).toMatch(/word by word/);
    expect(stepBlurb(inspect, 'words')).not.toMatch(/letter/);
    for (const step of STEPS) expect(stepBlurb(step, 'words')).not.toMatch(/letter by letter/);
  });

  it('promise the names generator no confusion matrix (it has none) and name what its Train and Model steps show', () => {
    for (const step of STEPS) expect(stepBlurb(step, 'chars', true)).not.toMatch(/confusion matrix|classes/);
    const blurb = (id: string) => stepBlurb(STEPS.find((step) => step.id === id)!, 'chars', true);
    expect(blurb('train')).toMatch(/names the model writes/);
    expect(blurb('model')).toMatch(/output at every step/);
    expect(stepBlurb(STEPS.find((step) => step.id === 'train')!, 'chars')).toMatch(/confusion matrix/);
  });
});
