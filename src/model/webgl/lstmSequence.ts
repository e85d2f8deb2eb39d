/**
 * A whole LSTM layer direction on tfjs's WebGL backend as ONE tfjs kernel forward and ONE backward, each a
 * short run of WebGL draws: two per timestep (the step's gates, then its state) and a few to assemble the
 * steps. Why: tfjs runs a recurrent layer as about a dozen small ops per timestep, forward and again backward,
 * each its own draw with its own texture allocation; on SwiftShader (WebGL emulated on the CPU) an SST-2 step
 * made about 1,900 of them and waited on GL most of its time. The WebGPU counterpart (webgpu/lstmSequence.ts)
 * runs the time loop inside one shader; WebGL has no such loop across draws, so here the loop is in
 * JavaScript and the timestep is a uniform: every shader compiles once per hidden size (shapes are uniforms
 * too, tfjs's WEBGL_USE_SHAPES_UNIFORMS, which the app turns on).
 *
 * Same contract as the WebGPU kernel. Forward kernel `RnnPlaygroundLstmSequenceWebGl`:
 *   inputs  projected `[T, B, 4H]` — x_t W_ihᵀ + b_ih + b_hh for every step, in PROCESSING order;
 *           kernelHh  `[H, 4H]`    — W_hhᵀ, the storage layout of params.ts;
 *   output  packed    `[T, B, 7H]` — per step and row: activated gates i, f, g, o (PyTorch's order), then
 *                                   c_t, h_t, h_{t−1} (LSTM_PACKED). The initial state is zero.
 * Only c_t and h_t of `packed` may be used downstream (the rest is kept for the backward pass; its incoming
 * gradient is ignored). The backward kernel `RnnPlaygroundLstmSequenceWebGlGrad` walks the steps in reverse,
 * two draws each: (∂h_t, the part of ∂c_t that does not pass through h_t) from ∂packed and step t+1's
 * ∂gates·W_hh and f_{t+1}; then ∂gates_t. It returns ∂L/∂preactivation `[T, B, 4H]`, which is ∂L/∂projected;
 * ∂L/∂W_hhᵀ is then one matmul over all timesteps, h_{t−1}ᵀ · ∂gates, `[H, T·B] · [T·B, 4H]`.
 */
import * as tf from '@tensorflow/tfjs';
import { LSTM_PACKED } from '../webgpu/lstmSequence';
import type { WebGlProgram, WebGlRunner } from './program';

export const LSTM_SEQUENCE_WEBGL_KERNEL = 'RnnPlaygroundLstmSequenceWebGl';
export const LSTM_SEQUENCE_WEBGL_GRAD_KERNEL = 'RnnPlaygroundLstmSequenceWebGlGrad';

/** The names of the engine's WebGL kernels that only the fused LSTM path runs (parity tests check which path ran). */
export const WEBGL_FUSED_KERNELS = [LSTM_SEQUENCE_WEBGL_KERNEL, LSTM_SEQUENCE_WEBGL_GRAD_KERNEL] as const;

const GATES = 4;
const { cell: CELL, hidden: HIDDEN, width: WIDTH } = LSTM_PACKED;

/** The same activations as the WebGPU kernels and tfjs's WebGL ops: tanh without exp overflow for large |x|. */
const HEADER = (hiddenSize: number) => `
  const int UNITS = ${hiddenSize};
  float lstmSigmoid(float x) { return 1.0 / (1.0 + exp(-x)); }
  float lstmTanh(float x) {
    float e = exp(-2.0 * abs(x));
    return sign(x) * (1.0 - e) / (1.0 + e);
  }
`;

function shapeUniforms(): boolean {
  return tf.env().getBool('WEBGL_USE_SHAPES_UNIFORMS');
}

/** Forward, draw 1 of step t: activated gates `[B, 4H]` from projected row t and h_{t−1} (in the previous packed row). */
function gatesProgram(batch: number, hiddenSize: number): WebGlProgram {
  return {
    variableNames: ['projected', 'kernelHh', 'previous'],
    outputShape: [batch, GATES * hiddenSize],
    enableShapeUniforms: shapeUniforms(),
    customUniforms: [{ name: 'timeStep', type: 'int' }],
    userCode: `${HEADER(hiddenSize)}
  void main() {
    ivec2 coords = getOutputCoords();
    int b = coords.x;
    int col = coords.y;
    float sum = getProjected(timeStep, b, col);
    for (int k = 0; k < UNITS; k++) {
      sum += getPrevious(b, ${HIDDEN} * UNITS + k) * getKernelHh(k, col);
    }
    setOutput(col >= 2 * UNITS && col < 3 * UNITS ? lstmTanh(sum) : lstmSigmoid(sum));
  }
`,
  };
}

/** Forward, draw 2 of step t: the packed row `[B, 7H]` from the gates and the previous packed row (c_{t−1}, h_{t−1}). */
function stateProgram(batch: number, hiddenSize: number): WebGlProgram {
  return {
    variableNames: ['gates', 'previous'],
    outputShape: [batch, WIDTH * hiddenSize],
    enableShapeUniforms: shapeUniforms(),
    userCode: `${HEADER(hiddenSize)}
  void main() {
    ivec2 coords = getOutputCoords();
    int b = coords.x;
    int col = coords.y;
    float value = 0.0;
    if (col < ${GATES} * UNITS) {
      value = getGates(b, col);
    } else {
      int j = col - ${CELL} * UNITS;
      if (j >= UNITS) j -= UNITS;
      if (j >= UNITS) j -= UNITS;
      float c = getGates(b, UNITS + j) * getPrevious(b, ${CELL} * UNITS + j) + getGates(b, j) * getGates(b, 2 * UNITS + j);
      if (col < ${HIDDEN} * UNITS) {
        value = c;
      } else if (col < ${HIDDEN + 1} * UNITS) {
        value = getGates(b, 3 * UNITS + j) * lstmTanh(c);
      } else {
        value = getPrevious(b, ${HIDDEN} * UNITS + j);
      }
    }
    setOutput(value);
  }
`,
  };
}

/**
 * Backward, draw 1 of step t: `[B, 2H]`, ∂L/∂h_t (∂packed's h_t + ∂gates_{t+1} · W_hh) and the part of ∂L/∂c_t
 * that does not pass through h_t (∂packed's c_t + ∂c_{t+1} · f_{t+1}, ∂c_{t+1} rebuilt from step t+1's pair).
 * At the last step the "next" inputs are zeros and `nextStep` is t itself (any finite row times zero).
 */
function carryProgram(batch: number, hiddenSize: number): WebGlProgram {
  return {
    variableNames: ['packed', 'dy', 'nextCarry', 'nextGates', 'kernelHh'],
    outputShape: [batch, 2 * hiddenSize],
    enableShapeUniforms: shapeUniforms(),
    customUniforms: [
      { name: 'timeStep', type: 'int' },
      { name: 'nextStep', type: 'int' },
    ],
    userCode: `${HEADER(hiddenSize)}
  void main() {
    ivec2 coords = getOutputCoords();
    int b = coords.x;
    int col = coords.y;
    if (col < UNITS) {
      float sum = getDy(timeStep, b, ${HIDDEN} * UNITS + col);
      for (int k = 0; k < ${GATES} * UNITS; k++) {
        sum += getNextGates(b, k) * getKernelHh(col, k);
      }
      setOutput(sum);
    } else {
      int j = col - UNITS;
      float gateO = getPacked(nextStep, b, 3 * UNITS + j);
      float tanhC = lstmTanh(getPacked(nextStep, b, ${CELL} * UNITS + j));
      float dcNext = getNextCarry(b, UNITS + j) + getNextCarry(b, j) * gateO * (1.0 - tanhC * tanhC);
      setOutput(getDy(timeStep, b, ${CELL} * UNITS + j) + dcNext * getPacked(nextStep, b, UNITS + j));
    }
  }
`,
  };
}

/** Backward, draw 2 of step t: ∂L/∂preactivation `[B, 4H]` from step t's carry pair and its packed row (and c_{t−1}). */
function gateGradientProgram(batch: number, hiddenSize: number): WebGlProgram {
  return {
    variableNames: ['packed', 'carry'],
    outputShape: [batch, GATES * hiddenSize],
    enableShapeUniforms: shapeUniforms(),
    customUniforms: [{ name: 'timeStep', type: 'int' }],
    userCode: `${HEADER(hiddenSize)}
  void main() {
    ivec2 coords = getOutputCoords();
    int b = coords.x;
    int j = coords.y;
    int gate = 0;
    if (j >= UNITS) { j -= UNITS; gate = 1; }
    if (j >= UNITS) { j -= UNITS; gate = 2; }
    if (j >= UNITS) { j -= UNITS; gate = 3; }
    float gateI = getPacked(timeStep, b, j);
    float gateF = getPacked(timeStep, b, UNITS + j);
    float gateG = getPacked(timeStep, b, 2 * UNITS + j);
    float gateO = getPacked(timeStep, b, 3 * UNITS + j);
    float tanhC = lstmTanh(getPacked(timeStep, b, ${CELL} * UNITS + j));
    float dh = getCarry(b, j);
    float dc = getCarry(b, UNITS + j) + dh * gateO * (1.0 - tanhC * tanhC);
    float value = 0.0;
    if (gate == 0) {
      value = dc * gateG * gateI * (1.0 - gateI);
    } else if (gate == 1) {
      float cPrev = timeStep > 0 ? getPacked(timeStep - 1, b, ${CELL} * UNITS + j) : 0.0;
      value = dc * cPrev * gateF * (1.0 - gateF);
    } else if (gate == 2) {
      value = dc * gateI * (1.0 - gateG * gateG);
    } else {
      value = dh * tanhC * gateO * (1.0 - gateO);
    }
    setOutput(value);
  }
`,
  };
}

/**
 * Stack `count` textures of the same width one below the other, `[R_i, W]` → `[ΣR_i, W]`, in one draw; part i
 * starts at row `start<i>` (uniforms, so the shader depends only on `count`).
 */
function stackProgram(count: number, rows: number, width: number): WebGlProgram {
  const names = Array.from({ length: count }, (_, index) => `part${index}`);
  const sampler = (name: string) => `get${name[0].toUpperCase()}${name.slice(1)}`;
  const branches = names.map((name, index) => {
    const read = `value = ${sampler(name)}(row${index === 0 ? '' : ` - start${index}`}, coords.y);`;
    if (index === count - 1) return index === 0 ? read : `else { ${read} }`;
    return `${index === 0 ? '' : 'else '}if (row < start${index + 1}) { ${read} }`;
  });
  return {
    variableNames: names,
    outputShape: [rows, width],
    enableShapeUniforms: shapeUniforms(),
    customUniforms: names.slice(1).map((_, index) => ({ name: `start${index + 1}`, type: 'int' as const })),
    userCode: `
  void main() {
    ivec2 coords = getOutputCoords();
    int row = coords.x;
    float value = 0.0;
    ${branches.join('\n    ')}
    setOutput(value);
  }
`,
  };
}

/** Textures a shader may sample at once: the bound of one stacking draw. */
function maxPartsPerDraw(): number {
  return Math.max(2, Math.min(16, tf.env().getNumber('WEBGL_MAX_TEXTURES_IN_SHADER')));
}

/**
 * `parts` (each `[R_i, W]`) stacked into one `[ΣR_i, W]` texture: one draw for up to maxPartsPerDraw() parts,
 * a two-level tree beyond. Disposes the parts (and the tree's intermediates).
 */
function stackRows(backend: WebGlRunner, parts: tf.TensorInfo[]): tf.TensorInfo {
  if (parts.length === 1) return parts[0];
  const perDraw = maxPartsPerDraw();
  let level = parts;
  while (level.length > 1) {
    const next: tf.TensorInfo[] = [];
    for (let first = 0; first < level.length; first += perDraw) {
      const group = level.slice(first, first + perDraw);
      if (group.length === 1) {
        next.push(group[0]);
        continue;
      }
      const starts: number[][] = [];
      let rows = group[0].shape[0];
      for (const part of group.slice(1)) {
        starts.push([rows]);
        rows += part.shape[0];
      }
      next.push(backend.runWebGLProgram(stackProgram(group.length, rows, group[0].shape[1]), group, 'float32', starts));
      for (const part of group) backend.disposeIntermediateTensorInfo(part);
    }
    level = next;
  }
  return level[0];
}

/** `x` as an unpacked texture, the form these shaders sample: converted once here rather than by every draw. */
function unpacked(backend: WebGlRunner, x: tf.TensorInfo, owned: tf.TensorInfo[]): tf.TensorInfo {
  if (!backend.texData.get(x.dataId).isPacked) return x;
  const copy = backend.unpackTensor(x);
  owned.push(copy);
  return copy;
}

function zeros(backend: WebGlRunner, shape: number[], owned: tf.TensorInfo[]): tf.TensorInfo {
  const info = backend.makeTensorInfo(shape, 'float32', new Float32Array(shape[0] * shape[1]));
  owned.push(info);
  return info;
}

/** A 2-D texture read as `shape` (what tfjs's Reshape does for an unpacked texture: same data, no draw). */
function reshaped(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

function runForward(backend: WebGlRunner, projectedInput: tf.TensorInfo, kernelInput: tf.TensorInfo): tf.TensorInfo {
  const [seqLength, batch] = projectedInput.shape;
  const hiddenSize = kernelInput.shape[0];
  const owned: tf.TensorInfo[] = [];
  const projected = unpacked(backend, projectedInput, owned);
  const kernelHh = unpacked(backend, kernelInput, owned);
  const gates = gatesProgram(batch, hiddenSize);
  const state = stateProgram(batch, hiddenSize);
  // The zero state enters as a zero "previous packed row": c_{−1} = h_{−1} = 0.
  let previous = zeros(backend, [batch, WIDTH * hiddenSize], owned);
  const rows: tf.TensorInfo[] = [];
  for (let t = 0; t < seqLength; t++) {
    const stepGates = backend.runWebGLProgram(gates, [projected, kernelHh, previous], 'float32', [[t]]);
    previous = backend.runWebGLProgram(state, [stepGates, previous], 'float32');
    backend.disposeIntermediateTensorInfo(stepGates);
    rows.push(previous);
  }
  const packed = stackRows(backend, rows);
  for (const info of owned) backend.disposeIntermediateTensorInfo(info);
  return reshaped(packed, [seqLength, batch, WIDTH * hiddenSize]);
}

function runBackward(backend: WebGlRunner, packedInput: tf.TensorInfo, dyInput: tf.TensorInfo, kernelInput: tf.TensorInfo): tf.TensorInfo {
  const [seqLength, batch] = packedInput.shape;
  const hiddenSize = kernelInput.shape[0];
  const owned: tf.TensorInfo[] = [];
  const packed = unpacked(backend, packedInput, owned);
  const dy = unpacked(backend, dyInput, owned);
  const kernelHh = unpacked(backend, kernelInput, owned);
  const carry = carryProgram(batch, hiddenSize);
  const gateGradient = gateGradientProgram(batch, hiddenSize);
  let nextCarry = zeros(backend, [batch, 2 * hiddenSize], owned);
  let nextGates = zeros(backend, [batch, GATES * hiddenSize], owned);
  const stepGradients: tf.TensorInfo[] = new Array<tf.TensorInfo>(seqLength);
  for (let t = seqLength - 1; t >= 0; t--) {
    const stepCarry = backend.runWebGLProgram(carry, [packed, dy, nextCarry, nextGates, kernelHh], 'float32', [[t], [Math.min(t + 1, seqLength - 1)]]);
    if (t < seqLength - 1) backend.disposeIntermediateTensorInfo(nextCarry);
    nextCarry = stepCarry;
    nextGates = backend.runWebGLProgram(gateGradient, [packed, stepCarry], 'float32', [[t]]);
    stepGradients[t] = nextGates;
  }
  if (seqLength > 0) backend.disposeIntermediateTensorInfo(nextCarry);
  const gradient = stackRows(backend, stepGradients);
  for (const info of owned) backend.disposeIntermediateTensorInfo(info);
  return reshaped(gradient, [seqLength, batch, GATES * hiddenSize]);
}

let registered = false;

function registerKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: LSTM_SEQUENCE_WEBGL_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend }) => {
      const { projected, kernelHh } = inputs as Record<'projected' | 'kernelHh', tf.TensorInfo>;
      return runForward(backend as unknown as WebGlRunner, projected, kernelHh);
    },
  });
  tf.registerKernel({
    kernelName: LSTM_SEQUENCE_WEBGL_GRAD_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend }) => {
      const { packed, dy, kernelHh } = inputs as Record<'packed' | 'dy' | 'kernelHh', tf.TensorInfo>;
      return runBackward(backend as unknown as WebGlRunner, packed, dy, kernelHh);
    },
  });
  tf.registerGradient({
    kernelName: LSTM_SEQUENCE_WEBGL_KERNEL,
    inputsToSave: ['kernelHh'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [kernelHh, packed] = saved as [tf.Tensor2D, tf.Tensor3D];
      const [seqLength, batch, width] = packed.shape;
      const hiddenSize = width / WIDTH;
      const rowCount = seqLength * batch;
      // Computed here, once, for both inputs' gradients (each gradient thunk runs in its own tidy).
      const gradient = tf.engine().runKernel(LSTM_SEQUENCE_WEBGL_GRAD_KERNEL, { packed, dy: dy as tf.Tensor, kernelHh }) as tf.Tensor3D;
      return {
        projected: () => gradient.clone(),
        kernelHh: () => {
          const previous = tf.slice(packed, [0, 0, LSTM_PACKED.previousHidden * hiddenSize], [seqLength, batch, hiddenSize]);
          return tf.matMul(tf.reshape(previous, [rowCount, hiddenSize]) as tf.Tensor2D, tf.reshape(gradient, [rowCount, GATES * hiddenSize]) as tf.Tensor2D, true, false);
        },
      };
    },
  });
}

/**
 * Run one LSTM direction over all timesteps on the webgl backend: `projected [T, B, 4H]`, `kernelHh [H, 4H]`
 * → packed `[T, B, 7H]` (layout above). Differentiable through tfjs's autodiff.
 */
export function lstmSequenceWebGl(projected: tf.Tensor3D, kernelHh: tf.Tensor2D): tf.Tensor3D {
  registerKernels();
  return tf.engine().runKernel(LSTM_SEQUENCE_WEBGL_KERNEL, { projected, kernelHh }) as tf.Tensor3D;
}
