/**
 * The in-place row merge (webgl/rowMerge.ts `mergeRowsInPlace`) against rows replaced on the CPU in the values
 * read back before: the first and the last row, padding rows after the used ones, new rows packed and unpacked,
 * a table in a squarish texture whose rows cross texture rows. Then the cases it must refuse, because the write
 * would reach another tensor or a read: a clone sharing the texture (a checkpoint's snapshot), a slice sampling
 * it, a read under way; and a read cached on the CPU before the write must not be served after it. Run by
 * parity.html on webgl with fused kernels on (e2e/gpu-parity.spec.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { startOpCounting } from '../opCounter';
import { ROW_MERGE_IN_PLACE_KERNEL, inPlaceRefusal, mergeRowsInPlace } from '../webgl/rowMerge';
import type { WebGlRunner } from '../webgl/program';

export interface WebGlRowMergeCheck {
  /** Max |table after the merge − the expected rows| over the merges that wrote in place. */
  worst: number;
  /** Merges that wrote in place (the kernel's runs); five expected. */
  inPlaceRuns: number;
  /** Why each case that must not write in place was refused (null: it was not). */
  refusals: { clone: string | null; slice: string | null; pendingRead: string | null };
  /** Max |value − the value before| of the clone, the slice and the read under way after their merges were refused. */
  sharersChanged: number;
  /** Max |dataSync after the write − expected| for a table whose values a read had cached on the CPU. */
  cachedRead: number;
}

function values(count: number, seed: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => Math.sin(1.7 * i + seed) * 0.8);
}

/** A `[V, E]` variable in an unpacked texture (tfjs's gather writes unpacked), its only user. */
function unpackedTable(rows: number, width: number, seed: number): tf.Variable {
  const source = tf.tensor1d(values(rows * width, seed));
  const gathered = tf.gather(source, tf.range(0, rows * width, 1, 'int32'));
  const shaped = tf.reshape(gathered, [rows, width]);
  const table = tf.variable(shaped);
  tf.dispose([source, gathered, shaped]);
  return table;
}

/** New rows `[R, E]`, packed (a packed element-wise op writes them) or unpacked. */
function newRows(count: number, width: number, seed: number, packed: boolean): tf.Tensor2D {
  const base = tf.tensor2d(values(count * width, seed), [count, width]);
  if (!packed) {
    const flat = tf.gather(tf.reshape(base, [-1]), tf.range(0, count * width, 1, 'int32'));
    base.dispose();
    return tf.reshape(flat, [count, width]) as tf.Tensor2D;
  }
  const rows = tf.add(base, tf.scalar(0.25)) as tf.Tensor2D;
  base.dispose();
  return rows;
}

function isPacked(tensor: tf.Tensor): boolean {
  return Boolean((tf.backend() as unknown as WebGlRunner).texData.get(tensor.dataId).isPacked);
}

/** The table's values with rows `ids` set to the first rows of `rows`. */
function expectedAfter(before: Float32Array, rows: Float32Array, ids: Int32Array, width: number): Float32Array {
  const after = before.slice();
  ids.forEach((id, slot) => after.set(rows.subarray(slot * width, slot * width + width), id * width));
  return after;
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < Math.min(a.length, b.length); i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** One merge that must write in place: |after − expected|. */
async function mergeAndCompare(table: tf.Variable, ids: Int32Array, rowCount: number, packed: boolean, seed: number): Promise<number> {
  const width = table.shape[1] as number;
  const rows = newRows(rowCount, width, seed, packed);
  if (isPacked(rows) !== packed) throw new Error(`The new rows came ${packed ? 'unpacked' : 'packed'}.`);
  // A copy's values, so the table's own texture holds no cached read.
  const copy = tf.mul(table, 1);
  const before = (await copy.data()) as Float32Array;
  copy.dispose();
  const refusal = inPlaceRefusal(table);
  if (refusal !== null) throw new Error(`The in-place merge was refused (${refusal}).`);
  if (!mergeRowsInPlace(table, rows, ids)) throw new Error('The in-place merge did not run.');
  const expected = expectedAfter(before, (await rows.data()) as Float32Array, ids, width);
  rows.dispose();
  return maxAbs((await table.data()) as Float32Array, expected);
}

async function refusedCases(): Promise<{ refusals: WebGlRowMergeCheck['refusals']; sharersChanged: number }> {
  const table = unpackedTable(9, 4, 3);
  // Row 3 is in the slice below.
  const ids = Int32Array.from([3, 8]);
  const rows = newRows(2, 4, 4, true);
  try {
    const copy = tf.mul(table, 1);
    const before = (await copy.data()) as Float32Array;
    copy.dispose();
    let changed = 0;
    // A checkpoint's snapshot is a clone: the same texture. Each sharer is compared whatever the merge did.
    const clone = tf.clone(table);
    const clonedRefusal = inPlaceRefusal(table);
    mergeRowsInPlace(table, rows, ids);
    changed = Math.max(changed, maxAbs((await clone.data()) as Float32Array, before));
    clone.dispose();
    const slice = tf.slice(table, [3, 0], [2, 4]);
    const sliceRefusal = inPlaceRefusal(table);
    mergeRowsInPlace(table, rows, ids);
    changed = Math.max(changed, maxAbs((await slice.data()) as Float32Array, before.subarray(12, 20)));
    slice.dispose();
    // A new table of the same values, whose data no read has cached on the CPU (the clone's read above cached
    // the table's): its read is under way until the GPU answers.
    const fresh = unpackedTable(9, 4, 3);
    const reading = fresh.data();
    const pendingRefusal = inPlaceRefusal(fresh);
    mergeRowsInPlace(fresh, rows, ids);
    changed = Math.max(changed, maxAbs((await reading) as Float32Array, before));
    fresh.dispose();
    return { refusals: { clone: clonedRefusal, slice: sliceRefusal, pendingRead: pendingRefusal }, sharersChanged: changed };
  } finally {
    tf.dispose([table, rows]);
  }
}

async function checkWebGlRowMergeNow(): Promise<WebGlRowMergeCheck> {
  const counter = startOpCounting();
  let worst = 0;
  let cachedRead: number;
  try {
    // 37 × 5, rows [R 6, E 5]: the first and last rows, two padding rows; packed and unpacked new rows.
    const table = unpackedTable(37, 5, 1);
    try {
      worst = Math.max(worst, await mergeAndCompare(table, Int32Array.from([36, 0, 17, 5]), 6, true, 2));
      worst = Math.max(worst, await mergeAndCompare(table, Int32Array.from([1, 36, 20]), 3, false, 5));
    } finally {
      table.dispose();
    }
    // A squarish texture (a small maximum size, as webglRowKernelsCheck.ts does): rows cross texture rows.
    const flags = tf.env();
    const maximum = flags.getNumber('WEBGL_MAX_TEXTURE_SIZE');
    flags.set('WEBGL_MAX_TEXTURE_SIZE', 32);
    let wide: tf.Variable;
    try {
      wide = unpackedTable(100, 7, 6);
    } finally {
      flags.set('WEBGL_MAX_TEXTURE_SIZE', maximum);
    }
    try {
      const texShape = (tf.backend() as unknown as WebGlRunner).texData.get(wide.dataId).texShape;
      if (!texShape || texShape[1] % 7 === 0 || texShape[1] >= 700) throw new Error(`The table's rows do not cross texture rows (texture ${texShape?.join('×')}).`);
      worst = Math.max(worst, await mergeAndCompare(wide, Int32Array.from([99, 3, 4, 50, 0, 61]), 8, true, 7));
      worst = Math.max(worst, await mergeAndCompare(wide, Int32Array.from([98, 2]), 2, false, 8));
      // Values a read cached on the CPU: the write must not leave them to be served.
      const cached = (await wide.data()) as Float32Array;
      const rows = newRows(3, 7, 9, true);
      const ids = Int32Array.from([7, 8, 9]);
      if (!mergeRowsInPlace(wide, rows, ids)) throw new Error(`The in-place merge after a read was refused (${inPlaceRefusal(wide)}).`);
      cachedRead = maxAbs(wide.dataSync(), expectedAfter(cached, rows.dataSync() as Float32Array, ids, 7));
      rows.dispose();
    } finally {
      wide.dispose();
    }
    const { refusals, sharersChanged } = await refusedCases();
    return { worst, inPlaceRuns: counter.byKernel()[ROW_MERGE_IN_PLACE_KERNEL] ?? 0, refusals, sharersChanged, cachedRead };
  } finally {
    counter.stop();
  }
}

/**
 * The check with every op on the GPU: tfjs's webgl runs an op of small inputs still on the CPU there
 * (WEBGL_CPU_FORWARD), which would leave the small cases without a texture.
 */
export async function checkWebGlRowMerge(): ReturnType<typeof checkWebGlRowMergeNow> {
  const flags = tf.env();
  const forward = flags.getBool('WEBGL_CPU_FORWARD');
  flags.set('WEBGL_CPU_FORWARD', false);
  try {
    return await checkWebGlRowMergeNow();
  } finally {
    flags.set('WEBGL_CPU_FORWARD', forward);
  }
}
