/**
 * Each sequence's state at its own last step, read straight out of the fused WebGL LSTM's packed result in ONE
 * draw (and its gradient in one), instead of a slice, a multiply by the one-hot-in-time mask and a sum over
 * time forward and their three gradients backward (the WebGL counterpart of webgpu/lastStep.ts).
 *
 * Kernel `RnnPlaygroundLastStepWebGl`: `packed [T, B, W]`, `mask [T, B]` (1 at t = len_b − 1, else 0),
 * attributes `offset` and `width` (even, as the LSTM's H is) → `[B, width]` = Σ_t mask[t, b] ·
 * packed[t, b, offset + j]. Its gradient `RnnPlaygroundLastStepWebGlGrad`: `dy [B, width]`, `mask` →
 * `[T, B, W]`, mask[t, b] · dy[b, j − offset] inside the picked columns, zero elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import { BATCH_ROWS, PAST_LAST_ROW, packedProgram, type WebGlProgram, type WebGlRunner } from './program';

export const LAST_STEP_WEBGL_KERNEL = 'RnnPlaygroundLastStepWebGl';
export const LAST_STEP_WEBGL_GRAD_KERNEL = 'RnnPlaygroundLastStepWebGlGrad';

interface LastStepAttrs {
  offset: number;
  width: number;
}

interface LastStepGradAttrs extends LastStepAttrs {
  /** The packed input's shape, `[T, B, W]`. */
  packedShape: number[];
}

/**
 * GLSL: the mask of rows b and b+1 at step t, as a texel's weights. A packed `[T, B]` texel holds steps t, t+1
 * (t even) × rows b, b+1, so an odd t sits in its second half.
 */
const MASK_AT = `
  vec4 maskAt(int t, int b) {
    vec4 m = getMask(t, b);
    vec2 rows = (t - (t / 2) * 2) == 0 ? m.xy : m.zw;
    return rows.xxyy;
  }
`;

function forwardProgram(batch: number, width: number): WebGlProgram {
  return packedProgram(
    ['packed', 'mask'],
    [batch, width],
    `${MASK_AT}${PAST_LAST_ROW}
  void main() {
    ivec2 coords = getOutputCoords();
    vec4 sum = vec4(0.0);
    for (int t = 0; t < steps; t++) {
      sum += getPacked(t, coords.x, offset + coords.y) * maskAt(t, coords.x);
    }
    setOutput(inRows(sum, coords.x));
  }
`,
    [
      { name: 'steps', type: 'int' },
      { name: 'offset', type: 'int' },
      BATCH_ROWS,
    ],
  );
}

function backwardProgram(packedShape: number[]): WebGlProgram {
  return packedProgram(
    ['dy', 'mask'],
    packedShape,
    `${MASK_AT}${PAST_LAST_ROW}
  void main() {
    ivec3 coords = getOutputCoords();
    int j = coords.z - offset;
    vec4 value = vec4(0.0);
    if (j >= 0 && j < width) value = getDy(coords.y, j) * maskAt(coords.x, coords.y);
    setOutput(inRows(value, coords.y));
  }
`,
    [
      { name: 'offset', type: 'int' },
      { name: 'width', type: 'int' },
      BATCH_ROWS,
    ],
  );
}

let registered = false;

function registerKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: LAST_STEP_WEBGL_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { packed, mask } = inputs as Record<'packed' | 'mask', tf.TensorInfo>;
      const { offset, width } = attrs as unknown as LastStepAttrs;
      return (backend as unknown as WebGlRunner).runWebGLProgram(forwardProgram(packed.shape[1], width), [packed, mask], 'float32', [[packed.shape[0]], [offset], [packed.shape[1]]]);
    },
  });
  tf.registerKernel({
    kernelName: LAST_STEP_WEBGL_GRAD_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, mask } = inputs as Record<'dy' | 'mask', tf.TensorInfo>;
      const { offset, width, packedShape } = attrs as unknown as LastStepGradAttrs;
      return (backend as unknown as WebGlRunner).runWebGLProgram(backwardProgram(packedShape), [dy, mask], 'float32', [[offset], [width], [packedShape[1]]]);
    },
  });
  tf.registerGradient({
    kernelName: LAST_STEP_WEBGL_KERNEL,
    inputsToSave: ['packed', 'mask'],
    gradFunc: (dy, saved, attrs) => {
      const [packed, mask] = saved;
      const gradAttrs: LastStepGradAttrs = { ...(attrs as unknown as LastStepAttrs), packedShape: packed.shape };
      return {
        packed: () => tf.engine().runKernel(LAST_STEP_WEBGL_GRAD_KERNEL, { dy: dy as tf.Tensor, mask }, gradAttrs as unknown as tf.NamedAttrMap) as tf.Tensor,
        // The mask is data, never trained: tfjs asks only for gradients of inputs a variable reaches.
        mask: () => tf.zerosLike(mask),
      };
    },
  });
}

/**
 * `packed [T, B, W]` → `[B, width]`: columns [offset, offset + width) of each sequence's row at the step where
 * `mask [T, B]` is 1 (one step per sequence). On the webgl backend; differentiable with respect to `packed`.
 */
export function lastStepWebGl(packed: tf.Tensor3D, mask: tf.Tensor2D, offset: number, width: number): tf.Tensor2D {
  registerKernels();
  const attrs: LastStepAttrs = { offset, width };
  return tf.engine().runKernel(LAST_STEP_WEBGL_KERNEL, { packed, mask }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}
