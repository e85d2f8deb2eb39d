/**
 * The final-state pick (Dawn + SwiftShader in Node) against indexing written here: the forward values, and
 * the gradient — dy at each sequence's last step, exact zeros everywhere else — even when tfjs hands the
 * gradient a recycled buffer full of old values (the gradient's zeros come from a buffer clear, not a shader).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDawnWebGpu } from '../testing/dawn';
import { startOpCounting } from '../opCounter';
import { lastStepFused } from './lastStep';

beforeAll(async () => {
  await useDawnWebGpu();
});

const [STEPS, BATCH, WIDTH] = [5, 3, 11];
const [OFFSET, PICKED] = [4, 5];
const LENGTHS = Int32Array.from([5, 2, 1]);

function packedValues(): Float32Array {
  return Float32Array.from({ length: STEPS * BATCH * WIDTH }, (_, i) => Math.sin(i * 0.37) + i / 100);
}

describe('lastStepFused on webgpu', () => {
  it("picks each sequence's columns at its own last step", async () => {
    const values = packedValues();
    const picked = lastStepFused(tf.tensor3d(values, [STEPS, BATCH, WIDTH]), tf.tensor1d(LENGTHS, 'int32'), OFFSET, PICKED);
    const expected: number[] = [];
    for (let b = 0; b < BATCH; b++) {
      for (let j = 0; j < PICKED; j++) expected.push(values[((LENGTHS[b] - 1) * BATCH + b) * WIDTH + OFFSET + j]);
    }
    expect(picked.shape).toEqual([BATCH, PICKED]);
    expect(Array.from(await picked.data())).toEqual(Array.from(Float32Array.from(expected)));
  });

  it('has dy at those places and exact zeros elsewhere, in a recycled buffer too', async () => {
    const packed = tf.tensor3d(packedValues(), [STEPS, BATCH, WIDTH]);
    const lengths = tf.tensor1d(LENGTHS, 'int32');
    const dyValues = Float32Array.from({ length: BATCH * PICKED }, (_, i) => i + 1);
    const dy = tf.tensor2d(dyValues, [BATCH, PICKED]);
    const expected = new Float32Array(STEPS * BATCH * WIDTH);
    for (let b = 0; b < BATCH; b++) {
      for (let j = 0; j < PICKED; j++) expected[((LENGTHS[b] - 1) * BATCH + b) * WIDTH + OFFSET + j] = dyValues[b * PICKED + j];
    }
    for (let round = 0; round < 3; round++) {
      // A tensor of the gradient's size full of 7s, computed on the GPU and released: its buffer goes back to
      // tfjs's pool, and the gradient's output of the same size takes it from there.
      const junk = tf.add(tf.fill([STEPS, BATCH, WIDTH], 3), tf.fill([STEPS, BATCH, WIDTH], 4));
      await junk.data();
      junk.dispose();
      const gradient = tf.grad((x: tf.Tensor) => tf.mul(lastStepFused(x as tf.Tensor3D, lengths, OFFSET, PICKED), dy))(packed);
      expect(Array.from(await gradient.data())).toEqual(Array.from(expected));
      gradient.dispose();
    }
  });

  it('makes the gradient\'s counts once per shape: a second gradient of the same shapes uploads only the ones tf.grad starts from', async () => {
    const packed = tf.tensor3d(packedValues(), [STEPS, BATCH, WIDTH]);
    const lengths = tf.tensor1d(LENGTHS, 'int32');
    const gradient = () => tf.grad((input: tf.Tensor) => tf.sum(lastStepFused(input as tf.Tensor3D, lengths, OFFSET, PICKED)))(packed);
    const first = gradient();
    const counter = startOpCounting();
    const second = gradient();
    const uploads = counter.read().uploads;
    counter.stop();
    // tf.grad's seed (tf.ones, made in JavaScript) is the one upload; a counts made per call was a second.
    expect(uploads).toBe(1);
    expect(Array.from(await second.data())).toEqual(Array.from(await first.data()));
    tf.dispose([packed, lengths, first, second]);
  });
});
