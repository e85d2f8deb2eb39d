/**
 * Embedding lookup `table [V, E]`, `ids [N]` → `[N, E]` with a cheap gradient, dense or sparse.
 * Why not plain tf.gather: its gradient is UnsortedSegmentSum, which tfjs 4.22's WASM backend lacks
 * (it throws) and which the cpu backend runs in 220 s for one SST-2-sized batch (V 15k, E 100, 640
 * ids, measured here). The gradient of a lookup is "add each dy row into its id's row", which is
 * exactly tf.scatterND with duplicate indices summed (every backend sums duplicates): ~7 ms on WASM.
 *
 * Sparse (PyTorch's nn.Embedding(sparse=True)): the rows a batch uses are gathered ONCE per step into
 * `EmbeddingRows.rows [U, E]` (U distinct ids) and the gradient is taken with respect to those rows, so
 * it is `[U, E]` with duplicate ids already summed (SparseAdam's `coalesce`) instead of a `[V, E]` that is
 * zero almost everywhere. On the GPU backends the dense one cost a full-table scatter, norm, clip and
 * Adam pass every step (SST-2: V ≈ 15k rows, a batch uses a few hundred).
 */
import * as tf from '@tensorflow/tfjs';
import { lookupRowsWebGl } from './webgl/rowLookup';
import { fusedKernelsEnabled } from './webgpu/fusion';
import { lookupRowsWebGpu } from './webgpu/oneHotProjection';

function scatterRows(slots: tf.Tensor1D, dy: tf.Tensor, rowCount: number, width: number): tf.Tensor {
  return tf.scatterND(tf.reshape(slots, [slots.size, 1]), dy, [rowCount, width]);
}

/** Gather rows `slots` of `source [S, E]`; the gradient is scattered back into `[S, E]`, duplicates summed. */
function lookupWithScatterGrad(source: tf.Tensor2D, slots: Int32Array): tf.Tensor2D {
  const [rowCount, width] = source.shape;
  const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [weights, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const slotTensor = tf.tensor1d(slots, 'int32');
    save([slotTensor]);
    return {
      value: tf.gather(weights, slotTensor) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => scatterRows(saved[0] as tf.Tensor1D, dy, rowCount, width),
    };
  });
  return lookup(source) as tf.Tensor2D;
}

/** The fewest rows an `EmbeddingRows` holds on webgl (its padding bucket for tiny batches). */
const MIN_ROWS = 16;

/**
 * Rows an `EmbeddingRows` of `distinct` ids holds. webgl bakes the gather's output size into its shader, so
 * there the count is padded to a power of two (at least 16) to keep the shaders few; the other backends
 * compile nothing per shape (wasm, cpu) or read shapes from uniforms (webgpu), and padding rows would only be
 * extra work for everything that walks the rows (the word model's table-side projection, recurrentLayer.ts).
 */
function rowCountFor(distinct: number): number {
  return tf.getBackend() === 'webgl' ? Math.max(MIN_ROWS, 2 ** Math.ceil(Math.log2(distinct))) : distinct;
}

/** The engine's row lookup where it has one (webgpu and webgl, kernels on), else null. */
function engineLookup(): ((rows: tf.Tensor2D, slots: Int32Array) => tf.Tensor2D) | null {
  if (!fusedKernelsEnabled()) return null;
  // WebGL's scatter loops over every update for every output element (O(S·E·N)), and its gather compiles a
  // shader per batch length; tfjs's gather on webgpu divides per element (a software GPU divides lane by lane)
  // and its gradient is a scatter: each engine lookup's gradient sums each row's positions.
  if (tf.getBackend() === 'webgl') return lookupRowsWebGl;
  if (tf.getBackend() === 'webgpu') return (rows, slots) => lookupRowsWebGpu(rows, slots);
  return null;
}

/**
 * The rows of an embedding table that one training batch uses: `ids [U]` (distinct, ascending) and
 * `rows [U, E]`, a trainable variable holding a copy of those rows, made outside the gradient tape so
 * the tape starts from it. The lookups of the step read from `rows`, so the step's gradient for the
 * table is `(ids, ∂loss/∂rows)`: the same numbers as the dense gradient's non-zero rows. On webgl `rows`
 * has room for a power of two of rows (`rowCountFor`): the rows past U are padding that no lookup reads,
 * so their gradient is zero. Dispose after the step.
 */
export class EmbeddingRows {
  /** Distinct ids of the batch, ascending: `[U]`. */
  readonly ids: Int32Array;
  /** `[R, E]`, R ≥ U: row u < U is `table[ids[u]]` at the time of gathering, the rest padding. */
  readonly rows: tf.Variable;
  private readonly slotOf = new Map<number, number>();

  /** Gather the rows of `table` for every id in `batchIds` (any order, repeats allowed). */
  constructor(
    readonly table: tf.Variable,
    batchIds: Int32Array,
  ) {
    this.ids = Int32Array.from(new Set(batchIds)).sort();
    this.ids.forEach((id, slot) => this.slotOf.set(id, slot));
    const gatherIds = new Int32Array(rowCountFor(this.ids.length)).fill(this.ids[0]);
    gatherIds.set(this.ids);
    // webgpu: the engine's lookup, without tfjs's division per element. webgl keeps tfjs's gather: its output
    // sizes are the power-of-two buckets, so it compiles a handful of shaders in all.
    const lookup = tf.getBackend() === 'webgpu' ? engineLookup() : null;
    const gathered = tf.tidy(() => (lookup ? lookup(table as tf.Tensor2D, gatherIds) : tf.gather(table, tf.tensor1d(gatherIds, 'int32'))));
    this.rows = tf.variable(gathered, true);
    gathered.dispose();
  }

  /** Positions in `rows` of `ids`; an id the batch did not have is a programming error. */
  slotsOf(ids: Int32Array): Int32Array {
    return ids.map((id) => {
      const slot = this.slotOf.get(id);
      if (slot === undefined) throw new RangeError(`Word id ${id} was not among the batch's gathered embedding rows.`);
      return slot;
    });
  }

  dispose(): void {
    this.rows.dispose();
  }
}

/**
 * Rows of `table` for `ids` (values in [0, V)). The result is `[ids.length, E]`. Without `sparse` its
 * gradient with respect to `table` is dense `[V, E]` (zero rows for ids not in the batch), so every
 * optimiser works; with `sparse` the values are read from `sparse.rows` and the gradient goes there.
 */
export function embeddingLookup(table: tf.Tensor2D, ids: Int32Array, sparse?: EmbeddingRows): tf.Tensor2D {
  if (!sparse) return lookupWithScatterGrad(table, ids);
  const rows = sparse.rows as tf.Tensor2D;
  return (engineLookup() ?? lookupWithScatterGrad)(rows, sparse.slotsOf(ids));
}
