/**
 * What variable lengths mean for a padded, TIME-MAJOR batch (`[T, B, …]`, row `t·B + b`), computed in
 * JS from `lengths` so no tensor is read back. These implement PyTorch's pack_padded_sequence semantics
 * with dense ops: outputs past a length are multiplied by 0, each sequence's final state is picked at
 * its own last step by a one-hot-in-time mask, and the reverse direction reads each sequence backwards
 * within its own length through a row permutation.
 */
import * as tf from '@tensorflow/tfjs';

/** Lengths of one batch; every length is in [1, seqLength]. */
export interface LengthInfo {
  lengths: Int32Array;
  batchSize: number;
  seqLength: number;
}

/** True when no sequence is padded, so masks and permutations can be skipped. */
export function isFullLength(info: LengthInfo): boolean {
  return info.lengths.every((length) => length === info.seqLength);
}

/** `[T, B, 1]` float mask, 1 where `predicate(t, length_b)`. */
export function timeMask(info: LengthInfo, predicate: (t: number, length: number) => boolean): tf.Tensor3D {
  const { batchSize, seqLength, lengths } = info;
  const values = new Float32Array(seqLength * batchSize);
  for (let t = 0; t < seqLength; t++) {
    for (let b = 0; b < batchSize; b++) values[t * batchSize + b] = predicate(t, lengths[b]) ? 1 : 0;
  }
  return tf.tensor3d(values, [seqLength, batchSize, 1]);
}

/**
 * Row permutation of a flattened time-major batch that reverses each sequence within its length:
 * row (t, b) ← row (len_b − 1 − t, b) for t < len_b; padded rows stay where they are. It is its own
 * inverse, which the gradient of `permuteRows` relies on.
 */
export function reverseWithinLengths(info: LengthInfo): Int32Array {
  const { batchSize, seqLength, lengths } = info;
  const permutation = new Int32Array(seqLength * batchSize);
  for (let t = 0; t < seqLength; t++) {
    for (let b = 0; b < batchSize; b++) {
      const source = t < lengths[b] ? lengths[b] - 1 - t : t;
      permutation[t * batchSize + b] = source * batchSize + b;
    }
  }
  return permutation;
}

/**
 * `x [N, W]` → rows reordered by an INVOLUTION `permutation` (p∘p = id). The gradient is the same
 * gather, which avoids tf.gather's UnsortedSegmentSum gradient (missing on WASM, slow elsewhere).
 */
export function permuteRows(x: tf.Tensor2D, permutation: Int32Array): tf.Tensor2D {
  const permute = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const indices = tf.tensor1d(permutation, 'int32');
    save([indices]);
    return {
      value: tf.gather(input, indices) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.gather(dy, saved[0]) as tf.Tensor,
    };
  });
  return permute(x) as tf.Tensor2D;
}

/** Pick each sequence's row at a mask's one-hot time: `states` T × `[B, H]`, `mask [T, B, 1]` → `[B, H]`. */
export function selectByTime(states: tf.Tensor2D[], mask: tf.Tensor3D): tf.Tensor2D {
  return tf.sum(tf.mul(tf.stack(states), mask), 0) as tf.Tensor2D;
}
