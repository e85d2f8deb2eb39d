import { beforeAll, describe, expect, it } from 'vitest';
import { charLmParamSpecs, charLmWidths, configOfModelFile, MODEL_LIMITS, ModelConfigError, modelFileHeader, parameterRows, sameArchitecture, validateCharLmConfig, validateModelConfig } from './architecture';
import { useNodeBackend } from './nodeBackend';
import { ParamStore } from './params';
import { CELL_TYPES } from './types';
import type { CharLmConfig, InputSpec, ModelConfig } from './types';
import { NAME_ALPHABET } from '../data/names';

const chars: InputSpec = { type: 'chars', alphabet: 'abcdefg' };
const words: InputSpec = { type: 'words', vocab: ['<pad>', '<unk>', 'good', 'bad'], pad: '<pad>', unk: '<unk>', lowercase: true, embeddingDim: 5, trainableEmbedding: false };

function config(patch: Partial<ModelConfig>): ModelConfig {
  return { cell: 'lstm', hiddenSize: 6, numLayers: 1, bidirectional: false, dropout: 0, input: chars, classes: ['a', 'b', 'c'], ...patch };
}

describe('the preview equals the built model', () => {
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });

  const cases: ModelConfig[] = [];
  for (const cell of CELL_TYPES) {
    for (const input of [chars, words]) {
      for (const numLayers of [1, 2, 3]) {
        for (const bidirectional of [false, true]) {
          // The tutorial cell is one forward layer by construction (validateModelConfig refuses the rest).
          if (cell === 'tutorial' && (numLayers > 1 || bidirectional)) continue;
          cases.push(config({ cell, input, numLayers, bidirectional }));
        }
      }
    }
  }

  it.each(cases.map((model) => [`${model.cell} ${model.input.type} ×${model.numLayers}${model.bidirectional ? ' bi' : ''}`, model] as const))(
    '%s',
    (_label, model) => {
      const store = new ParamStore(model, 1);
      try {
        expect(parameterRows(model)).toEqual(store.summary());
      } finally {
        store.dispose();
      }
    },
  );
});

describe('parameter rows (PyTorch names and formulas)', () => {
  const classes = Array.from({ length: 18 }, (_, index) => `c${index}`);
  const names = (patch: Partial<ModelConfig>) => config({ hiddenSize: 128, input: { type: 'chars', alphabet: 'x'.repeat(57) }, classes, ...patch });

  it('counts a 1-layer LSTM 128 on 57 letters and 18 classes as PyTorch does', () => {
    // nn.LSTM(57, 128): 4·128·57 + 4·128·128 + 2·4·128 = 95,744; nn.Linear(128, 18): 2,322.
    const rows = parameterRows(names({}));
    expect(rows.map((row) => row.name)).toEqual(['rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0', 'head.weight', 'head.bias']);
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(95_744 + 2_322);
  });

  it('doubles the input of stacked layers above a bidirectional one and names reverse weights', () => {
    const byName = new Map(parameterRows(names({ cell: 'gru', hiddenSize: 10, numLayers: 2, bidirectional: true })).map((row) => [row.name, row.shape]));
    expect(byName.get('rnn.weight_ih_l0_reverse')).toEqual([30, 57]);
    expect(byName.get('rnn.weight_ih_l1')).toEqual([30, 20]);
    expect(byName.get('head.weight')).toEqual([18, 20]);
  });

  it("gives the tutorial RNN its i2h over input + hidden and a head reading [x_T, h_{T-1}]", () => {
    expect(parameterRows(names({ cell: 'tutorial' })).map((row) => [row.name, row.shape])).toEqual([
      ['rnn.i2h.weight', [128, 185]],
      ['rnn.i2h.bias', [128]],
      ['head.weight', [18, 185]],
      ['head.bias', [18]],
    ]);
  });

  it('counts a frozen embedding as not trainable', () => {
    expect(parameterRows(config({ cell: 'rnn', input: words }))[0]).toEqual({ name: 'embedding.weight', shape: [4, 5], count: 20, trainable: false });
  });
});

describe('validateModelConfig', () => {
  it('accepts a sane model and refuses impossible or absurdly large ones by name', () => {
    expect(() => validateModelConfig(config({}))).not.toThrow();
    expect(() => validateModelConfig(config({ hiddenSize: 0 }))).toThrow(/hiddenSize must be a whole number/);
    expect(() => validateModelConfig(config({ hiddenSize: MODEL_LIMITS.hiddenSize + 1 }))).toThrow(/hiddenSize must be at most 4096/);
    expect(() => validateModelConfig(config({ numLayers: 17 }))).toThrow(/numLayers must be at most 16/);
    expect(() => validateModelConfig(config({ cell: 'tutorial', numLayers: 2 }))).toThrow(/exactly one forward layer/);
    expect(() => validateModelConfig(config({ input: { ...words, embeddingDim: 5000 } }))).toThrow(/embeddingDim must be at most 4096/);
    // Every field within its limit, the total not: 16 layers of LSTM 4096 are ~4 billion weights.
    expect(() => validateModelConfig(config({ hiddenSize: 4096, numLayers: 16 }))).toThrow(ModelConfigError);
    expect(() => validateModelConfig(config({ hiddenSize: 4096, numLayers: 16 }))).toThrow(/parameters; the playground builds at most/);
  });
});

describe('sameArchitecture', () => {
  it('is true for the same model with another vocabulary, false when anything the weights or forward pass depend on differs', () => {
    const model = config({ input: words });
    expect(sameArchitecture(model, config({ input: { ...words, vocab: ['<pad>', '<unk>'] } }))).toBe(true);
    for (const patch of [{ dropout: 0.1 }, { hiddenSize: 7 }, { numLayers: 2 }, { bidirectional: true }, { cell: 'gru' as const }, { classes: ['a', 'c', 'b'] }, { input: chars }, { input: { ...words, embeddingDim: 6 } }, { input: { ...words, trainableEmbedding: true } }]) {
      expect(sameArchitecture(model, config({ input: words, ...patch })), JSON.stringify(patch)).toBe(false);
    }
    expect(sameArchitecture(config({}), config({ input: { type: 'chars', alphabet: 'abc' } }))).toBe(false);
  });

  it("tells whether a saved file's header is the model a configuration describes", () => {
    const model = config({ input: words, dropout: 0.1 });
    const saved = { model: modelFileHeader(model), classes: model.classes, inputType: model.input.type };
    const opened = configOfModelFile(saved, model);
    expect(opened && sameArchitecture(opened, model)).toBe(true);
    const other = configOfModelFile(saved, config({ input: words, dropout: 0.2 }));
    expect(other && sameArchitecture(other, config({ input: words, dropout: 0.2 }))).toBe(false);
    expect(configOfModelFile(saved, config({}))).toBeNull();
  });
});

describe('the character LM parameter table', () => {
  const names: CharLmConfig = { cell: 'lstm', hiddenSize: 128, numLayers: 2, dropout: 0, alphabet: NAME_ALPHABET, conditions: Array.from({ length: 18 }, (_, i) => `language${i}`) };

  it('is nn.LSTM(18 + 59, H) as rnn.* and nn.Linear(H, 58) as head.*', () => {
    expect(charLmWidths(names)).toEqual({ conditions: 18, previous: 59, input: 77, output: 58 });
    expect(charLmParamSpecs(names).map((spec) => `${spec.name} [${spec.torchShape.join(', ')}]`)).toEqual([
      'rnn.weight_ih_l0 [512, 77]',
      'rnn.weight_hh_l0 [512, 128]',
      'rnn.bias_ih_l0 [512]',
      'rnn.bias_hh_l0 [512]',
      'rnn.weight_ih_l1 [512, 128]',
      'rnn.weight_hh_l1 [512, 128]',
      'rnn.bias_ih_l1 [512]',
      'rnn.bias_hh_l1 [512]',
      'head.weight [58, 128]',
      'head.bias [58]',
    ]);
  });

  it('refuses a repeated letter or condition and a stacked tutorial network', () => {
    expect(() => validateCharLmConfig({ ...names, alphabet: 'abca' })).toThrow(/repeats a symbol/);
    expect(() => validateCharLmConfig({ ...names, conditions: ['x', 'x'] })).toThrow(/condition appears twice/);
    expect(() => validateCharLmConfig({ ...names, cell: 'tutorial' })).toThrow(/exactly one forward layer/);
  });
});
