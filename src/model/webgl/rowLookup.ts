/**
 * An embedding lookup from a batch's own rows on WebGL, both ways in one draw whose shader is the same for every
 * batch length: `rows [R, E]`, `slots [N]` → `[N, E]`, and the gradient `[R, E]` where row r sums the ∂y rows
 * of the positions that read it.
 * Why not tfjs's gather and a one-hot matmul: their shaders bake N in (a fresh compile per new sentence
 * length), and the one-hot product does R·N·E multiply-adds where the sum needs N·E additions. The positions
 * are grouped by row on the CPU (the slots are known there), so each output row loops over its own positions.
 *
 * Kernel `RnnPlaygroundRowLookupWebGl`: `rows [R, E]`, `slots [N]` (int32; −1 reads a zero row) → `[N, E]`.
 * Kernel `RnnPlaygroundRowLookupGradWebGl`: `dy [N, E]`, `starts [R + 1]`, `positions [N]` (int32; row r's
 * positions are `positions[starts[r] .. starts[r + 1])`) → `[R, E]`.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGlProgram, WebGlRunner } from './program';

export const ROW_LOOKUP_WEBGL_KERNEL = 'RnnPlaygroundRowLookupWebGl';
export const ROW_LOOKUP_WEBGL_GRAD_KERNEL = 'RnnPlaygroundRowLookupGradWebGl';

/** Unpacked: each output element is one read (forward) or one short sum (backward); shapes as uniforms. */
function unpackedProgram(variableNames: string[], outputShape: number[], userCode: string): WebGlProgram {
  return { variableNames, outputShape, userCode, enableShapeUniforms: tf.env().getBool('WEBGL_USE_SHAPES_UNIFORMS') };
}

// Ids arrive as floats in WebGL textures, whole numbers below 2^24, so rounding is exact.
const LOOKUP = `
  void main() {
    ivec2 coords = getOutputCoords();
    float slot = getSlots(coords.x);
    setOutput(slot < -0.5 ? 0.0 : getRows(int(slot + 0.5), coords.y));
  }
`;

const LOOKUP_GRAD = `
  void main() {
    ivec2 coords = getOutputCoords();
    int begin = int(getStarts(coords.x) + 0.5);
    int end = int(getStarts(coords.x + 1) + 0.5);
    float sum = 0.0;
    for (int k = begin; k < end; k++) {
      sum += getDy(int(getPositions(k) + 0.5), coords.y);
    }
    setOutput(sum);
  }
`;

let registered = false;

function registerKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: ROW_LOOKUP_WEBGL_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend }) => {
      const { rows, slots } = inputs as Record<'rows' | 'slots', tf.TensorInfo>;
      const program = unpackedProgram(['rows', 'slots'], [slots.shape[0], rows.shape[1]], LOOKUP);
      return (backend as unknown as WebGlRunner).runWebGLProgram(program, [rows, slots], 'float32');
    },
  });
  tf.registerKernel({
    kernelName: ROW_LOOKUP_WEBGL_GRAD_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend }) => {
      const { dy, starts, positions } = inputs as Record<'dy' | 'starts' | 'positions', tf.TensorInfo>;
      const program = unpackedProgram(['dy', 'starts', 'positions'], [starts.shape[0] - 1, dy.shape[1]], LOOKUP_GRAD);
      return (backend as unknown as WebGlRunner).runWebGLProgram(program, [dy, starts, positions], 'float32');
    },
  });
}

/** The slot of a position that reads no row: its lookup is a zero row (padding), its ∂y goes nowhere. */
export const NO_ROW = -1;

/**
 * Positions `0..N−1` grouped by the row they read (counting sort): row r's are `positions[starts[r] .. starts[r+1])`.
 * Positions whose slot is NO_ROW are left out.
 */
export function positionsByRow(slots: Int32Array, rowCount: number): { starts: Int32Array; positions: Int32Array } {
  const starts = new Int32Array(rowCount + 1);
  for (const slot of slots) {
    if (slot === NO_ROW) continue;
    if (!(slot >= 0 && slot < rowCount)) throw new RangeError(`Slot ${slot} is outside the ${rowCount} rows looked up from.`);
    starts[slot + 1]++;
  }
  for (let r = 0; r < rowCount; r++) starts[r + 1] += starts[r];
  const next = starts.slice(0, rowCount);
  const positions = new Int32Array(starts[rowCount]);
  slots.forEach((slot, position) => {
    if (slot !== NO_ROW) positions[next[slot]++] = position;
  });
  return { starts, positions };
}

/**
 * Rows `slots` of `rows [R, E]` → `[N, E]` (a zero row where the slot is NO_ROW); the gradient sums each
 * position's ∂y into its row. On webgl.
 */
export function lookupRowsWebGl(rows: tf.Tensor2D, slots: Int32Array): tf.Tensor2D {
  registerKernels();
  const rowCount = rows.shape[0];
  const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [source, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const { starts, positions } = positionsByRow(slots, rowCount);
    const startTensor = tf.tensor1d(starts, 'int32');
    const positionTensor = tf.tensor1d(positions, 'int32');
    save([startTensor, positionTensor]);
    const slotTensor = tf.tensor1d(slots, 'int32');
    return {
      value: tf.engine().runKernel(ROW_LOOKUP_WEBGL_KERNEL, { rows: source, slots: slotTensor }) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.engine().runKernel(ROW_LOOKUP_WEBGL_GRAD_KERNEL, { dy, starts: saved[0], positions: saved[1] }) as tf.Tensor,
    };
  });
  return lookup(rows) as tf.Tensor2D;
}
