/**
 * webgpu's AddN with more inputs than a shader stage may bind (addN.ts): without the split, 8 inputs make an
 * invalid pipeline and WebGPU drops the command buffer, so the sum AND the ops encoded beside it read zeros.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDawnWebGpu } from '../testing/dawn';

beforeAll(async () => {
  await useDawnWebGpu();
});

describe('AddN on webgpu with many inputs', () => {
  for (const count of [2, 7, 8, 9, 50]) {
    it(`sums ${count} tensors, and the ops encoded with it keep their values`, async () => {
      const before = tf.memory().numTensors;
      const values = tf.tidy(() => {
        const terms = Array.from({ length: count }, (_, index) => tf.fill([3, 5], index + 1));
        // Encoded in the same command buffer as the sum: a dropped buffer would zero it too.
        const neighbour = tf.mul(terms[0], 10);
        return [tf.addN(terms), neighbour];
      });
      const [sum, neighbour] = await Promise.all(values.map((value) => value.data()));
      tf.dispose(values);
      expect(Array.from(sum)).toEqual(new Array(15).fill((count * (count + 1)) / 2));
      expect(Array.from(neighbour)).toEqual(new Array(15).fill(10));
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
