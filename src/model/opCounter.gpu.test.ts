/**
 * Dispatch and kernel counting on tfjs's WebGPU backend (Dawn + SwiftShader in Node): the counts the
 * bench reports per training step must be exactly what ran.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startOpCounting } from './opCounter';
import { useDawnWebGpu } from './testing/dawn';

beforeAll(async () => {
  await useDawnWebGpu();
});

describe('startOpCounting on webgpu', () => {
  it('counts one kernel call and one dispatch per element-wise op, and stops counting after stop()', async () => {
    // Large enough that tfjs does not run the op on the CPU (WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD).
    const a = tf.randomNormal([64, 128]);
    const b = tf.randomNormal([64, 128]);
    await a.data();
    await b.data();
    const counter = startOpCounting();
    const sum = tf.add(a, b);
    const product = tf.mul(sum, b);
    const activated = tf.sigmoid(product);
    const during = counter.read();
    counter.stop();
    tf.tanh(activated).dispose();
    // a and b hold JavaScript values (tfjs draws random numbers on the CPU) until the first op reads them.
    expect(during).toEqual({ kernels: 3, dispatches: 3, uploads: 2 });
    expect(counter.read()).toEqual(during);
    tf.dispose([a, b, sum, product, activated]);
  });

  it('counts a gradient: forward kernels and the backward ones tf.grad adds', async () => {
    const x = tf.randomNormal([64, 128]);
    await x.data();
    const counter = startOpCounting();
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.sigmoid(input)))(x);
    await grad.data();
    const counts = counter.read();
    counter.stop();
    expect(counts.kernels).toBeGreaterThanOrEqual(4);
    expect(counts.dispatches).toBeGreaterThanOrEqual(3);
    tf.dispose([x, grad]);
  });

  it('counts an upload once per tensor made from JavaScript values, none for tensors already on the GPU', async () => {
    const onGpu = tf.add(tf.ones([64, 128]), 1);
    const counter = startOpCounting();
    const fromJs = tf.tensor2d(Float32Array.from({ length: 64 * 128 }, (_, i) => i % 7), [64, 128]);
    const first = tf.mul(onGpu, fromJs);
    const second = tf.add(first, fromJs);
    const counts = counter.read();
    counter.stop();
    expect(counts.uploads).toBe(1);
    tf.dispose([onGpu, fromJs, first, second]);
  });
});
