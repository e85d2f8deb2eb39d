/**
 * SparseAdam + Adam on Dawn webgpu against PyTorch 1.13 (tools/make_sparse_adam_fixture.py), through the
 * engine's training step: with the fused kernel (one dispatch per step for the table) and on tfjs's own ops
 * with the fused kernels off (TensorScatterUpdate merges), both within 1e-5 of torch.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOpCounting } from '../opCounter';
import { useDawnWebGpu } from '../testing/dawn';
import { checkSparseAdamFixture } from '../testing/sparseAdamFixture';
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
    await checkSparseAdamFixture(1e-5);
    const updates = counter.byKernel()[SPARSE_ADAM_UPDATE_KERNEL];
    counter.stop();
    expect(updates).toBe(4);
  });

  it('matches PyTorch on tfjs ops with the fused kernels off', async () => {
    setFusedKernelsEnabled(false);
    const counter = startOpCounting();
    await checkSparseAdamFixture(1e-5);
    const updates = counter.byKernel()[SPARSE_ADAM_UPDATE_KERNEL];
    counter.stop();
    expect(updates ?? 0).toBe(0);
  });
});
