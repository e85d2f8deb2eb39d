/**
 * A whole Elman RNN (tanh) layer direction on tfjs's WebGL backend as ONE tfjs kernel forward and ONE backward,
 * on the plan of the LSTM's (lstmSequence.ts, which says why), with ONE packed draw per timestep each way: the
 * cell has no gates to keep apart, h_t = tanh(xp_t + h_{t−1} W_hhᵀ). Shared steps in sequenceSteps.ts.
 *
 * Same contract as the WebGPU kernel (webgpu/rnnSequence.ts). Forward kernel `RnnPlaygroundRnnSequenceWebGl`:
 *   inputs  projected `[T, B, H]` — x_t W_ihᵀ + b_ih + b_hh for every step, in PROCESSING order;
 *           kernelHh  `[H, H]`    — W_hhᵀ, the storage layout of params.ts;
 *   output  packed    `[T, B, 2H]` — per step and row: h_t, then h_{t−1} (RNN_PACKED). The initial state is zero.
 * Only h_t of `packed` may be used downstream. The backward kernel `RnnPlaygroundRnnSequenceWebGlGrad` walks the
 * steps in reverse: ∂L/∂pre_t = (∂packed's h_t + ∂pre_{t+1} · W_hh) ⊙ (1 − h_t²), which is ∂L/∂projected and
 * ∂L/∂(h_{t−1} W_hhᵀ); ∂L/∂W_hhᵀ is then one row-product draw over all steps (webgl/rowSums.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import { RNN_PACKED } from '../webgpu/rnnSequence';
import { BATCH_ROWS, PAST_LAST_ROW, packedProgram, type WebGlProgram, type WebGlRunner } from './program';
import { addGradientTimesKernel, addHiddenTimesKernel, backwardInputs, CallTextures, evenHiddenSize, runSteps, SEQUENCE_HEADER, sequenceLayer, stepShape, timesteps } from './sequenceSteps';

export const RNN_SEQUENCE_WEBGL_KERNEL = 'RnnPlaygroundRnnSequenceWebGl';
export const RNN_SEQUENCE_WEBGL_GRAD_KERNEL = 'RnnPlaygroundRnnSequenceWebGlGrad';

const { hidden: HIDDEN, previousHidden: PREVIOUS_HIDDEN, width: WIDTH } = RNN_PACKED;

/**
 * Forward, step t: the packed row `[1, B, 2H]`: h_t = tanh(projected row t + h_{t−1} W_hhᵀ), h_{t−1} from the
 * previous packed row. A texel's sums: rows b, b+1 of h times columns c, c+1 of W_hhᵀ, two k at a time.
 */
function stepProgram(batch: number, hiddenSize: number): WebGlProgram {
  return packedProgram(
    ['projected', 'kernelHh', 'previous'],
    stepShape(batch, WIDTH * hiddenSize),
    `${SEQUENCE_HEADER(hiddenSize)}${PAST_LAST_ROW}
  void main() {
    ivec3 coords = getOutputCoords();
    int b = coords.y;
    int col = coords.z;
    vec4 value;
    if (col >= ${PREVIOUS_HIDDEN} * UNITS) {
      value = getPrevious(0, b, ${HIDDEN} * UNITS + col - ${PREVIOUS_HIDDEN} * UNITS);
    } else {
      vec4 sum = getProjected(timeStep, b, col);
      ${addHiddenTimesKernel('sum', (k) => `getPrevious(0, b, ${HIDDEN} * UNITS + ${k})`)}
      value = safeTanh(sum);
    }
    setOutput(inRows(value, b));
  }
`,
    [{ name: 'timeStep', type: 'int' }, BATCH_ROWS],
  );
}

/**
 * Backward, step t: ∂L/∂pre_t `[1, B, H]` from ∂packed's h_t, step t+1's ∂pre times W_hh and h_t. At the last
 * step `nextGradient` is zeros.
 */
function gradientProgram(batch: number, hiddenSize: number): WebGlProgram {
  return packedProgram(
    ['packed', 'dy', 'nextGradient', 'kernelHh'],
    stepShape(batch, hiddenSize),
    `${SEQUENCE_HEADER(hiddenSize)}${PAST_LAST_ROW}
  void main() {
    ivec3 coords = getOutputCoords();
    int b = coords.y;
    int col = coords.z;
    vec4 dh = getDy(timeStep, b, ${HIDDEN} * UNITS + col);
    // ∂pre_{t+1} · W_hh.
    ${addGradientTimesKernel('dh', 'UNITS', (k) => `getNextGradient(0, b, ${k})`)}
    vec4 h = getPacked(timeStep, b, ${HIDDEN} * UNITS + col);
    setOutput(inRows(dh * (1.0 - h * h), b));
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
  const step = stepProgram(batch, hiddenSize);
  // The zero state enters as a zero "previous packed row": h_{−1} = 0.
  const start = { output: textures.zeros(stepShape(batch, WIDTH * hiddenSize)) };
  const packed = runSteps(backend, timesteps(projected.shape[0]), start, (t, previous) => ({
    output: backend.runWebGLProgram(step, [projected, kernelHh, previous.output], 'float32', [[t], [batch]]),
  }));
  textures.dispose();
  return packed;
}

function runBackward(backend: WebGlRunner, inputs: Record<string, tf.TensorInfo>): tf.TensorInfo {
  const { seqLength, batch, hiddenSize, textures, packed, dy, kernelHh } = backwardInputs(backend, inputs);
  const gradient = gradientProgram(batch, hiddenSize);
  // Past the last step: no ∂pre.
  const start = { output: textures.zeros(stepShape(batch, hiddenSize)) };
  const result = runSteps(backend, timesteps(seqLength, true), start, (t, next) => ({
    output: backend.runWebGLProgram(gradient, [packed, dy, next.output, kernelHh], 'float32', [[t], [batch]]),
  }));
  textures.dispose();
  return result;
}

/** H must be even: a texel holds two columns (see sequenceSteps.ts). */
export const canFuseRnnWebGl = evenHiddenSize;

/**
 * Run one RNN direction over all timesteps on the webgl backend: `projected [T, B, H]`, `kernelHh [H, H]`
 * → packed `[T, B, 2H]` (layout above). Differentiable through tfjs's autodiff.
 */
export const rnnSequenceWebGl = sequenceLayer({
  kernelName: RNN_SEQUENCE_WEBGL_KERNEL,
  gradKernelName: RNN_SEQUENCE_WEBGL_GRAD_KERNEL,
  forward: runForward,
  backward: runBackward,
  packedLayout: RNN_PACKED,
});
