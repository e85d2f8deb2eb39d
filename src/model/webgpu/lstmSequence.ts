/**
 * A whole LSTM layer direction in ONE WebGPU dispatch forward and ONE backward, registered with tfjs as two
 * kernels of the `webgpu` backend (the "persistent RNN" idea). Why: tfjs runs an LSTM as about a dozen small
 * ops per timestep, each its own GPU dispatch, forward and again backward; a dispatch costs tens of µs on a
 * real GPU, so a step's time is set by their number, not by its arithmetic. Here the time loop runs inside
 * the shader: each workgroup owns `rows` sequences of the batch, keeps their hidden state in workgroup
 * memory, and walks all T timesteps with a barrier between steps.
 *
 * Forward kernel `RnnPlaygroundLstmSequence`:
 *   inputs  projected `[T, B, 4H]` — x_t W_ihᵀ + b_ih + b_hh for every step (one matmul before, by the caller),
 *                                   in PROCESSING order (a reverse direction passes its rows already reversed);
 *           kernelHh  `[H, 4H]`    — W_hhᵀ, the storage layout of params.ts;
 *   output  packed    `[T, B, 7H]` — per step and row: activated gates i, f, g, o (PyTorch's order), then
 *                                   c_t, h_t, h_{t−1}. The initial state is zero.
 * Every row runs all T steps; steps past a sequence's length compute on padding and are never read by the
 * caller (recurrentLayer.ts masks them), exactly like the unfused path. T is read from the input's shape
 * uniform, so batches of different lengths share one compiled shader.
 *
 * Gradient: only c_t and h_t of `packed` may be used downstream (the gates and h_{t−1} are there for the
 * backward pass; their incoming gradient is ignored). The backward kernel `RnnPlaygroundLstmSequenceGrad`
 * runs BPTT over all T steps in one dispatch and returns ∂L/∂preactivation `[T, B, 4H]`, which is
 * ∂L/∂projected; ∂L/∂W_hhᵀ is then one matmul over all timesteps: h_{t−1}ᵀ · ∂pre, `[H, T·B] · [T·B, 4H]`.
 */
import * as tf from '@tensorflow/tfjs';

/** The forward kernel's name in tfjs's registry (webgpu backend only). */
export const LSTM_SEQUENCE_KERNEL = 'RnnPlaygroundLstmSequence';
/** The backward kernel's name. */
export const LSTM_SEQUENCE_GRAD_KERNEL = 'RnnPlaygroundLstmSequenceGrad';

/** Packed row width in units of H: gates (4), c, h, h_{t−1}. */
export const PACKED_WIDTH = 7;
/** Offsets (in units of H) of c_t, h_t and h_{t−1} inside a packed row. */
export const PACKED_CELL = 4;
export const PACKED_HIDDEN = 5;
export const PACKED_PREVIOUS_HIDDEN = 6;

/**
 * Floats of workgroup memory a shader may use: WebGPU guarantees 16 KiB (maxComputeWorkgroupStorageSize).
 * The backward pass needs 6·H per owned row (∂pre 4H, carried ∂h and ∂c), which bounds H.
 */
const WORKGROUP_FLOATS = 4096;
const THREADS = 128;
const MAX_ROWS_PER_WORKGROUP = 4;

/** Whether a hidden size fits the fused kernels' workgroup memory (H ≤ 682). */
export function canFuseLstm(hiddenSize: number): boolean {
  return hiddenSize >= 1 && 6 * hiddenSize <= WORKGROUP_FLOATS;
}

/**
 * Sequences per workgroup: several rows share each read of W_hh (the bulk of the memory traffic), as many
 * as workgroup memory allows, at most four so a batch still spreads over several workgroups.
 */
function rowsPerWorkgroup(hiddenSize: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_WORKGROUP, Math.floor(WORKGROUP_FLOATS / (6 * hiddenSize))));
}

/** The part of tfjs-backend-webgpu's program interface these kernels use (see its webgpu_program.ts). */
interface FusedProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  getUserCode: () => string;
}

/** The part of the WebGPU backend used here: run a program on tensors, returning its output. */
interface ProgramRunner {
  runWebGPUProgram(program: FusedProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType): tf.TensorInfo;
}

/** Numerically safe activations: WGSL's tanh overflows to NaN for large |x| on some drivers. */
const ACTIVATIONS = `
  fn lstmSigmoid(x : f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
  fn lstmTanh(x : f32) -> f32 {
    let e = exp(-2.0 * abs(x));
    return sign(x) * (1.0 - e) / (1.0 + e);
  }
`;

/** Shader constants shared by both kernels: H and the rows a workgroup owns are compiled in; T and B are not. */
function constants(hiddenSize: number, rows: number): string {
  return `
  const H = ${hiddenSize};
  const G = ${4 * hiddenSize};
  const P = ${PACKED_WIDTH * hiddenSize};
  const ROWS = ${rows};
  const THREADS = ${THREADS};
  ${ACTIVATIONS}`;
}

function forwardProgram(seqLength: number, batchSize: number, hiddenSize: number): FusedProgram {
  const rows = rowsPerWorkgroup(hiddenSize);
  return {
    variableNames: ['projected', 'kernelHh'],
    outputShape: [seqLength, batchSize, PACKED_WIDTH * hiddenSize],
    shaderKey: `rnnPlaygroundLstmForward_${hiddenSize}_${rows}`,
    dispatchLayout: { x: [0, 1, 2] },
    dispatch: [Math.ceil(batchSize / rows), 1, 1],
    workgroupSize: [THREADS, 1, 1],
    getUserCode: () => `
  ${constants(hiddenSize, rows)}
  // h_{t−1} of the owned rows, double-buffered by step parity so one barrier per step suffices.
  var<workgroup> hState : array<f32, ${2 * rows * hiddenSize}>;

  fn main(index : i32) {
    let local = i32(localId.x);
    let firstRow = i32(workgroupId.x) * ROWS;
    let seqLength = uniforms.projectedShape.x;
    let batchSize = uniforms.projectedShape.y;
    for (var e = local; e < ROWS * H; e += THREADS) { hState[e] = 0.0; }
    workgroupBarrier();
    for (var t = 0; t < seqLength; t++) {
      let readBase = (t % 2) * ROWS * H;
      let writeBase = ((t + 1) % 2) * ROWS * H;
      // Each invocation owns the same (row, unit) pairs at every step, so it can read its own c_{t−1} back.
      for (var e = local; e < ROWS * H; e += THREADS) {
        let r = e / H;
        let j = e % H;
        let b = firstRow + r;
        if (b < batchSize) {
          let row = t * batchSize + b;
          var preI = projected[row * G + j];
          var preF = projected[row * G + H + j];
          var preG = projected[row * G + 2 * H + j];
          var preO = projected[row * G + 3 * H + j];
          for (var k = 0; k < H; k++) {
            let hk = hState[readBase + r * H + k];
            let w = k * G + j;
            preI += hk * kernelHh[w];
            preF += hk * kernelHh[w + H];
            preG += hk * kernelHh[w + 2 * H];
            preO += hk * kernelHh[w + 3 * H];
          }
          let gateI = lstmSigmoid(preI);
          let gateF = lstmSigmoid(preF);
          let gateG = lstmTanh(preG);
          let gateO = lstmSigmoid(preO);
          var cPrev = 0.0;
          if (t > 0) { cPrev = result[((t - 1) * batchSize + b) * P + 4 * H + j]; }
          let c = gateF * cPrev + gateI * gateG;
          let h = gateO * lstmTanh(c);
          let out = row * P;
          result[out + j] = gateI;
          result[out + H + j] = gateF;
          result[out + 2 * H + j] = gateG;
          result[out + 3 * H + j] = gateO;
          result[out + 4 * H + j] = c;
          result[out + 5 * H + j] = h;
          result[out + 6 * H + j] = hState[readBase + r * H + j];
          hState[writeBase + r * H + j] = h;
        }
      }
      workgroupBarrier();
    }
  }
`,
  };
}

function backwardProgram(seqLength: number, batchSize: number, hiddenSize: number): FusedProgram {
  const rows = rowsPerWorkgroup(hiddenSize);
  return {
    variableNames: ['packed', 'dy', 'kernelHh'],
    outputShape: [seqLength, batchSize, 4 * hiddenSize],
    shaderKey: `rnnPlaygroundLstmBackward_${hiddenSize}_${rows}`,
    dispatchLayout: { x: [0, 1, 2] },
    dispatch: [Math.ceil(batchSize / rows), 1, 1],
    workgroupSize: [THREADS, 1, 1],
    getUserCode: () => `
  ${constants(hiddenSize, rows)}
  // ∂L/∂pre of the owned rows at the current step, read by every invocation for ∂L/∂h_{t−1}.
  var<workgroup> dPre : array<f32, ${rows * 4 * hiddenSize}>;
  // ∂L/∂h_t from step t+1 (h_t W_hhᵀ) and ∂L/∂c_t carried from step t+1 (dc·f), per owned (row, unit).
  var<workgroup> dhCarry : array<f32, ${rows * hiddenSize}>;
  var<workgroup> dcCarry : array<f32, ${rows * hiddenSize}>;

  fn main(index : i32) {
    let local = i32(localId.x);
    let firstRow = i32(workgroupId.x) * ROWS;
    let seqLength = uniforms.packedShape.x;
    let batchSize = uniforms.packedShape.y;
    for (var e = local; e < ROWS * H; e += THREADS) {
      dhCarry[e] = 0.0;
      dcCarry[e] = 0.0;
    }
    for (var s = 0; s < seqLength; s++) {
      let t = seqLength - 1 - s;
      for (var e = local; e < ROWS * H; e += THREADS) {
        let r = e / H;
        let j = e % H;
        let b = firstRow + r;
        if (b < batchSize) {
          let row = t * batchSize + b;
          let base = row * P;
          let gateI = packed[base + j];
          let gateF = packed[base + H + j];
          let gateG = packed[base + 2 * H + j];
          let gateO = packed[base + 3 * H + j];
          let tanhC = lstmTanh(packed[base + 4 * H + j]);
          var cPrev = 0.0;
          if (t > 0) { cPrev = packed[((t - 1) * batchSize + b) * P + 4 * H + j]; }
          let dh = dy[base + 5 * H + j] + dhCarry[e];
          let dc = dy[base + 4 * H + j] + dcCarry[e] + dh * gateO * (1.0 - tanhC * tanhC);
          let dI = dc * gateG * gateI * (1.0 - gateI);
          let dF = dc * cPrev * gateF * (1.0 - gateF);
          let dG = dc * gateI * (1.0 - gateG * gateG);
          let dO = dh * tanhC * gateO * (1.0 - gateO);
          dcCarry[e] = dc * gateF;
          let out = row * G;
          result[out + j] = dI;
          result[out + H + j] = dF;
          result[out + 2 * H + j] = dG;
          result[out + 3 * H + j] = dO;
          let sharedBase = r * G;
          dPre[sharedBase + j] = dI;
          dPre[sharedBase + H + j] = dF;
          dPre[sharedBase + 2 * H + j] = dG;
          dPre[sharedBase + 3 * H + j] = dO;
        }
      }
      workgroupBarrier();
      // ∂L/∂h_{t−1} = ∂pre_t · W_hh, i.e. row k of W_hhᵀ dotted with ∂pre_t.
      for (var e = local; e < ROWS * H; e += THREADS) {
        let r = e / H;
        let k = e % H;
        if (firstRow + r < batchSize) {
          var acc = 0.0;
          for (var m = 0; m < G; m++) { acc += dPre[r * G + m] * kernelHh[k * G + m]; }
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

/**
 * Register both kernels and the forward kernel's gradient (idempotent). Registering needs no GPU: the
 * kernels are looked up by name when the webgpu backend runs them.
 */
export function registerLstmSequenceKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: LSTM_SEQUENCE_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { projected, kernelHh } = inputs as { projected: tf.TensorInfo; kernelHh: tf.TensorInfo };
      const [seqLength, batchSize] = projected.shape;
      const program = forwardProgram(seqLength, batchSize, kernelHh.shape[0]);
      return (backend as unknown as ProgramRunner).runWebGPUProgram(program, [projected, kernelHh], 'float32');
    },
  });
  tf.registerKernel({
    kernelName: LSTM_SEQUENCE_GRAD_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { packed, dy, kernelHh } = inputs as { packed: tf.TensorInfo; dy: tf.TensorInfo; kernelHh: tf.TensorInfo };
      const [seqLength, batchSize] = packed.shape;
      const program = backwardProgram(seqLength, batchSize, kernelHh.shape[0]);
      return (backend as unknown as ProgramRunner).runWebGPUProgram(program, [packed, dy, kernelHh], 'float32');
    },
  });
  tf.registerGradient({
    kernelName: LSTM_SEQUENCE_KERNEL,
    inputsToSave: ['kernelHh'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [kernelHh, packed] = saved as [tf.Tensor2D, tf.Tensor3D];
      const [seqLength, batchSize, width] = packed.shape;
      const hidden = width / PACKED_WIDTH;
      // Computed here, once, for both inputs' gradients (each gradient thunk runs in its own tidy).
      const dPre = tf.engine().runKernel(LSTM_SEQUENCE_GRAD_KERNEL, { packed, dy: dy as tf.Tensor, kernelHh }) as tf.Tensor3D;
      return {
        projected: () => dPre.clone(),
        kernelHh: () => {
          const previous = tf.slice(packed, [0, 0, PACKED_PREVIOUS_HIDDEN * hidden], [seqLength, batchSize, hidden]);
          const rowsOfPrevious = tf.reshape(previous, [seqLength * batchSize, hidden]) as tf.Tensor2D;
          return tf.matMul(rowsOfPrevious, tf.reshape(dPre, [seqLength * batchSize, 4 * hidden]) as tf.Tensor2D, true, false);
        },
      };
    },
  });
}

/**
 * Run one LSTM direction over all timesteps on the webgpu backend: `projected [T, B, 4H]`, `kernelHh [H, 4H]`
 * → packed `[T, B, 7H]` (layout above). Differentiable through tfjs's autodiff.
 */
export function lstmSequence(projected: tf.Tensor3D, kernelHh: tf.Tensor2D): tf.Tensor3D {
  registerLstmSequenceKernels();
  return tf.engine().runKernel(LSTM_SEQUENCE_KERNEL, { projected, kernelHh }) as tf.Tensor3D;
}

/** One of c_t / h_t / h_{t−1} for all steps, `[T, B, H]`, from a packed result. */
export function packedPart(packed: tf.Tensor3D, offset: number): tf.Tensor3D {
  const [seqLength, batchSize, width] = packed.shape;
  const hidden = width / PACKED_WIDTH;
  return tf.slice(packed, [0, 0, offset * hidden], [seqLength, batchSize, hidden]);
}
