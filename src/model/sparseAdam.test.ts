/**
 * SparseAdam for the embedding table + Adam for the rest, through the engine's training step, against
 * PyTorch 1.13 (tools/make_sparse_adam_fixture.py): repeated ids in a batch (coalesced), a row used once and
 * then never (it must keep its weight, m and v, where dense Adam would keep moving it), clipping by the
 * global norm with the embedding's rows in it. On cpu and wasm; sparseAdam.gpu.test.ts runs it on webgpu.
 * Then through the classifier's own step (trainOnBatch): which rows move, frozen tables, which names build it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './optimizers';
import { ParamStore } from './params';
import { takesRowGradients } from './sparseAdam';
import { useNodeBackend } from './testing/backend';
import { expectSparseAdamFixture } from './testing/sparseAdamNode';
import { trainOnBatch, type LabelledBatch } from './trainStep';
import type { ModelConfig } from './types';

describe('adam-sparse against torch.optim.SparseAdam + Adam', () => {
  afterAll(async () => {
    await useNodeBackend('wasm');
  });

  it('matches PyTorch step by step on cpu', async () => {
    await useNodeBackend('cpu');
    await expectSparseAdamFixture(1e-5);
  });

  it('matches PyTorch step by step on wasm', async () => {
    await useNodeBackend('wasm');
    await expectSparseAdamFixture(1e-5);
  });
});

describe('adam-sparse in the training step', () => {
  const vocab = ['<pad>', '<unk>', 'a', 'b', 'c', 'd'];
  const wordModel = (trainableEmbedding: boolean): ModelConfig => ({
    cell: 'lstm',
    hiddenSize: 4,
    numLayers: 1,
    bidirectional: false,
    dropout: 0,
    input: { type: 'words', vocab, pad: '<pad>', unk: '<unk>', lowercase: true, embeddingDim: 3, trainableEmbedding },
    classes: ['no', 'yes'],
  });
  /** Two sentences of three ids each, batch-major. */
  const batch = (ids: number[]): LabelledBatch => ({ ids: Int32Array.from(ids), lengths: Int32Array.of(3, 3), batchSize: 2, seqLength: 3, labels: Int32Array.of(0, 1) });
  const row = async (params: ParamStore, id: number): Promise<number[]> => Array.from((await params.torchValues('embedding.weight')).slice(id * 3, id * 3 + 3));

  /** Row 5 ('d') is read in step 1 only; its values after steps 1 and 2, and row 4's ('c', never read) at the start and end. */
  async function trainTwice(optimizerName: 'adam' | 'adam-sparse', trainable: boolean) {
    await useNodeBackend('wasm');
    const config = wordModel(trainable);
    const params = new ParamStore(config, 7);
    const optimizer = createOptimizer(optimizerName, 0.05);
    const unusedBefore = await row(params, 4);
    await trainOnBatch(params, config, optimizer, batch([2, 5, 5, 3, 2, 2]), null, 1);
    const afterFirst = await row(params, 5);
    await trainOnBatch(params, config, optimizer, batch([2, 3, 3, 2, 2, 3]), 1, 2);
    const result = { afterFirst, afterSecond: await row(params, 5), unusedBefore, unusedAfter: await row(params, 4) };
    optimizer.dispose();
    params.dispose();
    return result;
  }

  it('leaves a row the batch did not use exactly as it was, where dense Adam keeps moving it', async () => {
    const sparse = await trainTwice('adam-sparse', true);
    expect(sparse.afterSecond).toEqual(sparse.afterFirst);
    expect(sparse.unusedAfter).toEqual(sparse.unusedBefore);
    const dense = await trainTwice('adam', true);
    // Step 1 is the same move but for where ε enters (SparseAdam adds it before the bias correction).
    dense.afterFirst.forEach((value, i) => expect(value).toBeCloseTo(sparse.afterFirst[i], 5));
    expect(dense.afterSecond).not.toEqual(dense.afterFirst);
  });

  it('leaves a frozen table alone', async () => {
    const frozen = await trainTwice('adam-sparse', false);
    expect(frozen.afterSecond).toEqual(frozen.afterFirst);
    expect(frozen.unusedAfter).toEqual(frozen.unusedBefore);
    const params = new ParamStore(wordModel(false), 7);
    expect(frozen.afterFirst).toEqual(await row(params, 5));
    params.dispose();
  });

  it('builds the sparse pair only for adam-sparse', () => {
    expect(takesRowGradients(createOptimizer('adam-sparse', 0.01))).toBe(true);
    for (const name of ['sgd', 'adam', 'rmsprop'] as const) expect(takesRowGradients(createOptimizer(name, 0.01))).toBe(false);
  });
});
