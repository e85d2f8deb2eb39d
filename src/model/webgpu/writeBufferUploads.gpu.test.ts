/**
 * Uploads through queue.writeBuffer (writeBufferUploads.ts): the values arrive, in every dtype the GPU holds;
 * repeated uploads of one size create no GPU buffer (tfjs's own path creates a staging buffer every time); and
 * a pool buffer is not overwritten under a dispatch recorded but not yet submitted.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDawnWebGpu } from '../testing/dawn';

interface BackendWithDevice {
  device: GPUDevice;
}

beforeAll(async () => {
  await useDawnWebGpu();
});

/** Count the device's createBuffer calls while `work` runs. */
async function buffersCreatedBy(work: () => Promise<void>): Promise<number> {
  const device = (tf.backend() as unknown as BackendWithDevice).device;
  const create = device.createBuffer;
  let created = 0;
  device.createBuffer = function countedCreateBuffer(this: GPUDevice, descriptor: GPUBufferDescriptor) {
    created += 1;
    return create.call(this, descriptor);
  };
  try {
    await work();
  } finally {
    device.createBuffer = create;
  }
  return created;
}

describe('uploads through queue.writeBuffer', () => {
  it('float32, int32 and bool values reach the GPU exactly', async () => {
    const floats = new Float32Array([0.5, -1.25, 3e-8, 1e30, -7.5]);
    const results = tf.tidy(() => [
      tf.add(tf.tensor1d(floats), 0),
      // Within ±2^24: tfjs's int32 add goes through float32 on webgpu, which this test is not about.
      tf.add(tf.tensor1d([7, -16777216, 16777215], 'int32'), 0),
      tf.cast(tf.tensor1d([true, false, true], 'bool'), 'int32'),
    ]);
    const [f, i, b] = await Promise.all(results.map((result) => result.data()));
    tf.dispose(results);
    expect(Array.from(f)).toEqual(Array.from(floats));
    expect(Array.from(i)).toEqual([7, -16777216, 16777215]);
    expect(Array.from(b)).toEqual([1, 0, 1]);
  });

  it('uploads of a size already in the pool create no GPU buffer', async () => {
    const uploadAndSum = async (seed: number) => {
      const sum = tf.tidy(() => tf.sum(tf.tensor1d(Array.from({ length: 640 }, (_, index) => seed + index), 'int32')));
      expect((await sum.data())[0]).toBe(640 * seed + (639 * 640) / 2);
      sum.dispose();
    };
    await uploadAndSum(1); // warm: pipelines and pool buffers of these sizes
    await uploadAndSum(2);
    // tfjs's own upload makes a mapped staging buffer for each of these ten.
    const created = await buffersCreatedBy(async () => {
      for (let seed = 3; seed < 13; seed++) await uploadAndSum(seed);
    });
    expect(created).toBe(0);
  });

  it('a dispatch recorded before its input is disposed reads that input, not the next upload of its size', async () => {
    const first = tf.tensor1d([1, 2, 3, 4]);
    const plusOne = tf.add(first, 1); // recorded, not submitted: nothing has been read back yet
    first.dispose(); // its buffer must not go back to the pool while plusOne's dispatch still reads it
    const second = tf.tensor1d([9, 9, 9, 9]);
    const copy = tf.add(second, 0);
    expect(Array.from(await plusOne.data())).toEqual([2, 3, 4, 5]);
    expect(Array.from(await copy.data())).toEqual([9, 9, 9, 9]);
    tf.dispose([plusOne, second, copy]);
  });
});
