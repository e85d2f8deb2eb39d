/**
 * PyTorch's answer for large embedding tables: nn.Embedding(sparse=True) with torch.optim.SparseAdam for the
 * table and plain Adam for every other parameter. Only the rows a batch used get their moments and weights
 * updated; the other rows stay exactly as they were. That is NOT dense Adam: there, a row absent from the
 * batch still moves (its gradient counts as zero, m decays but is not zero, so the weight keeps drifting).
 * PyTorch recommends the sparse pair for big vocabularies because a dense step touches all V·E entries
 * (SST-2: ≈ 1.5M) to change the few hundred rows a batch reads.
 *
 * The update, torch 1.13's torch/optim/_functional.py `sparse_adam`, on the coalesced gradient (duplicate ids
 * summed; embedding.ts's rows gradient already is): for each row id in the batch, with t = the table's own
 * step count,
 *   m += (1 − β1)(g − m);  v += (1 − β2)(g² − v);  w −= lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)
 * (ε is added to √v before the bias correction, unlike dense Adam's √(v/(1−β2ᵗ)) + ε).
 * On webgpu one fused dispatch (webgpu/sparseAdam.ts); elsewhere tfjs ops on the batch's rows and one merge
 * of the new rows into each `[V, E]` tensor (webgl: webgl/rowMerge.ts, one pass; cpu and wasm: TensorScatterUpdate).
 */
import * as tf from '@tensorflow/tfjs';
import { ROW_MERGE_KERNEL, registerRowMergeKernel } from './webgl/rowMerge';
import type { AdamConstants } from './webgpu/fusedAdam';
import { fusedKernelsEnabled } from './webgpu/fusion';
import { registerSparseAdamKernel, SPARSE_ADAM_UPDATE_KERNEL, sparseAdamCounts } from './webgpu/sparseAdam';

/** One table's optimiser state: its step count and m, v (`[V, E]` each, or `[2·V·E]` on fused webgpu). */
interface TableState {
  step: number;
  size: number;
  moments: tf.Tensor[];
}

/**
 * SparseAdam's state and update for embedding tables, keyed by variable name. `update` takes the table, the
 * batch's distinct ids `[U]` and their summed gradient rows `[R ≥ U, E]` (rows from U on are padding, ignored).
 */
export class SparseAdam {
  private readonly tables = new Map<string, TableState>();

  constructor(private readonly constants: AdamConstants) {}

  update(table: tf.Variable, ids: Int32Array, grad: tf.Tensor2D): void {
    const [vocabSize, width] = table.shape;
    if (grad.shape[1] !== width || grad.shape[0] < ids.length) throw new RangeError(`A gradient of ${grad.shape.join('×')} does not fit ${ids.length} rows of a ${vocabSize}×${width} table.`);
    const fused = tf.getBackend() === 'webgpu' && fusedKernelsEnabled();
    const state = this.stateFor(table, fused);
    state.step += 1;
    const { learningRate, beta1, beta2, epsilon } = this.constants;
    const stepSize = (learningRate * Math.sqrt(1 - beta2 ** state.step)) / (1 - beta1 ** state.step);
    // Row r of the table is row slots[r] of `grad`, or −1 when the batch did not use it.
    const slots = new Int32Array(vocabSize).fill(-1);
    ids.forEach((id, slot) => {
      if (!(id >= 0 && id < vocabSize)) throw new RangeError(`Row id ${id} is outside the table (${vocabSize} rows).`);
      slots[id] = slot;
    });
    if (fused) {
      registerSparseAdamKernel();
      const inputs = {
        param: table,
        grad,
        moments: state.moments[0],
        slots: tf.tensor1d(slots, 'int32'),
        hyper: tf.tensor1d([stepSize, 1 - beta1, 1 - beta2, epsilon]),
        counts: tf.tensor1d(sparseAdamCounts(vocabSize, width), 'int32'),
      };
      const next = tf.engine().runKernel(SPARSE_ADAM_UPDATE_KERNEL, inputs) as tf.Tensor;
      table.assign(next);
      tf.dispose([next, inputs.slots, inputs.hyper, inputs.counts]);
      return;
    }
    const [m, v] = state.moments;
    const next = tf.tidy(() => {
      // Padding rows gather row ids[0] and are computed but never merged.
      const gatherIds = new Int32Array(grad.shape[0]).fill(ids[0]);
      gatherIds.set(ids);
      const rows = tf.tensor1d(gatherIds, 'int32');
      const oldM = tf.gather(m, rows);
      const oldV = tf.gather(v, rows);
      const newM = tf.add(oldM, tf.mul(tf.sub(grad, oldM), 1 - beta1));
      const newV = tf.add(oldV, tf.mul(tf.sub(tf.square(grad), oldV), 1 - beta2));
      const newW = tf.sub(tf.gather(table, rows), tf.mul(tf.div(newM, tf.add(tf.sqrt(newV), epsilon)), stepSize));
      const merge = mergeRows(ids, slots);
      return [merge(m, newM), merge(v, newV), merge(table, newW)];
    });
    tf.dispose([m, v]);
    state.moments = [tf.keep(next[0]), tf.keep(next[1])];
    table.assign(next[2]);
    next[2].dispose();
  }

  /** `table`'s step count and moments m, v (each `[V·E]`, row-major), or null before its first update: for tests and inspection. */
  async state(table: tf.Variable): Promise<{ step: number; m: Float32Array; v: Float32Array } | null> {
    const state = this.tables.get(table.name);
    if (!state) return null;
    // Read copies: the fused kernel updates the moments in place, and a tensor read once keeps its values cached.
    const copies = state.moments.map((moments) => tf.mul(moments, 1));
    const values = await Promise.all(copies.map(async (copy) => (await copy.data()) as Float32Array));
    tf.dispose(copies);
    const [m, v] = values.length === 1 ? [values[0].slice(0, state.size), values[0].slice(state.size)] : values;
    return { step: state.step, m, v };
  }

  dispose(): void {
    for (const state of this.tables.values()) tf.dispose(state.moments);
    this.tables.clear();
  }

  private stateFor(table: tf.Variable, fused: boolean): TableState {
    const size = table.size;
    const existing = this.tables.get(table.name);
    // Moments of another size belonged to an earlier table of the same name (a rebuilt model): start afresh.
    if (existing && existing.size === size) return existing;
    if (existing) tf.dispose(existing.moments);
    // Uploaded zeros on webgpu (a fill would be one more dispatch), as fusedAdam.ts does.
    const moments = fused ? [tf.keep(tf.tensor1d(new Float32Array(2 * size)))] : [tf.keep(tf.zeros(table.shape)), tf.keep(tf.zeros(table.shape))];
    const state: TableState = { step: 0, size, moments };
    this.tables.set(table.name, state);
    return state;
  }
}

/** `(old [V, E], newRows [R, E]) → [V, E]` with rows `ids` replaced by new rows 0…U−1. Call inside tf.tidy. */
function mergeRows(ids: Int32Array, slots: Int32Array): (old: tf.Tensor, newRows: tf.Tensor) => tf.Tensor {
  if (tf.getBackend() === 'webgl') {
    registerRowMergeKernel();
    const slotTensor = tf.tensor1d(slots, 'int32');
    return (old, newRows) => tf.engine().runKernel(ROW_MERGE_KERNEL, { old, rows: newRows, slots: slotTensor }) as tf.Tensor;
  }
  const indices = tf.tensor2d(ids, [ids.length, 1], 'int32');
  return (old, newRows) => {
    const used = newRows.shape[0] === ids.length ? newRows : tf.slice(newRows, [0, 0], [ids.length, -1]);
    return tf.tensorScatterUpdate(old, indices, used);
  };
}

/**
 * Adam for every parameter except word embedding tables, which take SparseAdam row gradients through
 * `applyRowGradients` (trainStep.ts sends them). A model without a trainable table trains exactly as with Adam.
 */
export class AdamWithSparseEmbedding extends tf.Optimizer {
  private readonly sparse: SparseAdam;

  constructor(
    private readonly dense: tf.Optimizer,
    private readonly constants: AdamConstants,
  ) {
    super();
    this.sparse = new SparseAdam(constants);
  }

  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    this.dense.applyGradients(variableGradients);
    this.incrementIterations();
  }

  /** SparseAdam on `table`: `ids [U]` distinct, `grad [R ≥ U, E]` their summed gradient rows. */
  applyRowGradients(table: tf.Variable, ids: Int32Array, grad: tf.Tensor2D): void {
    this.sparse.update(table, ids, grad);
  }

  /** SparseAdam's step count and moments for `table` (see `SparseAdam.state`). */
  embeddingState(table: tf.Variable): ReturnType<SparseAdam['state']> {
    return this.sparse.state(table);
  }

  override dispose(): void {
    super.dispose();
    this.dense.dispose();
    this.sparse.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.constants };
  }

  /** Name for tfjs's serialisation registry (never registered: the app does not save optimisers). */
  static className = 'RnnPlaygroundAdamWithSparseEmbedding';
}

/**
 * Whether `optimizer` takes embedding row gradients. Not `instanceof`: tf.Optimizer defines
 * Symbol.hasInstance as "has minimize, computeGradients and applyGradients", which every subclass
 * inherits, so `instanceof AdamWithSparseEmbedding` is true of tf.train.adam too.
 */
export function takesRowGradients(optimizer: tf.Optimizer): optimizer is AdamWithSparseEmbedding {
  return 'applyRowGradients' in optimizer;
}
