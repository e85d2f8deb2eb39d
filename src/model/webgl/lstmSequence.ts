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
 * ∂L/∂W_hhᵀ is then one draw over all timesteps, Σ_{t,b} h_{t−1}ᵀ · ∂gates (webgl/rowSums.ts), `[H, 4H]`.
 */
import type * as tf from '@tensorflow/tfjs';
import { LSTM_PACKED } from '../webgpu/lstmSequence';
import { BATCH_ROWS, PAST_LAST_ROW, packedProgram, type WebGlProgram, type WebGlRunner } from './program';
import { addGradientTimesKernel, addHiddenTimesKernel, CallTextures, evenHiddenSize, runCarryBackward, runSteps, SEQUENCE_HEADER, sequenceLayer, stepShape, timesteps } from './sequenceSteps';

export const LSTM_SEQUENCE_WEBGL_KERNEL = 'RnnPlaygroundLstmSequenceWebGl';
export const LSTM_SEQUENCE_WEBGL_GRAD_KERNEL = 'RnnPlaygroundLstmSequenceWebGlGrad';


const GATES = 4;
const { cell: CELL, hidden: HIDDEN, width: WIDTH } = LSTM_PACKED;

/**
 * Forward, draw 1 of step t: activated gates `[1, B, 4H]` from projected row t and h_{t−1} (in the previous
 * packed row). A texel's sums: rows b, b+1 of h times columns c, c+1 of W_hhᵀ, two k at a time.
 */
function gatesProgram(batch: number, hiddenSize: number): WebGlProgram {
  return packedProgram(
    ['projected', 'kernelHh', 'previous'],
    stepShape(batch, GATES * hiddenSize),
    `${SEQUENCE_HEADER(hiddenSize)}${PAST_LAST_ROW}
  void main() {
    ivec3 coords = getOutputCoords();
    int b = coords.y;
    int col = coords.z;
    vec4 sum = getProjected(timeStep, b, col);
    ${addHiddenTimesKernel('sum', (k) => `getPrevious(0, b, ${HIDDEN} * UNITS + ${k})`)}
    setOutput(inRows(col >= 2 * UNITS && col < 3 * UNITS ? safeTanh(sum) : safeSigmoid(sum), b));
  }
`,
    [{ name: 'timeStep', type: 'int' }, BATCH_ROWS],
  );
}

/** Forward, draw 2 of step t: the packed row `[1, B, 7H]` from the gates and the previous packed row (c_{t−1}, h_{t−1}). */
function stateProgram(batch: number, hiddenSize: number): WebGlProgram {
  return packedProgram(
    ['gates', 'previous'],
    stepShape(batch, WIDTH * hiddenSize),
    `${SEQUENCE_HEADER(hiddenSize)}${PAST_LAST_ROW}
  void main() {
    ivec3 coords = getOutputCoords();
    int b = coords.y;
    int col = coords.z;
    vec4 value;
    if (col < ${GATES} * UNITS) {
      value = getGates(0, b, col);
    } else {
      int j = col - ${CELL} * UNITS;
      if (j >= UNITS) j -= UNITS;
      if (j >= UNITS) j -= UNITS;
      vec4 c = getGates(0, b, UNITS + j) * getPrevious(0, b, ${CELL} * UNITS + j) + getGates(0, b, j) * getGates(0, b, 2 * UNITS + j);
      if (col < ${HIDDEN} * UNITS) {
        value = c;
      } else if (col < ${HIDDEN + 1} * UNITS) {
        value = getGates(0, b, 3 * UNITS + j) * safeTanh(c);
      } else {
        value = getPrevious(0, b, ${HIDDEN} * UNITS + j);
      }
    }
    setOutput(inRows(value, b));
  }
`,
    [BATCH_ROWS],
  );
}

/**
 * Backward, draw 1 of step t: `[1, B, 2H]`, ∂L/∂h_t (∂packed's h_t + ∂gates_{t+1} · W_hh) and the part of
 * ∂L/∂c_t that does not pass through h_t (∂packed's c_t + ∂c_{t+1} · f_{t+1}, ∂c_{t+1} rebuilt from step t+1's
 * pair). At the last step the "next" inputs are zeros and `nextStep` is t itself (a finite row times zero).
 */
function carryProgram(batch: number, hiddenSize: number): WebGlProgram {
  return packedProgram(
    ['packed', 'dy', 'nextCarry', 'nextGradient', 'kernelHh'],
    stepShape(batch, 2 * hiddenSize),
    `${SEQUENCE_HEADER(hiddenSize)}${PAST_LAST_ROW}
  void main() {
    ivec3 coords = getOutputCoords();
    int b = coords.y;
    int col = coords.z;
    if (col < UNITS) {
      // ∂gates_{t+1} · W_hh.
      vec4 sum = getDy(timeStep, b, ${HIDDEN} * UNITS + col);
      ${addGradientTimesKernel('sum', `${GATES} * UNITS`, (k) => `getNextGradient(0, b, ${k})`)}
      setOutput(inRows(sum, b));
    } else {
      int j = col - UNITS;
      vec4 gateO = getPacked(nextStep, b, 3 * UNITS + j);
      vec4 tanhC = safeTanh(getPacked(nextStep, b, ${CELL} * UNITS + j));
      vec4 dcNext = getNextCarry(0, b, UNITS + j) + getNextCarry(0, b, j) * gateO * (1.0 - tanhC * tanhC);
      setOutput(inRows(getDy(timeStep, b, ${CELL} * UNITS + j) + dcNext * getPacked(nextStep, b, UNITS + j), b));
    }
  }
`,
    [
      { name: 'timeStep', type: 'int' },
      { name: 'nextStep', type: 'int' },
      BATCH_ROWS,
    ],
  );
}

/** Backward, draw 2 of step t: ∂L/∂preactivation `[1, B, 4H]` from step t's carry pair and its packed row (and c_{t−1}). */
function gateGradientProgram(batch: number, hiddenSize: number): WebGlProgram {
  return packedProgram(
    ['packed', 'carry'],
    stepShape(batch, GATES * hiddenSize),
    `${SEQUENCE_HEADER(hiddenSize)}${PAST_LAST_ROW}
  void main() {
    ivec3 coords = getOutputCoords();
    int b = coords.y;
    int j = coords.z;
    int gate = 0;
    if (j >= UNITS) { j -= UNITS; gate = 1; }
    if (j >= UNITS) { j -= UNITS; gate = 2; }
    if (j >= UNITS) { j -= UNITS; gate = 3; }
    vec4 gateI = getPacked(timeStep, b, j);
    vec4 gateF = getPacked(timeStep, b, UNITS + j);
    vec4 gateG = getPacked(timeStep, b, 2 * UNITS + j);
    vec4 gateO = getPacked(timeStep, b, 3 * UNITS + j);
    vec4 tanhC = safeTanh(getPacked(timeStep, b, ${CELL} * UNITS + j));
    vec4 dh = getCarry(0, b, j);
    vec4 dc = getCarry(0, b, UNITS + j) + dh * gateO * (1.0 - tanhC * tanhC);
    vec4 value;
    if (gate == 0) {
      value = dc * gateG * gateI * (1.0 - gateI);
    } else if (gate == 1) {
      vec4 cPrev = timeStep > 0 ? getPacked(timeStep - 1, b, ${CELL} * UNITS + j) : vec4(0.0);
      value = dc * cPrev * gateF * (1.0 - gateF);
    } else if (gate == 2) {
      value = dc * gateI * (1.0 - gateG * gateG);
    } else {
      value = dh * tanhC * gateO * (1.0 - gateO);
    }
    setOutput(inRows(value, b));
  }
`,
    [{ name: 'timeStep', type: 'int' }, BATCH_ROWS],
  );
}

function runForward(backend: WebGlRunner, inputs: Record<string, tf.TensorInfo>): tf.TensorInfo {
  const [, batch] = inputs.projected.shape;
  const hiddenSize = inputs.kernelHh.shape[0];
  const textures = new CallTextures(backend);
  const projected = textures.packed(inputs.projected);
  const kernelHh = textures.packed(inputs.kernelHh);
  const gates = gatesProgram(batch, hiddenSize);
  const state = stateProgram(batch, hiddenSize);
  // The zero state enters as a zero "previous packed row": c_{−1} = h_{−1} = 0.
  const start = { output: textures.zeros(stepShape(batch, WIDTH * hiddenSize)) };
  const packed = runSteps(backend, timesteps(projected.shape[0]), start, (t, previous) => {
    const stepGates = backend.runWebGLProgram(gates, [projected, kernelHh, previous.output], 'float32', [[t], [batch]]);
    const row = backend.runWebGLProgram(state, [stepGates, previous.output], 'float32', [[batch]]);
    backend.disposeIntermediateTensorInfo(stepGates);
    return { output: row };
  });
  textures.dispose();
  return packed;
}

function runBackward(backend: WebGlRunner, inputs: Record<string, tf.TensorInfo>): tf.TensorInfo {
  return runCarryBackward(backend, inputs, (batch, hiddenSize) => ({
    carry: carryProgram(batch, hiddenSize),
    carryWidth: 2 * hiddenSize,
    gradient: gateGradientProgram(batch, hiddenSize),
    gradientWidth: GATES * hiddenSize,
  }));
}

/** H must be even: a texel holds two columns, and gate blocks start at multiples of H (see sequenceSteps.ts). */
export const canFuseLstmWebGl = evenHiddenSize;

/**
 * Run one LSTM direction over all timesteps on the webgl backend: `projected [T, B, 4H]`, `kernelHh [H, 4H]`
 * → packed `[T, B, 7H]` (layout above). Differentiable through tfjs's autodiff.
 */
export const lstmSequenceWebGl = sequenceLayer({
  kernelName: LSTM_SEQUENCE_WEBGL_KERNEL,
  gradKernelName: LSTM_SEQUENCE_WEBGL_GRAD_KERNEL,
  forward: runForward,
  backward: runBackward,
  packedLayout: LSTM_PACKED,
});
