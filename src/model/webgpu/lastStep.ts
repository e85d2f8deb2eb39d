/**
 * Each sequence's state at its own last step, read straight out of a fused layer's packed result in ONE
 * WebGPU dispatch (and its gradient in one), instead of a slice, a multiply by a one-hot-in-time mask and a
 * sum over time (four dispatches forward, three backward, per state).
 *
 * Kernel `RnnPlaygroundLastStep`: `packed [T, B, W]`, `lengths [B]` int32 (each in [1, T]), attributes
 * `offset` and `width` → `[B, width]` = packed[lengths[b] − 1, b, offset + j]. Its gradient
 * `RnnPlaygroundLastStepGrad`: `dy [B, width]`, `lengths` → `[T, B, W]`, dy at those places, zero elsewhere
 * (a buffer clear, then one dispatch over the B × width values).
 */
import * as tf from '@tensorflow/tfjs';
import { recordClear } from './bufferCommands';
import { recordShader, type WebGpuBackendInternals } from './ownShader';
import { runProgram, type WebGpuProgram } from './program';

export const LAST_STEP_KERNEL = 'RnnPlaygroundLastStep';
export const LAST_STEP_GRAD_KERNEL = 'RnnPlaygroundLastStepGrad';

const THREADS = 64;

interface LastStepAttrs {
  offset: number;
  width: number;
}

interface LastStepGradAttrs extends LastStepAttrs {
  /** The packed input's shape, `[T, B, W]`. */
  packedShape: number[];
}

function forwardProgram(batch: number, width: number): WebGpuProgram {
  return {
    variableNames: ['packed', 'lengths'],
    outputShape: [batch, width],
    shaderKey: 'rnnPlaygroundLastStep',
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil((batch * width) / THREADS), 1, 1],
    workgroupSize: [THREADS, 1, 1],
    uniforms: 'offset : i32, width : i32,',
    size: false,
    getUserCode: () => `
  fn main(index : i32) {
    let batch = uniforms.packedShape.y;
    let packedWidth = uniforms.packedShape.z;
    if (index < batch * uniforms.width) {
      let b = index / uniforms.width;
      let j = index % uniforms.width;
      let t = lengths[b] - 1;
      result[index] = packed[(t * batch + b) * packedWidth + uniforms.offset + j];
    }
  }
`,
  };
}

/**
 * The gradient's scatter: dy's rows into a cleared `[T, B, W]` at each sequence's last step. Workgroups along x
 * cover a row's `width` columns, y is the batch row: no integer division (a software GPU divides lane by lane).
 * `counts`: the batch, the packed width W, `offset` and `width`. Its own WGSL (ownShader.ts) because it writes
 * into an output that was cleared first (bufferCommands.ts), which tfjs's programs cannot.
 */
const SCATTER_SHADER = `
@group(0) @binding(0) var<storage, read_write> result : array<f32>;
@group(0) @binding(1) var<storage, read> dy : array<f32>;
@group(0) @binding(2) var<storage, read> lengths : array<i32>;
@group(0) @binding(3) var<storage, read> counts : array<i32>;
// tfjs's shape uniforms (NaN, Infinity, shapes): bound by recordAndSubmit, not needed here.
@group(0) @binding(4) var<uniform> tfjsUniforms : vec2<f32>;

@compute @workgroup_size(${THREADS}, 1, 1)
fn main(@builtin(workgroup_id) group : vec3<u32>, @builtin(local_invocation_index) local : u32) {
  _ = tfjsUniforms;
  let batch = counts[0];
  let packedWidth = counts[1];
  let width = counts[3];
  let j = i32(group.x) * ${THREADS} + i32(local);
  let b = i32(group.y);
  if (j < width) {
    let t = lengths[b] - 1;
    result[(t * batch + b) * packedWidth + counts[2] + j] = dy[b * width + j];
  }
}
`;

/** ∂packed: a cleared `[T, B, W]` (one memset) and dy scattered into it (one dispatch over B × width). */
function lastStepGrad(backend: unknown, dy: tf.TensorInfo, lengths: tf.TensorInfo, { offset, width, packedShape }: LastStepGradAttrs): tf.TensorInfo {
  const gpu = backend as WebGpuBackendInternals;
  const [, batch, packedWidth] = packedShape;
  const output = gpu.makeTensorInfo(packedShape, 'float32');
  recordClear(backend, output);
  const counts = keptCounts(gpu, [batch, packedWidth, offset, width]);
  recordShader(backend, SCATTER_SHADER, [Math.ceil(width / THREADS), batch, 1], output, [dy, lengths, counts]);
  return output;
}

/** The scatter's `counts` kept on the GPU per backend and value: a few shapes recur every step (batch, layer, direction). */
const countsByBackend = new WeakMap<object, Map<string, tf.TensorInfo>>();
/** More than any model here needs (the last batch of an epoch adds a batch size); past it the oldest goes. */
const MAX_KEPT_COUNTS = 32;

/**
 * `values` as an int32 tensor on `gpu`, made once: made per call, it was a new GPU buffer every step, and new
 * buffers were a large part of a step's CPU time on a real GPU (webgpu/fusedAdam.ts).
 */
function keptCounts(gpu: WebGpuBackendInternals, values: number[]): tf.TensorInfo {
  let kept = countsByBackend.get(gpu);
  if (!kept) {
    kept = new Map();
    countsByBackend.set(gpu, kept);
  }
  const key = values.join(',');
  let counts = kept.get(key);
  if (!counts) {
    const oldest = kept.keys().next();
    if (kept.size >= MAX_KEPT_COUNTS && !oldest.done) {
      // Released like any tensor's data: the backend waits for queued work that still reads it.
      gpu.disposeData(kept.get(oldest.value)!.dataId);
      kept.delete(oldest.value);
    }
    counts = gpu.makeTensorInfo([4], 'int32', Int32Array.from(values));
    kept.set(key, counts);
  }
  return counts;
}

function uniformsOf({ offset, width }: LastStepAttrs) {
  return [
    { type: 'int32' as const, data: [offset] },
    { type: 'int32' as const, data: [width] },
  ];
}

let registered = false;

function registerKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: LAST_STEP_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { packed, lengths } = inputs as { packed: tf.TensorInfo; lengths: tf.TensorInfo };
      const picked = attrs as unknown as LastStepAttrs;
      return runProgram(backend, forwardProgram(packed.shape[1], picked.width), [packed, lengths], uniformsOf(picked));
    },
  });
  tf.registerKernel({
    kernelName: LAST_STEP_GRAD_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, lengths } = inputs as { dy: tf.TensorInfo; lengths: tf.TensorInfo };
      return lastStepGrad(backend, dy, lengths, attrs as unknown as LastStepGradAttrs);
    },
  });
  tf.registerGradient({
    kernelName: LAST_STEP_KERNEL,
    inputsToSave: ['packed', 'lengths'],
    gradFunc: (dy, saved, attrs) => {
      const [packed, lengths] = saved;
      const gradAttrs: LastStepGradAttrs = { ...(attrs as unknown as LastStepAttrs), packedShape: packed.shape };
      return {
        packed: () => tf.engine().runKernel(LAST_STEP_GRAD_KERNEL, { dy: dy as tf.Tensor, lengths }, gradAttrs as unknown as tf.NamedAttrMap) as tf.Tensor,
        // Lengths are data, never trained: tfjs asks only for gradients of inputs a variable reaches.
        lengths: () => tf.zerosLike(lengths),
      };
    },
  });
}

/**
 * `packed [T, B, W]` → `[B, width]`: columns [offset, offset + width) of each sequence's row at step
 * lengths[b] − 1. On the webgpu backend; differentiable with respect to `packed`.
 */
export function lastStepFused(packed: tf.Tensor3D, lengths: tf.Tensor1D, offset: number, width: number): tf.Tensor2D {
  registerKernels();
  const attrs: LastStepAttrs = { offset, width };
  return tf.engine().runKernel(LAST_STEP_KERNEL, { packed, lengths }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}
