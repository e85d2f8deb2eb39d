/**
 * The scatter-based embedding gradient equals tf.gather's own gradient (UnsortedSegmentSum), checked
 * on the cpu backend where the plain one exists, with repeated ids (the case a scatter must sum).
 * Also: the lookup's gradient runs on WASM, where tf.gather's gradient throws.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddingLookup } from './embedding';
import { useNodeBackend } from './testing/backend';

const ids = Int32Array.from([3, 0, 3, 7, 7, 7, 1, 9, 3]);

function tableAndWeights(): { table: tf.Variable; weights: tf.Tensor2D } {
  const table = tf.variable(tf.tensor2d(Array.from({ length: 10 * 4 }, (_, i) => Math.sin(i)), [10, 4]));
  const weights = tf.tensor2d(Array.from({ length: ids.length * 4 }, (_, i) => Math.cos(i * 0.7)), [ids.length, 4]);
  return { table, weights };
}

describe('embeddingLookup', () => {
  afterAll(async () => {
    await useNodeBackend('wasm');
  });

  it('has the same value and gradient as tf.gather on cpu', async () => {
    await useNodeBackend('cpu');
    const { table, weights } = tableAndWeights();
    const ours = tf.variableGrads(() => tf.sum(tf.mul(embeddingLookup(table as unknown as tf.Tensor2D, ids), weights)), [table]);
    const plain = tf.variableGrads(() => tf.sum(tf.mul(tf.gather(table, tf.tensor1d(ids, 'int32')), weights)), [table]);
    expect(await ours.value.data()).toEqual(await plain.value.data());
    const oursGrad = await ours.grads[table.name].data();
    const plainGrad = await plain.grads[table.name].data();
    expect(Array.from(oursGrad).map((v) => Number(v.toFixed(5)))).toEqual(Array.from(plainGrad).map((v) => Number(v.toFixed(5))));
    // Rows never looked up get exactly zero; row 7 (three times) gets the sum of three rows of weights.
    expect(Array.from(oursGrad.slice(2 * 4, 3 * 4))).toEqual([0, 0, 0, 0]);
    tf.dispose([table, weights, ours.value, plain.value, ...Object.values(ours.grads), ...Object.values(plain.grads)]);
  });

  it('trains on wasm, where tf.gather has no gradient kernel', async () => {
    await useNodeBackend('wasm');
    const { table, weights } = tableAndWeights();
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(embeddingLookup(table as unknown as tf.Tensor2D, ids), weights)), [table]);
    const grad = await grads[table.name].data();
    // d/d table[7] = weights rows 3, 4, 5 summed.
    const expected = [0, 1, 2, 3].map((column) => [3, 4, 5].reduce((sum, row) => sum + Math.cos((row * 4 + column) * 0.7), 0));
    Array.from(grad.slice(7 * 4, 8 * 4)).forEach((value, column) => expect(value).toBeCloseTo(expected[column], 5));
    tf.dispose([table, weights, value, ...Object.values(grads)]);
  });
});
