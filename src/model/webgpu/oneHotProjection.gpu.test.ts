/**
 * The one-hot input projection as a row lookup (Dawn + SwiftShader in Node) against the same projection as a
 * one-hot matmul in float64 written here: values, padding ids (a zero row: the bias alone), and the weight
 * and bias gradients with repeated and absent characters.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDawnWebGpu } from '../testing/dawn';
import { startOpCounting } from '../opCounter';
import { lookupLayout, oneHotProjection, rowsGroupedBySymbol } from './oneHotProjection';

beforeAll(async () => {
  await useDawnWebGpu();
});

const WIDTH = 7;
const COLUMNS = 10;
// Repeated ids, two padding ids (−1 and WIDTH), and symbols 4 and 6 never used.
const IDS = Int32Array.from([3, 0, -1, 3, 5, 1, 3, WIDTH, 0, 2]);

function values(count: number, seed: number): Float64Array {
  return Float64Array.from({ length: count }, (_, i) => Math.sin(i * 0.61 + seed) * (1 + (i % 5) / 2));
}

function worstAbsolute(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

describe('oneHotProjection on webgpu', () => {
  it('groups rows by symbol in row order, leaving padding out', () => {
    const { rowsBySymbol, symbolStart } = rowsGroupedBySymbol(IDS, WIDTH);
    expect(Array.from(symbolStart)).toEqual([0, 2, 3, 4, 7, 7, 8, 8]);
    expect(Array.from(rowsBySymbol)).toEqual([1, 8, 5, 9, 0, 3, 6, 4]);
  });

  it('sends the batch to the GPU as one tensor: the ids and their grouping end to end', () => {
    expect(Array.from(lookupLayout(IDS, WIDTH))).toEqual([...IDS, 0, 2, 3, 4, 7, 7, 8, 8, 1, 8, 5, 9, 0, 3, 6, 4]);
    const weight = tf.tensor2d(Float32Array.from(values(WIDTH * COLUMNS, 1)), [WIDTH, COLUMNS]);
    const bias = tf.tensor1d(Float32Array.from(values(COLUMNS, 2)));
    // The first lookup also uploads the weight and bias; the second reads them where they are.
    oneHotProjection({ ids: IDS, width: WIDTH }, weight, bias).dispose();
    const counter = startOpCounting();
    oneHotProjection({ ids: IDS, width: WIDTH }, weight, bias).dispose();
    const uploads = counter.read().uploads;
    counter.stop();
    expect(uploads).toBe(1);
    tf.dispose([weight, bias]);
  });

  it('equals onehot(ids)·W + b, with padding rows giving b, and its gradients', async () => {
    const weightValues = values(WIDTH * COLUMNS, 1);
    const biasValues = values(COLUMNS, 2);
    const upstream = values(IDS.length * COLUMNS, 3);
    const weight = tf.tensor2d(Float32Array.from(weightValues), [WIDTH, COLUMNS]);
    const bias = tf.tensor1d(Float32Array.from(biasValues));
    const dy = tf.tensor2d(Float32Array.from(upstream), [IDS.length, COLUMNS]);
    const projected = oneHotProjection({ ids: IDS, width: WIDTH }, weight, bias);
    const expected = Float64Array.from({ length: IDS.length * COLUMNS }, (_, index) => {
      const id = IDS[Math.floor(index / COLUMNS)];
      const column = index % COLUMNS;
      return (id >= 0 && id < WIDTH ? weightValues[id * COLUMNS + column] : 0) + biasValues[column];
    });
    expect(worstAbsolute(await projected.data(), expected)).toBeLessThan(1e-6);

    // L = Σ dy ⊙ projected: ∂W[s] = Σ of dy's rows whose id is s (zero for unused symbols), ∂b = Σ of all rows.
    const [dWeight, dBias] = tf.grads((w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(dy, oneHotProjection({ ids: IDS, width: WIDTH }, w as tf.Tensor2D, b as tf.Tensor1D))))([weight, bias]);
    const expectedWeight = new Float64Array(WIDTH * COLUMNS);
    const expectedBias = new Float64Array(COLUMNS);
    IDS.forEach((id, row) => {
      for (let column = 0; column < COLUMNS; column++) {
        const value = upstream[row * COLUMNS + column];
        expectedBias[column] += value;
        if (id >= 0 && id < WIDTH) expectedWeight[id * COLUMNS + column] += value;
      }
    });
    expect(worstAbsolute(await dWeight.data(), expectedWeight)).toBeLessThan(1e-5);
    expect(worstAbsolute(await dBias.data(), expectedBias)).toBeLessThan(1e-5);
    tf.dispose([weight, bias, dy, projected, dWeight, dBias]);
  });

  it('names a weight whose rows do not match the alphabet', () => {
    const weight = tf.zeros([WIDTH + 1, COLUMNS]) as tf.Tensor2D;
    const bias = tf.zeros([COLUMNS]) as tf.Tensor1D;
    expect(() => oneHotProjection({ ids: IDS, width: WIDTH }, weight, bias)).toThrow(/8 rows for 7 symbols/);
    tf.dispose([weight, bias]);
  });
});
