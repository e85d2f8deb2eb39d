/**
 * The Generate view's trace of a name against an independent computation: the LSTM equations in plain
 * JavaScript over the PyTorch fixture's weights (PyTorch's gate order i, f, g, o), one name, every step's
 * gates, cell state and hidden state; and the symbols fed and written at each step.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { charLmSessionFromFile } from './charLmSession';
import { taskDefaults } from './taskDefaults';
import { useNodeBackend } from './testing/backend';
import { charLmFixture as fixture, fixtureModelFile } from './testing/charLmFixture';
import type { Matrix, NestedNumbers } from './types';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function matrixOf(value: NestedNumbers): number[][] {
  return value as number[][];
}

function vectorOf(value: NestedNumbers): number[] {
  return value as number[];
}

/** The LSTM run step by step from the state_dict: per step i, f, g, o, c, h (each H long). */
function referenceLstm(previous: number[], condition: number): Record<'i' | 'f' | 'g' | 'o' | 'c' | 'h', number[][]> {
  const weightIh = matrixOf(fixture.state_dict['rnn.weight_ih_l0']);
  const weightHh = matrixOf(fixture.state_dict['rnn.weight_hh_l0']);
  const biasIh = vectorOf(fixture.state_dict['rnn.bias_ih_l0']);
  const biasHh = vectorOf(fixture.state_dict['rnn.bias_hh_l0']);
  const hiddenSize = fixture.hidden_size;
  const conditionCount = fixture.conditions.length;
  const result: Record<'i' | 'f' | 'g' | 'o' | 'c' | 'h', number[][]> = { i: [], f: [], g: [], o: [], c: [], h: [] };
  let h = new Array<number>(hiddenSize).fill(0);
  let c = new Array<number>(hiddenSize).fill(0);
  for (const symbol of previous) {
    // x_t = concat(one-hot condition, one-hot previous symbol): only two columns of W_ih are read.
    const pre = weightIh.map((row, unit) => row[condition] + row[conditionCount + symbol] + biasIh[unit] + biasHh[unit] + weightHh[unit].reduce((sum, weight, k) => sum + weight * h[k], 0));
    const slice = (gate: number) => pre.slice(gate * hiddenSize, (gate + 1) * hiddenSize);
    const i = slice(0).map(sigmoid);
    const f = slice(1).map(sigmoid);
    const g = slice(2).map(Math.tanh);
    const o = slice(3).map(sigmoid);
    c = c.map((value, unit) => f[unit] * value + i[unit] * g[unit]);
    h = c.map((value, unit) => o[unit] * Math.tanh(value));
    result.i.push(i);
    result.f.push(f);
    result.g.push(g);
    result.o.push(o);
    result.c.push(c);
    result.h.push(h);
  }
  return result;
}

describe('traceCharLm', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it("gives every step's gates and states as the LSTM equations over the file's weights do", async () => {
    const { condition, text } = fixture.names[0];
    const session = charLmSessionFromFile(fixtureModelFile(fixture), null, taskDefaults('names-gen').train);
    const trace = await session.trace(text, condition);
    session.dispose();

    const letters = [...text];
    expect(trace.fed).toEqual(['<BOS>', ...letters]);
    expect(trace.written).toEqual([...letters, '<EOS>']);
    const bos = [...fixture.alphabet].length + 1;
    const previous = [bos, ...letters.map((letter) => fixture.alphabet.indexOf(letter))];
    expect(previous.every((id) => id >= 0)).toBe(true);
    const reference = referenceLstm(previous, fixture.conditions.indexOf(condition));

    expect(trace.layers).toHaveLength(1);
    const [layer] = trace.layers;
    const steps = letters.length + 1;
    const matrices: Record<string, Matrix | undefined> = { ...layer.gates, c: layer.cell, h: layer.hidden };
    for (const name of ['i', 'f', 'g', 'o', 'c', 'h'] as const) {
      const matrix = matrices[name];
      if (!matrix) throw new Error(`the trace has no ${name}`);
      expect([matrix.rows, matrix.cols], name).toEqual([steps, fixture.hidden_size]);
      const expected = reference[name].flat();
      const worst = Math.max(...Array.from(matrix.data, (value, index) => Math.abs(value - expected[index])));
      expect(worst, `${name}: max |traced − reference|`).toBeLessThan(1e-5);
    }
    // The gates are not all alike (a trace that copied one matrix into every name would pass the shapes).
    expect(Array.from(layer.gates.f.data)).not.toEqual(Array.from(layer.gates.i.data));
  });

  it('names an unknown language, and lists only the letters really fed (one outside the alphabet is dropped, as scoring drops it)', async () => {
    const session = charLmSessionFromFile(fixtureModelFile(fixture), null, taskDefaults('names-gen').train);
    await expect(session.trace('Ivanov', 'Klingon')).rejects.toThrow(/Unknown condition "Klingon"/);
    const trace = await session.trace('Iva0n', 'Russian');
    expect(trace.fed).toEqual(['<BOS>', 'I', 'v', 'a', 'n']);
    expect(trace.layers[0].hidden.rows).toBe(5);
    session.dispose();
  });
});
