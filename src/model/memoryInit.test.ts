import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../data/random';
import { memoryParamSpecs, ModelConfigError, validateMemoryConfig } from './architecture';
import { useNodeBackend } from './nodeBackend';
import { orthogonalValues, ParamStore } from './params';
import type { GateBiasInit, MemoryModelConfig } from './types';

const H = 5;

function config(patch: Partial<MemoryModelConfig>): MemoryModelConfig {
  return { task: 'first-symbol', distance: 10, cell: 'lstm', hiddenSize: H, gateBias: 'pytorch', recurrentInit: 'uniform', ...patch };
}

async function values(model: MemoryModelConfig, seed = 3): Promise<Record<string, number[]>> {
  const store = new ParamStore(model, seed);
  try {
    const out: Record<string, number[]> = {};
    for (const spec of store.specs) out[spec.name] = [...(await store.torchValues(spec.name))];
    return out;
  } finally {
    store.dispose();
  }
}

const rows = (vector: number[], block: number) => vector.slice(block * H, (block + 1) * H);

describe('gate-bias initialisation', () => {
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });

  for (const bias of ['0', '1', '3'] as const) {
    it(`LSTM forget bias ${bias}: b_ih's f rows hold it, b_hh's f rows 0, every other value PyTorch's draw`, async () => {
      const plain = await values(config({}));
      const levered = await values(config({ gateBias: bias }));
      // PyTorch order i,f,g,o: f is the second block.
      expect(rows(levered['rnn.bias_ih_l0'], 1)).toEqual(new Array(H).fill(Number(bias)));
      expect(rows(levered['rnn.bias_hh_l0'], 1)).toEqual(new Array(H).fill(0));
      for (const block of [0, 2, 3]) {
        expect(rows(levered['rnn.bias_ih_l0'], block)).toEqual(rows(plain['rnn.bias_ih_l0'], block));
        expect(rows(levered['rnn.bias_hh_l0'], block)).toEqual(rows(plain['rnn.bias_hh_l0'], block));
      }
      expect(levered['rnn.weight_hh_l0']).toEqual(plain['rnn.weight_hh_l0']);
      expect(levered['head.weight']).toEqual(plain['head.weight']);
    });
  }

  it('LSTM chrono: f rows log(u) with u in [1, T−1], i rows their negatives, both zero in b_hh', async () => {
    const model = config({ gateBias: 'chrono', distance: 30 });
    const v = await values(model);
    const forget = rows(v['rnn.bias_ih_l0'], 1);
    const maxSpan = 30 + 2 - 1;
    for (const value of forget) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(Math.log(maxSpan));
    }
    // Spread over units, not one value: chrono gives each unit its own time scale.
    expect(new Set(forget).size).toBe(H);
    expect(rows(v['rnn.bias_ih_l0'], 0)).toEqual(forget.map((value) => -value));
    expect(rows(v['rnn.bias_hh_l0'], 0)).toEqual(new Array(H).fill(0));
    expect(rows(v['rnn.bias_hh_l0'], 1)).toEqual(new Array(H).fill(0));
    const bound = 1 / Math.sqrt(H);
    for (const block of [2, 3]) for (const value of rows(v['rnn.bias_ih_l0'], block)) expect(Math.abs(value)).toBeLessThanOrEqual(bound);
  });

  it('GRU: the update gate z (second block of r,z,n) gets the value, r and n keep PyTorch draws', async () => {
    const plain = await values(config({ cell: 'gru' }));
    const levered = await values(config({ cell: 'gru', gateBias: '3' }));
    expect(rows(levered['rnn.bias_ih_l0'], 1)).toEqual(new Array(H).fill(3));
    expect(rows(levered['rnn.bias_hh_l0'], 1)).toEqual(new Array(H).fill(0));
    for (const block of [0, 2]) {
      expect(rows(levered['rnn.bias_ih_l0'], block)).toEqual(rows(plain['rnn.bias_ih_l0'], block));
      expect(rows(levered['rnn.bias_hh_l0'], block)).toEqual(rows(plain['rnn.bias_hh_l0'], block));
    }
    const chrono = await values(config({ cell: 'gru', gateBias: 'chrono' }));
    // GRU chrono touches only z: no input gate to mirror.
    expect(rows(chrono['rnn.bias_ih_l0'], 0)).toEqual(rows(plain['rnn.bias_ih_l0'], 0));
    for (const value of rows(chrono['rnn.bias_ih_l0'], 1)) expect(value).toBeGreaterThanOrEqual(0);
  });

  it('leaves the plain RNN, which has no gate, as PyTorch draws it', async () => {
    for (const gateBias of ['3', 'chrono'] as GateBiasInit[]) expect(await values(config({ cell: 'rnn', gateBias }))).toEqual(await values(config({ cell: 'rnn' })));
  });

  it('records the levers in the parameter table', () => {
    const specs = memoryParamSpecs(config({ gateBias: '1', recurrentInit: 'orthogonal' }));
    expect(specs.map((spec) => [spec.name, spec.torchShape])).toEqual([
      ['rnn.weight_ih_l0', [4 * H, 18]],
      ['rnn.weight_hh_l0', [4 * H, H]],
      ['rnn.bias_ih_l0', [4 * H]],
      ['rnn.bias_hh_l0', [4 * H]],
      ['head.weight', [8, H]],
      ['head.bias', [8]],
    ]);
    expect(specs[1].init).toEqual({ kind: 'orthogonal', blockRows: H });
    expect(specs[2].init).toMatchObject({ kind: 'gateBias', side: 'ih', gateBias: '1', cell: 'lstm' });
    expect(memoryParamSpecs(config({}))[2].init).toEqual({ kind: 'uniform', bound: 1 / Math.sqrt(H) });
  });
});

describe('orthogonal recurrent initialisation', () => {
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });

  it('makes every gate block of W_hh orthogonal (W Wᵀ = I)', async () => {
    const weight = (await values(config({ cell: 'gru', recurrentInit: 'orthogonal' })))['rnn.weight_hh_l0'];
    for (let block = 0; block < 3; block++) {
      for (let a = 0; a < H; a++) {
        for (let b = 0; b < H; b++) {
          let dot = 0;
          for (let c = 0; c < H; c++) dot += weight[(block * H + a) * H + c] * weight[(block * H + b) * H + c];
          expect(dot).toBeCloseTo(a === b ? 1 : 0, 5);
        }
      }
    }
  });

  it('is not the identity and differs between seeds', () => {
    const first = orthogonalValues(4, 4, 4, new SeededRandom(1));
    expect(first).not.toEqual(orthogonalValues(4, 4, 4, new SeededRandom(2)));
    expect([...first].filter((value) => Math.abs(value) > 1e-6).length).toBeGreaterThan(4);
  });
});

describe('validateMemoryConfig', () => {
  it('refuses the tutorial cell, unknown levers and an impossible distance', () => {
    expect(() => validateMemoryConfig(config({ cell: 'tutorial' as never }))).toThrow(ModelConfigError);
    expect(() => validateMemoryConfig(config({ gateBias: '2' as never }))).toThrow(/gate bias must be one of/);
    expect(() => validateMemoryConfig(config({ distance: 0 }))).toThrow(/distance/);
  });
});
