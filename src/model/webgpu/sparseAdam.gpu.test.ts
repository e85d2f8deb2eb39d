/**
 * SparseAdam + Adam on Dawn webgpu against PyTorch 1.13 (tools/make_sparse_adam_fixture.py), through the
 * engine's training step: with the fused kernel (one dispatch per step for the table) and on tfjs's own ops
 * with the fused kernels off (TensorScatterUpdate merges), both within 1e-5 of torch. Then a table wider
 * than the kernel's workgroup (70 columns for 64 threads: six threads take a second column), rows the batch
 * does not use copied unchanged, against the same update on the cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOpCounting } from '../opCounter';
import { SparseAdam } from '../sparseAdam';
import { useDawnWebGpu } from '../testing/dawn';
import { expectSparseAdamFixture } from '../testing/sparseAdamNode';
import { setFusedKernelsEnabled } from './fusion';
import { SPARSE_ADAM_UPDATE_KERNEL } from './sparseAdam';

beforeAll(async () => {
  await useDawnWebGpu();
});

afterEach(() => {
  setFusedKernelsEnabled(true);
});

describe('adam-sparse on webgpu against torch.optim.SparseAdam + Adam', () => {
  it('matches PyTorch with the fused kernel, one dispatch per step', async () => {
    const counter = startOpCounting();
    await expectSparseAdamFixture(1e-5);
    const updates = counter.byKernel()[SPARSE_ADAM_UPDATE_KERNEL];
    counter.stop();
    expect(updates).toBe(4);
  });

  it('matches PyTorch on tfjs ops with the fused kernels off', async () => {
    setFusedKernelsEnabled(false);
    const counter = startOpCounting();
    await expectSparseAdamFixture(1e-5);
    const updates = counter.byKernel()[SPARSE_ADAM_UPDATE_KERNEL];
    counter.stop();
    expect(updates ?? 0).toBe(0);
  });
});

describe('the fused SparseAdam kernel on a wide table', () => {
  const [rows, width] = [50, 70];
  const ids = Int32Array.of(0, 3, 17, 49);

  async function run(): Promise<{ weights: Float32Array; m: Float32Array; v: Float32Array }> {
    const table = tf.variable(tf.tensor2d(Float32Array.from({ length: rows * width }, (_, i) => Math.cos(i * 0.13)), [rows, width]), true);
    const optimizer = new SparseAdam({ learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    for (let step = 0; step < 3; step++) {
      // Six gradient rows for four ids: the last two are padding, which must be ignored.
      const grad = tf.tensor2d(Float32Array.from({ length: 6 * width }, (_, i) => Math.sin(i * 0.29 + step) * (1 + step)), [6, width]);
      await optimizer.update(table, step === 1 ? ids.slice(1) : ids, grad);
      grad.dispose();
    }
    const state = await optimizer.state(table);
    if (!state) throw new Error('no SparseAdam state');
    const weights = (await table.data()) as Float32Array;
    optimizer.dispose();
    table.dispose();
    return { weights, m: state.m, v: state.v };
  }

  it('matches the tfjs-op update on cpu for every element', async () => {
    const got = await run();
    await tf.setBackend('cpu');
    let want: Awaited<ReturnType<typeof run>>;
    try {
      want = await run();
    } finally {
      await tf.setBackend('webgpu');
    }
    for (const key of ['weights', 'm', 'v'] as const) {
      const worst = got[key].reduce((most, value, i) => Math.max(most, Math.abs(value - want[key][i])), 0);
      expect(worst, key).toBeLessThan(1e-5);
    }
    // Rows never in a batch kept their initial values exactly.
    expect(Array.from(got.weights.slice(width, 2 * width))).toEqual(Array.from({ length: width }, (_, i) => Math.fround(Math.cos((width + i) * 0.13))));
  });
});
