/**
 * The engine's WebGPU matmul (Dawn + SwiftShader in Node) against a float64 product written here: every
 * transpose combination, both tile sizes, ragged edges, an int32-backed input (tfjs's cast from a one-hot
 * keeps the int32 buffer), the bias, and the gradient of every input through autodiff; and that autodiff
 * asks only for the gradients it needs (no matmul for a constant input).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startOpCounting } from '../opCounter';
import { useDawnWebGpu } from '../testing/dawn';
import { COLUMN_SUM_KERNEL, MATMUL_KERNEL, columnSum, gpuMatMul } from './matMul';

beforeAll(async () => {
  await useDawnWebGpu();
});

/** A deterministic `rows × columns` matrix, row-major, with values of both signs and varied sizes. */
function matrix(rows: number, columns: number, seed: number): Float64Array {
  return Float64Array.from({ length: rows * columns }, (_, i) => Math.sin(i * 0.731 + seed) * (1 + (i % 7) / 3));
}

/** `op(a) · op(b) + bias` in float64; `a` is `[K, M]` when transposed, `b` is `[N, K]`. */
function reference(a: Float64Array, b: Float64Array, bias: Float64Array | null, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = bias ? bias[j] : 0;
      for (let p = 0; p < k; p++) sum += a[transposeA ? p * m + i : i * k + p] * b[transposeB ? j * k + p : p * n + j];
      out[i * n + j] = sum;
    }
  }
  return out;
}

function worstRelative(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i])));
  return worst;
}

// [M, K, N]: the small tile with ragged edges, the head's shapes, and the 8×8 tile with ragged edges.
const SHAPES: [number, number, number][] = [
  [7, 5, 3],
  [64, 18, 128],
  [300, 40, 601],
];

describe('gpuMatMul on webgpu', () => {
  for (const [m, k, n] of SHAPES) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`op(a)·op(b)+bias for M ${m}, K ${k}, N ${n}, transposeA ${transposeA}, transposeB ${transposeB}`, async () => {
          const aValues = matrix(m, k, 1);
          const bValues = matrix(k, n, 2);
          const biasValues = matrix(1, n, 3);
          const a = tf.tensor2d(Float32Array.from(aValues), transposeA ? [k, m] : [m, k]);
          const b = tf.tensor2d(Float32Array.from(bValues), transposeB ? [n, k] : [k, n]);
          const bias = tf.tensor1d(Float32Array.from(biasValues));
          const product = gpuMatMul(a, b, { transposeA, transposeB, bias });
          expect(product.shape).toEqual([m, n]);
          expect(worstRelative(await product.data(), reference(aValues, bValues, biasValues, m, k, n, transposeA, transposeB))).toBeLessThan(1e-4);
          tf.dispose([a, b, bias, product]);
        });
      }
    }
  }

  it('reads an int32-backed one-hot input as its values', async () => {
    const ids = [3, 0, 2, 2, 1];
    const oneHot = tf.cast(tf.oneHot(tf.tensor1d(ids, 'int32'), 4), 'float32') as tf.Tensor2D;
    const weights = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
    const product = gpuMatMul(oneHot, weights);
    expect(Array.from(await product.data())).toEqual(ids.flatMap((id) => [2 * id + 1, 2 * id + 2]));
    tf.dispose([oneHot, weights, product]);
  });

  it('gives every input its gradient, and computes none for a constant input', async () => {
    const [m, k, n] = [9, 6, 70];
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const aValues = matrix(m, k, 4);
        const bValues = matrix(k, n, 5);
        const a = tf.tensor2d(Float32Array.from(aValues), transposeA ? [k, m] : [m, k]);
        const b = tf.tensor2d(Float32Array.from(bValues), transposeB ? [n, k] : [k, n]);
        const bias = tf.zeros([n]);
        // L = Σ w ⊙ (op(a)·op(b) + bias) with fixed weights w: ∂L/∂C = w, so ∂op(a) = w·op(b)ᵀ, ∂op(b) = op(a)ᵀ·w, ∂bias = Σ_rows w.
        const wValues = matrix(m, n, 6);
        const w = tf.tensor2d(Float32Array.from(wValues), [m, n]);
        const [da, db, dbias] = tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(w, gpuMatMul(x as tf.Tensor2D, y as tf.Tensor2D, { transposeA, transposeB, bias: z }))))([a, b, bias]);
        // ∂op(a) = w · op(b)ᵀ is [m, k]; as stored, a is its transpose when transposeA.
        const opB = (p: number, j: number) => bValues[transposeB ? j * k + p : p * n + j];
        const opA = (i: number, p: number) => aValues[transposeA ? p * m + i : i * k + p];
        const expectedA = new Float64Array(m * k);
        const expectedB = new Float64Array(k * n);
        const expectedBias = new Float64Array(n);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            const dc = wValues[i * n + j];
            expectedBias[j] += dc;
            for (let p = 0; p < k; p++) {
              expectedA[transposeA ? p * m + i : i * k + p] += dc * opB(p, j);
              expectedB[transposeB ? j * k + p : p * n + j] += opA(i, p) * dc;
            }
          }
        }
        expect(worstRelative(await da.data(), expectedA), `∂a, transposes ${transposeA}/${transposeB}`).toBeLessThan(1e-4);
        expect(worstRelative(await db.data(), expectedB), `∂b, transposes ${transposeA}/${transposeB}`).toBeLessThan(1e-4);
        expect(worstRelative(await dbias.data(), expectedBias), '∂bias').toBeLessThan(1e-4);
        tf.dispose([a, b, bias, w, da, db, dbias]);
      }
    }

    // A constant left input (the one-hot characters): only ∂b runs, one matmul, not two.
    const constant = tf.tensor2d(Float32Array.from(matrix(8, 5, 7)), [8, 5]);
    const weight = tf.variable(tf.tensor2d(Float32Array.from(matrix(5, 12, 8)), [5, 12]), true, 'gpuMatMulConstantInput');
    const counter = startOpCounting();
    const { grads } = tf.variableGrads(() => tf.sum(gpuMatMul(constant, weight)), [weight]);
    const byKernel = counter.byKernel();
    counter.stop();
    expect(byKernel[MATMUL_KERNEL], 'the forward product and ∂b only').toBe(2);
    tf.dispose([constant, weight, ...Object.values(grads)]);
  });

  it('reads a column block of a in place, either way round, both tiles', async () => {
    // a holds the operand in columns [offset, offset + width) of each row, between other columns (a packed LSTM row).
    for (const [rows, width, n, offset, total] of [[11, 7, 5, 3, 19], [300, 64, 520, 128, 448]]) {
      for (const transposeA of [false, true]) {
        const wide = matrix(rows, total, 10);
        const block = Float64Array.from({ length: rows * width }, (_, i) => wide[Math.floor(i / width) * total + offset + (i % width)]);
        // op(block) is [width, rows] when transposed (∂W_hh's h_{t−1}ᵀ), else [rows, width].
        const [m, k] = transposeA ? [width, rows] : [rows, width];
        const bValues = matrix(k, n, 11);
        const a = tf.tensor2d(Float32Array.from(wide), [rows, total]);
        const b = tf.tensor2d(Float32Array.from(bValues), [k, n]);
        const product = gpuMatMul(a, b, { transposeA, aColumns: { offset, count: width } });
        expect(product.shape).toEqual([m, n]);
        expect(worstRelative(await product.data(), reference(block, bValues, null, m, k, n, transposeA, false)), `rows ${rows}, transposeA ${transposeA}`).toBeLessThan(1e-4);
        tf.dispose([a, b, product]);
      }
    }
    const a = tf.zeros([4, 10]) as tf.Tensor2D;
    const b = tf.zeros([4, 3]) as tf.Tensor2D;
    expect(() => gpuMatMul(a, b, { transposeA: true, aColumns: { offset: 8, count: 3 } })).toThrow(/columns 8\.\.10 are not inside \[4,10\]/);
    tf.dispose([a, b]);
  });

  it('sums the columns of a matrix', async () => {
    const [rows, columns] = [300, 130];
    const values = matrix(rows, columns, 9);
    const x = tf.tensor2d(Float32Array.from(values), [rows, columns]);
    const counter = startOpCounting();
    const sums = columnSum(x);
    expect(counter.byKernel()[COLUMN_SUM_KERNEL]).toBe(1);
    counter.stop();
    const expected = Float64Array.from({ length: columns }, (_, j) => {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += values[r * columns + j];
      return sum;
    });
    expect(worstRelative(await sums.data(), expected)).toBeLessThan(1e-4);
    tf.dispose([x, sums]);
  });

  it('names shapes that do not chain', () => {
    const a = tf.zeros([3, 4]) as tf.Tensor2D;
    const b = tf.zeros([5, 2]) as tf.Tensor2D;
    expect(() => gpuMatMul(a, b)).toThrow(/inner sizes differ \(4 vs 5\)/);
    tf.dispose([a, b]);
  });
});
