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
 * On webgpu one fused dispatch (webgpu/sparseAdam.ts); elsewhere the batch's gradient rows are read back, m
 * and v (kept in JavaScript) and the step are computed for those rows in float32, and the new rows are merged
 * into the table (webgl: webgl/rowMerge.ts, the rows drawn into the table's own texture, or one pass into a new
 * one while another tensor shares it; cpu and wasm: TensorScatterUpdate).
 */
import * as tf from '@tensorflow/tfjs';
import { ROW_MERGE_KERNEL, mergeRowsInPlace, registerRowMergeKernel } from './webgl/rowMerge';
import type { AdamConstants } from './webgpu/fusedAdam';
import { fusedKernelsEnabled } from './webgpu/fusion';
import { registerSparseAdamKernel, SPARSE_ADAM_UPDATE_KERNEL, sparseAdamCounts } from './webgpu/sparseAdam';

/**
 * One table's optimiser state: its step count and m, v. On fused webgpu they stay on the device (`[2·V·E]`,
 * m then v, updated in place by the kernel); elsewhere they live here in JavaScript: the update touches only
 * U·E numbers, so reading the batch's gradient rows back and doing the arithmetic in JS beats two full-table
 * merges per step on WebGL (each a pass over all V·E texels) and a dozen small kernels on every backend.
 */
type TableState = { step: number; size: number } & ({ onDevice: true; moments: tf.Tensor1D } | { onDevice: false; m: Float32Array; v: Float32Array });

const f32 = Math.fround;

/**
 * SparseAdam's state and update for embedding tables, keyed by variable name. `update` takes the table, the
 * batch's distinct ids `[U]` and their summed gradient rows `[R ≥ U, E]` (rows from U on are padding, ignored).
 */
export class SparseAdam {
  private readonly tables = new Map<string, TableState>();

  constructor(private readonly constants: AdamConstants) {}

  async update(table: tf.Variable, ids: Int32Array, grad: tf.Tensor2D): Promise<void> {
    const [vocabSize, width] = table.shape;
    if (grad.shape[1] !== width || grad.shape[0] < ids.length) throw new RangeError(`A gradient of ${grad.shape.join('×')} does not fit ${ids.length} rows of a ${vocabSize}×${width} table.`);
    for (const id of ids) if (!(id >= 0 && id < vocabSize)) throw new RangeError(`Row id ${id} is outside the table (${vocabSize} rows).`);
    const state = await this.stateFor(table, tf.getBackend() === 'webgpu' && fusedKernelsEnabled());
    state.step += 1;
    const { learningRate, beta1, beta2, epsilon } = this.constants;
    const stepSize = (learningRate * Math.sqrt(1 - beta2 ** state.step)) / (1 - beta1 ** state.step);
    if (state.onDevice) {
      registerSparseAdamKernel();
      const inputs = {
        param: table,
        grad,
        moments: state.moments,
        ids: tf.tensor1d(ids, 'int32'),
        hyper: tf.tensor1d([stepSize, 1 - beta1, 1 - beta2, epsilon]),
        counts: tf.tensor1d(sparseAdamCounts(vocabSize, width, ids.length), 'int32'),
      };
      const next = tf.engine().runKernel(SPARSE_ADAM_UPDATE_KERNEL, inputs) as tf.Tensor;
      table.assign(next);
      tf.dispose([next, inputs.ids, inputs.hyper, inputs.counts]);
      return;
    }
    const rowCount = grad.shape[0];
    const gradValues = (await grad.data()) as Float32Array;
    // torch.optim._functional.sparse_adam in float32, op by op: old += (1 − β)(new − old); the weight moves
    // by step_size · m / (√v + ε). Padding rows keep a zero step.
    const step = new Float32Array(rowCount * width);
    const [keepM, keepV, size, eps] = [f32(1 - beta1), f32(1 - beta2), f32(stepSize), f32(epsilon)];
    const { m, v } = state;
    ids.forEach((id, slot) => {
      for (let column = 0; column < width; column++) {
        const index = id * width + column;
        const g = gradValues[slot * width + column];
        m[index] = f32(m[index] + f32(f32(g - m[index]) * keepM));
        v[index] = f32(v[index] + f32(f32(f32(g * g) - v[index]) * keepV));
        step[slot * width + column] = f32(size * f32(m[index] / f32(f32(Math.sqrt(v[index])) + eps)));
      }
    });
    // Row r of the table is row slots[r] of `grad`, or −1 when the batch did not use it.
    const slots = new Int32Array(vocabSize).fill(-1);
    ids.forEach((id, slot) => (slots[id] = slot));
    const newRows = tf.tidy(() => {
      // Padding rows gather row ids[0]; they are never merged.
      const gatherIds = new Int32Array(rowCount).fill(ids[0]);
      gatherIds.set(ids);
      return tf.sub(tf.gather(table, tf.tensor1d(gatherIds, 'int32')), tf.tensor2d(step, [rowCount, width]));
    });
    // On webgl the rows go into the table's own texture when no other tensor shares it (webgl/rowMerge.ts).
    if (!(tf.getBackend() === 'webgl' && fusedKernelsEnabled() && mergeRowsInPlace(table, newRows, ids))) {
      const next = tf.tidy(() => mergeRows(table, newRows, ids, slots));
      table.assign(next);
      next.dispose();
    }
    newRows.dispose();
  }

  /** `table`'s step count and moments m, v (each `[V·E]`, row-major), or null before its first update: for tests and inspection. */
  async state(table: tf.Variable): Promise<{ step: number; m: Float32Array; v: Float32Array } | null> {
    const state = this.tables.get(table.name);
    if (!state) return null;
    if (!state.onDevice) return { step: state.step, m: state.m.slice(), v: state.v.slice() };
    const { m, v } = await readDeviceMoments(state.moments, state.size);
    return { step: state.step, m, v };
  }

  /** Take up a checkpoint's state for `table` (`state`'s shape); the next update moves it to the device where needed. */
  load(table: tf.Variable, saved: { step: number; m: Float32Array; v: Float32Array }): void {
    const previous = this.tables.get(table.name);
    if (previous?.onDevice) previous.moments.dispose();
    this.tables.set(table.name, { step: saved.step, size: table.size, onDevice: false, m: saved.m.slice(), v: saved.v.slice() });
  }

  dispose(): void {
    for (const state of this.tables.values()) if (state.onDevice) state.moments.dispose();
    this.tables.clear();
  }

  /** The table's state where this backend keeps it (moved when fused kernels were switched since the last step). */
  private async stateFor(table: tf.Variable, onDevice: boolean): Promise<TableState> {
    const size = table.size;
    let state = this.tables.get(table.name);
    // Moments of another size belonged to an earlier table of the same name (a rebuilt model): start afresh.
    if (state && state.size !== size) {
      if (state.onDevice) state.moments.dispose();
      state = undefined;
    }
    if (!state) {
      // Uploaded zeros on webgpu (a fill would be one more dispatch), as fusedAdam.ts does.
      state = onDevice ? { step: 0, size, onDevice, moments: tf.keep(tf.tensor1d(new Float32Array(2 * size))) } : { step: 0, size, onDevice, m: new Float32Array(size), v: new Float32Array(size) };
    } else if (state.onDevice && !onDevice) {
      const { m, v } = await readDeviceMoments(state.moments, size);
      state.moments.dispose();
      state = { step: state.step, size, onDevice, m, v };
    } else if (!state.onDevice && onDevice) {
      const moments = new Float32Array(2 * size);
      moments.set(state.m);
      moments.set(state.v, size);
      state = { step: state.step, size, onDevice, moments: tf.keep(tf.tensor1d(moments)) };
    }
    this.tables.set(table.name, state);
    return state;
  }
}

/** m and v out of the fused kernel's `[2·V·E]` buffer. */
async function readDeviceMoments(moments: tf.Tensor1D, size: number): Promise<{ m: Float32Array; v: Float32Array }> {
  // Read a copy: the kernel updates the moments in place, and a tensor read once keeps its values cached.
  const copy = tf.mul(moments, 1);
  const values = (await copy.data()) as Float32Array;
  copy.dispose();
  return { m: values.slice(0, size), v: values.slice(size) };
}

/** `table [V, E]` with rows `ids` replaced by `newRows` 0…U−1 (rows past U are padding). Call inside tf.tidy. */
function mergeRows(table: tf.Tensor, newRows: tf.Tensor, ids: Int32Array, slots: Int32Array): tf.Tensor {
  if (tf.getBackend() === 'webgl') {
    registerRowMergeKernel();
    return tf.engine().runKernel(ROW_MERGE_KERNEL, { old: table, rows: newRows, slots: tf.tensor1d(slots, 'int32') }) as tf.Tensor;
  }
  const used = newRows.shape[0] === ids.length ? newRows : tf.slice(newRows, [0, 0], [ids.length, -1]);
  return tf.tensorScatterUpdate(table, tf.tensor2d(ids, [ids.length, 1], 'int32'), used);
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
  applyRowGradients(table: tf.Variable, ids: Int32Array, grad: tf.Tensor2D): Promise<void> {
    return this.sparse.update(table, ids, grad);
  }

  /** SparseAdam's step count and moments for `table` (see `SparseAdam.state`). */
  embeddingState(table: tf.Variable): ReturnType<SparseAdam['state']> {
    return this.sparse.state(table);
  }

  /** Take up a checkpoint's SparseAdam state for `table` (see `SparseAdam.load`). */
  loadEmbeddingState(table: tf.Variable, saved: { step: number; m: Float32Array; v: Float32Array }): void {
    this.sparse.load(table, saved);
  }

  /** The Adam for every other parameter (its moments go into a checkpoint too). */
  get denseOptimizer(): tf.Optimizer {
    return this.dense;
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
