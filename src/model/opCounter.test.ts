import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startOpCounting } from './opCounter';
import { useNodeBackend } from './testing/backend';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('startOpCounting on wasm', () => {
  it('counts kernel calls, reports dispatches as unknown off WebGPU, and restores the engine on stop()', () => {
    const engine = tf.engine() as unknown as Record<string, unknown>;
    const original = engine.runKernelFunc;
    const counter = startOpCounting();
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const y = tf.relu(tf.add(x, x));
    expect(counter.read()).toEqual({ kernels: 2, dispatches: null, uploads: null });
    counter.stop();
    expect(engine.runKernelFunc).toBe(original);
    tf.neg(y).dispose();
    expect(counter.read().kernels).toBe(2);
    tf.dispose([x, y]);
  });
});
