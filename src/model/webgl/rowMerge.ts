/**
 * Replace some rows of a `[V, E]` texture in ONE WebGL pass: `result[r] = slots[r] < 0 ? old[r] : rows[slots[r]]`.
 * Why: tfjs's WebGL scatter (ScatterND, TensorScatterUpdate) loops over every update for every output
 * element, O(V·E·U): for SST-2's 15k-row embedding that loop was most of a WebGL training step. This pass
 * is O(V·E) with one texture read per element.
 *
 * Kernel `RnnPlaygroundRowMerge` (webgl only): inputs `old [V, E]`, `rows [R, E]`, `slots [V]` (int32, −1 =
 * keep the old row, else a row of `rows`) → `[V, E]`.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGlProgram, WebGlRunner } from './program';

/** The kernel's name in tfjs's registry. */
export const ROW_MERGE_KERNEL = 'RnnPlaygroundRowMerge';

function rowMergeProgram(shape: number[]): WebGlProgram {
  return {
    variableNames: ['old', 'rows', 'slots'],
    outputShape: shape,
    // Ids arrive as floats in WebGL textures: −1 or a whole number, so a half-way test is exact.
    userCode: `
      void main() {
        ivec2 coords = getOutputCoords();
        float slot = getSlots(coords.x);
        if (slot < -0.5) {
          setOutput(getOld(coords.x, coords.y));
        } else {
          setOutput(getRows(int(slot + 0.5), coords.y));
        }
      }
    `,
  };
}

let registered = false;

/** Register the kernel on the webgl backend (once). */
export function registerRowMergeKernel(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: ROW_MERGE_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend }) => {
      const { old, rows, slots } = inputs as Record<'old' | 'rows' | 'slots', tf.TensorInfo>;
      return (backend as unknown as WebGlRunner).runWebGLProgram(rowMergeProgram(old.shape), [old, rows, slots], 'float32');
    },
  });
}
