/**
 * SparseAdam for the embedding table + Adam for the rest, through the engine's training step, against
 * PyTorch 1.13 (tools/make_sparse_adam_fixture.py): repeated ids in a batch (coalesced), a row used once and
 * then never (it must keep its weight, m and v, where dense Adam would keep moving it), clipping by the
 * global norm with the embedding's rows in it. On cpu and wasm; sparseAdam.gpu.test.ts runs it on webgpu.
 */
import { afterAll, describe, it } from 'vitest';
import { checkSparseAdamFixture } from './testing/sparseAdamFixture';
import { useNodeBackend } from './testing/backend';

describe('adam-sparse against torch.optim.SparseAdam + Adam', () => {
  afterAll(async () => {
    await useNodeBackend('wasm');
  });

  it('matches PyTorch step by step on cpu', async () => {
    await useNodeBackend('cpu');
    await checkSparseAdamFixture(1e-5);
  });

  it('matches PyTorch step by step on wasm', async () => {
    await useNodeBackend('wasm');
    await checkSparseAdamFixture(1e-5);
  });
});
