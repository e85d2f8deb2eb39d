/**
 * A whole Elman RNN (tanh) layer direction in ONE WebGPU dispatch forward and ONE backward, registered with
 * tfjs as kernels of the `webgpu` backend: the LSTM's design (lstmSequence.ts) for h_t = tanh(xp_t + h_{t−1} W_hhᵀ).
 * Each workgroup owns `rows` sequences, keeps their hidden state in workgroup memory and walks all T steps.
 *
 * Forward `RnnPlaygroundRnnSequence`: `projected [T, B, H]` (x_t W_ihᵀ + b_ih + b_hh, in PROCESSING order),
 * `kernelHh [H, H]` (W_hhᵀ, params.ts's layout) → packed `[T, B, 2H]`: h_t, then h_{t−1}. Zero initial state;
 * steps past a sequence's length run on padding and are never read (recurrentLayer.ts picks each final state
 * at its own length). T is a uniform, so bucketed lengths share one shader.
 *
 * Backward `RnnPlaygroundRnnSequenceGrad`: only h_t of `packed` may be used downstream. BPTT over all steps
 * in one dispatch → ∂L/∂pre `[T, B, H]` = ∂L/∂projected; ∂L/∂W_hhᵀ is one matmul h_{t−1}ᵀ · ∂pre.
 */
import * as tf from '@tensorflow/tfjs';
import { runProgram, type WebGpuProgram } from './program';

export const RNN_SEQUENCE_KERNEL = 'RnnPlaygroundRnnSequence';
export const RNN_SEQUENCE_GRAD_KERNEL = 'RnnPlaygroundRnnSequenceGrad';

/** Packed row width in units of H, and the offsets of h_t and h_{t−1} in it. */
export const RNN_PACKED_WIDTH = 2;
export const RNN_PACKED_HIDDEN = 0;
export const RNN_PACKED_PREVIOUS_HIDDEN = 1;

/** Floats of workgroup memory a shader may use (WebGPU guarantees 16 KiB); both passes need 2·H per row. */
const WORKGROUP_FLOATS = 4096;
const THREADS = 128;
const MAX_ROWS_PER_WORKGROUP = 4;

/** Whether a hidden size fits the fused kernels' workgroup memory (H ≤ 2048). */
export function canFuseRnn(hiddenSize: number): boolean {
  return hiddenSize >= 1 && 2 * hiddenSize <= WORKGROUP_FLOATS;
}

function rowsPerWorkgroup(hiddenSize: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_WORKGROUP, Math.floor(WORKGROUP_FLOATS / (2 * hiddenSize))));
}

/** Numerically safe tanh: WGSL's overflows to NaN for large |x| on some drivers. */
const TANH = `
  fn rnnTanh(x : f32) -> f32 {
    let e = exp(-2.0 * abs(x));
    return sign(x) * (1.0 - e) / (1.0 + e);
  }
`;

function forwardProgram(seqLength: number, batchSize: number, hiddenSize: number): WebGpuProgram {
  const rows = rowsPerWorkgroup(hiddenSize);
  return {
    variableNames: ['projected', 'kernelHh'],
    outputShape: [seqLength, batchSize, RNN_PACKED_WIDTH * hiddenSize],
    shaderKey: `rnnPlaygroundRnnForward_${hiddenSize}_${rows}`,
    dispatchLayout: { x: [0, 1, 2] },
    dispatch: [Math.ceil(batchSize / rows), 1, 1],
    workgroupSize: [THREADS, 1, 1],
    getUserCode: () => `
  const H = ${hiddenSize};
  const ROWS = ${rows};
  ${TANH}
  // h_{t−1} of the owned rows, double-buffered by step parity so one barrier per step suffices.
  var<workgroup> hState : array<f32, ${2 * rows * hiddenSize}>;

  fn main(index : i32) {
    let local = i32(localId.x);
    let firstRow = i32(workgroupId.x) * ROWS;
    let seqLength = uniforms.projectedShape.x;
    let batchSize = uniforms.projectedShape.y;
    for (var e = local; e < ROWS * H; e += ${THREADS}) { hState[e] = 0.0; }
    workgroupBarrier();
    for (var t = 0; t < seqLength; t++) {
      let readBase = (t % 2) * ROWS * H;
      let writeBase = ((t + 1) % 2) * ROWS * H;
      for (var e = local; e < ROWS * H; e += ${THREADS}) {
        let r = e / H;
        let j = e % H;
        let b = firstRow + r;
        if (b < batchSize) {
          let row = t * batchSize + b;
          var pre = projected[row * H + j];
          for (var k = 0; k < H; k++) { pre += hState[readBase + r * H + k] * kernelHh[k * H + j]; }
          let h = rnnTanh(pre);
          result[row * 2 * H + j] = h;
          result[row * 2 * H + H + j] = hState[readBase + r * H + j];
          hState[writeBase + r * H + j] = h;
        }
      }
      workgroupBarrier();
    }
  }
`,
  };
}

function backwardProgram(seqLength: number, batchSize: number, hiddenSize: number): WebGpuProgram {
  const rows = rowsPerWorkgroup(hiddenSize);
  return {
    variableNames: ['packed', 'dy', 'kernelHh'],
    outputShape: [seqLength, batchSize, hiddenSize],
    shaderKey: `rnnPlaygroundRnnBackward_${hiddenSize}_${rows}`,
    dispatchLayout: { x: [0, 1, 2] },
    dispatch: [Math.ceil(batchSize / rows), 1, 1],
    workgroupSize: [THREADS, 1, 1],
    getUserCode: () => `
  const H = ${hiddenSize};
  const ROWS = ${rows};
  // ∂L/∂pre of the owned rows at the current step, and ∂L/∂h_t carried from step t+1 (∂pre_{t+1} W_hh).
  var<workgroup> dPre : array<f32, ${rows * hiddenSize}>;
  var<workgroup> dhCarry : array<f32, ${rows * hiddenSize}>;

  fn main(index : i32) {
    let local = i32(localId.x);
    let firstRow = i32(workgroupId.x) * ROWS;
    let seqLength = uniforms.packedShape.x;
    let batchSize = uniforms.packedShape.y;
    for (var e = local; e < ROWS * H; e += ${THREADS}) { dhCarry[e] = 0.0; }
    for (var s = 0; s < seqLength; s++) {
      let t = seqLength - 1 - s;
      for (var e = local; e < ROWS * H; e += ${THREADS}) {
        let r = e / H;
        let j = e % H;
        let b = firstRow + r;
        if (b < batchSize) {
          let row = t * batchSize + b;
          let h = packed[row * 2 * H + j];
          let d = (dy[row * 2 * H + j] + dhCarry[e]) * (1.0 - h * h);
          result[row * H + j] = d;
          dPre[e] = d;
        }
      }
      workgroupBarrier();
      // ∂L/∂h_{t−1} = ∂pre_t · W_hh: row k of W_hhᵀ dotted with ∂pre_t.
      for (var e = local; e < ROWS * H; e += ${THREADS}) {
        let r = e / H;
        let k = e % H;
        if (firstRow + r < batchSize) {
          var acc = 0.0;
          for (var m = 0; m < H; m++) { acc += dPre[r * H + m] * kernelHh[k * H + m]; }
          dhCarry[e] = acc;
        }
      }
      workgroupBarrier();
    }
  }
`,
  };
}

let registered = false;

/** Register both kernels and the forward kernel's gradient (idempotent; needs no GPU). */
export function registerRnnSequenceKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: RNN_SEQUENCE_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { projected, kernelHh } = inputs as { projected: tf.TensorInfo; kernelHh: tf.TensorInfo };
      const [seqLength, batchSize] = projected.shape;
      return runProgram(backend, forwardProgram(seqLength, batchSize, kernelHh.shape[0]), [projected, kernelHh]);
    },
  });
  tf.registerKernel({
    kernelName: RNN_SEQUENCE_GRAD_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { packed, dy, kernelHh } = inputs as { packed: tf.TensorInfo; dy: tf.TensorInfo; kernelHh: tf.TensorInfo };
      const [seqLength, batchSize] = packed.shape;
      return runProgram(backend, backwardProgram(seqLength, batchSize, kernelHh.shape[0]), [packed, dy, kernelHh]);
    },
  });
  tf.registerGradient({
    kernelName: RNN_SEQUENCE_KERNEL,
    inputsToSave: ['kernelHh'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [kernelHh, packed] = saved as [tf.Tensor2D, tf.Tensor3D];
      const [seqLength, batchSize, width] = packed.shape;
      const hidden = width / RNN_PACKED_WIDTH;
      // Computed once here for both inputs' gradients (each gradient thunk runs in its own tidy).
      const dPre = tf.engine().runKernel(RNN_SEQUENCE_GRAD_KERNEL, { packed, dy: dy as tf.Tensor, kernelHh }) as tf.Tensor3D;
      return {
        projected: () => dPre.clone(),
        kernelHh: () => {
          const previous = tf.slice(packed, [0, 0, RNN_PACKED_PREVIOUS_HIDDEN * hidden], [seqLength, batchSize, hidden]);
          const rowsOfPrevious = tf.reshape(previous, [seqLength * batchSize, hidden]) as tf.Tensor2D;
          return tf.matMul(rowsOfPrevious, tf.reshape(dPre, [seqLength * batchSize, hidden]) as tf.Tensor2D, true, false);
        },
      };
    },
  });
}

/** One RNN direction over all timesteps on webgpu: `projected [T, B, H]`, `kernelHh [H, H]` → packed `[T, B, 2H]`. */
export function rnnSequence(projected: tf.Tensor3D, kernelHh: tf.Tensor2D): tf.Tensor3D {
  registerRnnSequenceKernels();
  return tf.engine().runKernel(RNN_SEQUENCE_KERNEL, { projected, kernelHh }) as tf.Tensor3D;
}
