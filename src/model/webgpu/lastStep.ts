/**
 * Each sequence's state at its own last step, read straight out of a fused layer's packed result in ONE
 * WebGPU dispatch (and its gradient in one), instead of a slice, a multiply by a one-hot-in-time mask and a
 * sum over time (four dispatches forward, three backward, per state).
 *
 * Kernel `RnnPlaygroundLastStep`: `packed [T, B, W]`, `lengths [B]` int32 (each in [1, T]), attributes
 * `offset` and `width` → `[B, width]` = packed[lengths[b] − 1, b, offset + j]. Its gradient
 * `RnnPlaygroundLastStepGrad`: `dy [B, width]`, `lengths` → `[T, B, W]`, dy at those places, zero elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
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

function backwardProgram(packedShape: number[]): WebGpuProgram {
  return {
    variableNames: ['dy', 'lengths'],
    outputShape: packedShape,
    shaderKey: 'rnnPlaygroundLastStepGrad',
    dispatchLayout: { x: [0, 1, 2] },
    // Columns along x, the batch along y, time along z: no integer division per element, which a software GPU
    // runs lane by lane (four divisions per element took 18 ms of an SST-2 step's [25, 32, 700] on SwiftShader).
    dispatch: [Math.ceil(packedShape[2] / THREADS), packedShape[1], packedShape[0]],
    workgroupSize: [THREADS, 1, 1],
    uniforms: 'offset : i32, width : i32,',
    size: false,
    getUserCode: () => `
  fn main(unusedIndex : i32) {
    let batch = uniforms.outShape.y;
    let packedWidth = uniforms.outShape.z;
    let column = i32(workgroupId.x) * ${THREADS} + i32(localId.x);
    let b = i32(workgroupId.y);
    let t = i32(workgroupId.z);
    if (column < packedWidth) {
      let j = column - uniforms.offset;
      var value = 0.0;
      if (t == lengths[b] - 1 && j >= 0 && j < uniforms.width) { value = dy[b * uniforms.width + j]; }
      result[(t * batch + b) * packedWidth + column] = value;
    }
  }
`,
  };
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
      const picked = attrs as unknown as LastStepGradAttrs;
      return runProgram(backend, backwardProgram(picked.packedShape), [dy, lengths], uniformsOf(picked));
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
