/**
 * A whole GRU layer direction on tfjs's WebGL backend as ONE tfjs kernel forward and ONE backward, on the same
 * plan as the LSTM's (lstmSequence.ts, which says why): two packed draws per timestep each way, the timestep a
 * uniform, the steps stacked at the end (sequenceSteps.ts). PyTorch's equations and gate order (r, z, n;
 * "reset after"), as the WebGPU kernel (webgpu/gruSequence.ts):
 *   r = σ(xp_r + h W_hrᵀ + b_hr),  z = σ(xp_z + h W_hzᵀ + b_hz),  n = tanh(xp_n + r ⊙ (h W_hnᵀ + b_hn)),
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}.
 *
 * Same contract as the WebGPU kernel. Forward kernel `RnnPlaygroundGruSequenceWebGl`:
 *   inputs  projected `[T, B, 3H]` — x_t W_ihᵀ + b_ih for every step, in PROCESSING order;
 *           kernelHh  `[H, 3H]`    — W_hhᵀ, the storage layout of params.ts;
 *           biasHh    `[1, 3H]`    — b_hh as one row (b_hn must stay inside r ⊙ (…));
 *   output  packed    `[T, B, 6H]` — per step and row: gates r, z, n, then h W_hnᵀ + b_hn, h_t, h_{t−1}
 *                                   (GRU_PACKED). The initial state is zero.
 * Only h_t of `packed` may be used downstream. The backward kernel `RnnPlaygroundGruSequenceWebGlGrad` walks the
 * steps in reverse, two draws each: ∂L/∂h_t (∂packed's h_t + step t+1's ∂recurrent · W_hh + ∂h_{t+1} ⊙ z_{t+1}),
 * then ∂L/∂projected_t. `RnnPlaygroundGruRecurrentGradWebGl` turns that into ∂L/∂(h_{t−1} W_hhᵀ + b_hh) in one
 * draw over all steps (the n block scaled by r), from which ∂W_hhᵀ is one row-product draw and ∂b_hh one
 * column-sum draw (webgl/rowSums.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { GRU_PACKED } from '../webgpu/gruSequence';
import { BATCH_ROWS, PAST_LAST_ROW, packedProgram, type WebGlProgram, type WebGlRunner } from './program';
import { columnSumsWebGl, rowProductsWebGl } from './rowSums';
import { addGradientTimesKernel, addHiddenTimesKernel, CallTextures, evenHiddenSize, registerOnce, registerWebGlKernel, runCarryBackward, runSteps, SEQUENCE_HEADER, stepShape, timesteps } from './sequenceSteps';

export const GRU_SEQUENCE_WEBGL_KERNEL = 'RnnPlaygroundGruSequenceWebGl';
export const GRU_SEQUENCE_WEBGL_GRAD_KERNEL = 'RnnPlaygroundGruSequenceWebGlGrad';
export const GRU_RECURRENT_GRAD_WEBGL_KERNEL = 'RnnPlaygroundGruRecurrentGradWebGl';

const GATES = 3;
const { recurrentNew: RECURRENT_NEW, hidden: HIDDEN, previousHidden: PREVIOUS_HIDDEN, width: WIDTH } = GRU_PACKED;

/**
 * Forward, draw 1 of step t: h_{t−1} W_hhᵀ + b_hh `[1, B, 3H]`, with h_{t−1} from the previous packed row.
 * A texel's sums: rows b, b+1 of h times columns c, c+1 of W_hhᵀ, two k at a time; b_hh's texel holds
 * columns c, c+1 of its one row in x, y.
 */
function recurrentProgram(batch: number, hiddenSize: number): WebGlProgram {
  return packedProgram(
    ['kernelHh', 'biasHh', 'previous'],
    stepShape(batch, GATES * hiddenSize),
    `${SEQUENCE_HEADER(hiddenSize)}${PAST_LAST_ROW}
  void main() {
    ivec3 coords = getOutputCoords();
    int b = coords.y;
    int col = coords.z;
    vec4 sum = getBiasHh(0, col).xyxy;
    ${addHiddenTimesKernel('sum', (k) => `getPrevious(0, b, ${HIDDEN} * UNITS + ${k})`)}
    setOutput(inRows(sum, b));
  }
`,
    [BATCH_ROWS],
  );
}

/** Forward, draw 2 of step t: the packed row `[1, B, 6H]` from projected row t, the recurrent sums and h_{t−1}. */
function stateProgram(batch: number, hiddenSize: number): WebGlProgram {
  return packedProgram(
    ['projected', 'recurrent', 'previous'],
    stepShape(batch, WIDTH * hiddenSize),
    `${SEQUENCE_HEADER(hiddenSize)}${PAST_LAST_ROW}
  void main() {
    ivec3 coords = getOutputCoords();
    int b = coords.y;
    int col = coords.z;
    int part = col / UNITS;
    int j = col - part * UNITS;
    vec4 gateR = safeSigmoid(getProjected(timeStep, b, j) + getRecurrent(0, b, j));
    vec4 value = gateR;
    if (part > 0) {
      vec4 gateZ = safeSigmoid(getProjected(timeStep, b, UNITS + j) + getRecurrent(0, b, UNITS + j));
      vec4 recurrentN = getRecurrent(0, b, 2 * UNITS + j);
      vec4 gateN = safeTanh(getProjected(timeStep, b, 2 * UNITS + j) + gateR * recurrentN);
      vec4 hPrev = getPrevious(0, b, ${HIDDEN} * UNITS + j);
      if (part == 1) value = gateZ;
      else if (part == 2) value = gateN;
      else if (part == ${RECURRENT_NEW}) value = recurrentN;
      else if (part == ${HIDDEN}) value = gateN + gateZ * (hPrev - gateN);
      else value = hPrev;
    }
    setOutput(inRows(value, b));
  }
`,
    [{ name: 'timeStep', type: 'int' }, BATCH_ROWS],
  );
}

/**
 * Backward, draw 1 of step t: ∂L/∂h_t `[1, B, H]` = ∂packed's h_t + ∂h_{t+1} ⊙ z_{t+1} + ∂recurrent_{t+1} · W_hh,
 * with ∂recurrent_{t+1} rebuilt from step t+1's ∂projected (its n block times r_{t+1}). At the last step the
 * "next" inputs are zeros and `nextStep` is t itself (a finite row times zero).
 */
function carryProgram(batch: number, hiddenSize: number): WebGlProgram {
  return packedProgram(
    ['packed', 'dy', 'nextCarry', 'nextGradient', 'kernelHh'],
    stepShape(batch, hiddenSize),
    `${SEQUENCE_HEADER(hiddenSize)}${PAST_LAST_ROW}
  void main() {
    ivec3 coords = getOutputCoords();
    int b = coords.y;
    int col = coords.z;
    vec4 sum = getDy(timeStep, b, ${HIDDEN} * UNITS + col) + getNextCarry(0, b, col) * getPacked(nextStep, b, UNITS + col);
    // ∂recurrent_{t+1} · W_hh: the r and z blocks as they are, the n block's scaled by r_{t+1}.
    ${addGradientTimesKernel('sum', '2 * UNITS', (k) => `getNextGradient(0, b, ${k})`)}
    ${addGradientTimesKernel('sum', 'UNITS', (k) => `getNextGradient(0, b, 2 * UNITS + ${k}) * getPacked(nextStep, b, ${k})`, '2 * UNITS')}
    setOutput(inRows(sum, b));
  }
`,
    [
      { name: 'timeStep', type: 'int' },
      { name: 'nextStep', type: 'int' },
      BATCH_ROWS,
    ],
  );
}

/** Backward, draw 2 of step t: ∂L/∂projected `[1, B, 3H]` from ∂h_t and step t's packed row. */
function gateGradientProgram(batch: number, hiddenSize: number): WebGlProgram {
  return packedProgram(
    ['packed', 'carry'],
    stepShape(batch, GATES * hiddenSize),
    `${SEQUENCE_HEADER(hiddenSize)}${PAST_LAST_ROW}
  void main() {
    ivec3 coords = getOutputCoords();
    int b = coords.y;
    int gate = coords.z / UNITS;
    int j = coords.z - gate * UNITS;
    vec4 gateZ = getPacked(timeStep, b, UNITS + j);
    vec4 gateN = getPacked(timeStep, b, 2 * UNITS + j);
    vec4 dh = getCarry(0, b, j);
    vec4 dN = dh * (1.0 - gateZ) * (1.0 - gateN * gateN);
    vec4 value;
    if (gate == 0) {
      vec4 gateR = getPacked(timeStep, b, j);
      value = dN * getPacked(timeStep, b, ${RECURRENT_NEW} * UNITS + j) * gateR * (1.0 - gateR);
    } else if (gate == 1) {
      value = dh * (getPacked(timeStep, b, ${PREVIOUS_HIDDEN} * UNITS + j) - gateN) * gateZ * (1.0 - gateZ);
    } else {
      value = dN;
    }
    setOutput(inRows(value, b));
  }
`,
    [{ name: 'timeStep', type: 'int' }, BATCH_ROWS],
  );
}

/** ∂L/∂(h_{t−1} W_hhᵀ + b_hh) `[T, B, 3H]` from ∂L/∂projected: the same but the n block, times r. One draw. */
function recurrentGradientProgram(shape: number[], hiddenSize: number): WebGlProgram {
  return packedProgram(
    ['gradient', 'packed'],
    shape,
    `${SEQUENCE_HEADER(hiddenSize)}
  void main() {
    ivec3 coords = getOutputCoords();
    vec4 value = getGradient(coords.x, coords.y, coords.z);
    if (coords.z >= 2 * UNITS) value *= getPacked(coords.x, coords.y, coords.z - 2 * UNITS);
    setOutput(value);
  }
`,
  );
}

function runForward(backend: WebGlRunner, inputs: Record<string, tf.TensorInfo>): tf.TensorInfo {
  const [, batch] = inputs.projected.shape;
  const hiddenSize = inputs.kernelHh.shape[0];
  const textures = new CallTextures(backend);
  const projected = textures.packed(inputs.projected);
  const kernelHh = textures.packed(inputs.kernelHh);
  const biasHh = textures.packed(inputs.biasHh);
  const recurrent = recurrentProgram(batch, hiddenSize);
  const state = stateProgram(batch, hiddenSize);
  // The zero state enters as a zero "previous packed row": h_{−1} = 0.
  const start = { output: textures.zeros(stepShape(batch, WIDTH * hiddenSize)) };
  const packed = runSteps(backend, timesteps(projected.shape[0]), start, (t, previous) => {
    const sums = backend.runWebGLProgram(recurrent, [kernelHh, biasHh, previous.output], 'float32', [[batch]]);
    const row = backend.runWebGLProgram(state, [projected, sums, previous.output], 'float32', [[t], [batch]]);
    backend.disposeIntermediateTensorInfo(sums);
    return { output: row };
  });
  textures.dispose();
  return packed;
}

function runBackward(backend: WebGlRunner, inputs: Record<string, tf.TensorInfo>): tf.TensorInfo {
  return runCarryBackward(backend, inputs, (batch, hiddenSize) => ({
    carry: carryProgram(batch, hiddenSize),
    carryWidth: hiddenSize,
    gradient: gateGradientProgram(batch, hiddenSize),
    gradientWidth: GATES * hiddenSize,
  }));
}

function runRecurrentGradient(backend: WebGlRunner, inputs: Record<string, tf.TensorInfo>): tf.TensorInfo {
  const textures = new CallTextures(backend);
  const gradient = textures.packed(inputs.gradient);
  const packed = textures.packed(inputs.packed);
  const result = backend.runWebGLProgram(recurrentGradientProgram(gradient.shape, gradient.shape[2] / GATES), [gradient, packed], 'float32');
  textures.dispose();
  return result;
}

const registerKernels = registerOnce(() => {
  registerWebGlKernel(GRU_SEQUENCE_WEBGL_KERNEL, runForward);
  registerWebGlKernel(GRU_SEQUENCE_WEBGL_GRAD_KERNEL, runBackward);
  registerWebGlKernel(GRU_RECURRENT_GRAD_WEBGL_KERNEL, runRecurrentGradient);
  tf.registerGradient({
    kernelName: GRU_SEQUENCE_WEBGL_KERNEL,
    inputsToSave: ['kernelHh'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [kernelHh, packed] = saved as [tf.Tensor2D, tf.Tensor3D];
      const hiddenSize = packed.shape[2] / WIDTH;
      // Computed here, once, for every input's gradient (each gradient thunk runs in its own tidy).
      const gradient = tf.engine().runKernel(GRU_SEQUENCE_WEBGL_GRAD_KERNEL, { packed, dy: dy as tf.Tensor, kernelHh }) as tf.Tensor3D;
      const recurrent = tf.engine().runKernel(GRU_RECURRENT_GRAD_WEBGL_KERNEL, { gradient, packed }) as tf.Tensor3D;
      return {
        projected: () => gradient.clone(),
        // h_{t−1} read in place from the packed result; the row count is a uniform (rowSums.ts says why).
        kernelHh: () => rowProductsWebGl(packed, recurrent, { offset: PREVIOUS_HIDDEN * hiddenSize, width: hiddenSize }),
        biasHh: () => tf.reshape(columnSumsWebGl(recurrent), [1, GATES * hiddenSize]),
      };
    },
  });
});

/** H must be even: a texel holds two columns, and gate blocks start at multiples of H (see sequenceSteps.ts). */
export const canFuseGruWebGl = evenHiddenSize;

/**
 * Run one GRU direction over all timesteps on the webgl backend: `projected [T, B, 3H]`, `kernelHh [H, 3H]`,
 * `biasHh [3H]` → packed `[T, B, 6H]` (layout above). Differentiable through tfjs's autodiff, b_hh included.
 */
export function gruSequenceWebGl(projected: tf.Tensor3D, kernelHh: tf.Tensor2D, biasHh: tf.Tensor1D): tf.Tensor3D {
  registerKernels();
  const biasRow = tf.reshape(biasHh, [1, biasHh.shape[0]]);
  return tf.engine().runKernel(GRU_SEQUENCE_WEBGL_KERNEL, { projected, kernelHh, biasHh: biasRow }) as tf.Tensor3D;
}
