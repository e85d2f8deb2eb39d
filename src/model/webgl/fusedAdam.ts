/**
 * Adam on WebGL in three passes per weight tensor (new m, new v, new weights) instead of tfjs's fourteen
 * element-wise ops, each its own draw. Why: a small draw costs a fixed overhead (tens of µs on a GPU, far more
 * on SwiftShader's GL), and a names or SST-2 step has six dense weight tensors. WebGL has no read-write
 * buffers, so m and v cannot be updated in place as on WebGPU (../webgpu/fusedAdam.ts): each pass writes a
 * fresh texture, and the moments are swapped in after the step.
 *
 * Same arithmetic, in the same order, as tfjs's Adam (and PyTorch's): m = β1 m + (1−β1) g;
 * v = β2 v + (1−β2) g²; param += −lr · (m / (1−β1ᵗ)) / (sqrt(v / (1−β2ᵗ)) + ε). The constants and the bias
 * corrections arrive as uniforms, so one shader per pass serves every step and every tensor of the same texture
 * layout. Packed programs (four values per texel), like tfjs's own element-wise ops: gradients of matmuls come
 * packed, so no conversion pass is needed for them. A packed texel of an odd-sized shape has lanes past the
 * last row or column; tfjs's packed kernels rely on those being zero (a packed matmul multiplies them in along
 * an odd shared dimension), so every pass here writes zeros there — without that, SST-2's 2-class head sent
 * wrong gradients into the embedding from the second step.
 */
import * as tf from '@tensorflow/tfjs';
import type { AdamConstants, MomentsState } from '../webgpu/fusedAdam';
import { ZERO_PAST_END, type WebGlProgram, type WebGlRunner } from './program';

/** Kernel names in tfjs's registry (webgl backend only). */
export const WEBGL_ADAM_MOMENT_KERNEL = 'RnnPlaygroundWebGlAdamMoment';
export const WEBGL_ADAM_STEP_KERNEL = 'RnnPlaygroundWebGlAdamStep';

/** A moment's update: `decay · moment + keep · g` (first moment) or `… · g²` (second). */
interface MomentAttrs {
  decay: number;
  keep: number;
  squared: boolean;
}

/** The weights' update: `param + (−lr) · (m / c1) / (sqrt(v / c2) + ε)`, c1 = 1−β1ᵗ, c2 = 1−β2ᵗ. */
interface StepAttrs {
  learningRate: number;
  correction1: number;
  correction2: number;
  epsilon: number;
}

const COORDS = ['coords.x', 'coords.y', 'coords.z', 'coords.w'];

/**
 * GLSL setting `result`'s lanes past the end of `shape` to zero (program.ts's `zeroPastEnd`, over the last two
 * dimensions; a 1-D shape packs x, y only). The shape is baked in: the weights' shapes are fixed for a model's
 * life, so each compiles once.
 */
function zeroLanesPastShape(shape: number[]): string {
  const rank = shape.length;
  if (rank === 0) return 'result = zeroPastEnd(result, 0, 0, 1, 1);';
  if (rank === 1) return `int coords = getOutputCoords(); result = zeroPastEnd(result, 0, coords, 1, ${shape[0]});`;
  if (rank > COORDS.length) throw new RangeError(`WebGL Adam takes tensors of rank ≤ ${COORDS.length}, got [${shape}].`);
  return `
        ${rank === 2 ? 'ivec2' : `ivec${rank}`} coords = getOutputCoords();
        result = zeroPastEnd(result, ${COORDS[rank - 2]}, ${COORDS[rank - 1]}, ${shape[rank - 2]}, ${shape[rank - 1]});`;
}

function momentProgram(shape: number[], squared: boolean): WebGlProgram {
  return {
    variableNames: ['moment', 'grad'],
    outputShape: shape,
    packedInputs: true,
    packedOutput: true,
    customUniforms: [
      { name: 'decay', type: 'float' },
      { name: 'keep', type: 'float' },
    ],
    // tfjs's order: add(mul(moment, β), mul(g or square(g), 1 − β)).
    userCode: `${ZERO_PAST_END}
      void main() {
        vec4 g = getGradAtOutCoords();
        vec4 result = getMomentAtOutCoords() * decay + ${squared ? 'g * g' : 'g'} * keep;
        ${zeroLanesPastShape(shape)}
        setOutput(result);
      }
    `,
  };
}

function stepProgram(shape: number[]): WebGlProgram {
  return {
    variableNames: ['param', 'm', 'v'],
    outputShape: shape,
    packedInputs: true,
    packedOutput: true,
    customUniforms: [
      { name: 'negativeRate', type: 'float' },
      { name: 'correction1', type: 'float' },
      { name: 'correction2', type: 'float' },
      { name: 'epsilon', type: 'float' },
    ],
    // tfjs's order: add(mul(div(m / c1, add(sqrt(v / c2), ε)), −lr), param).
    userCode: `${ZERO_PAST_END}
      void main() {
        vec4 corrected1 = getMAtOutCoords() / correction1;
        vec4 corrected2 = getVAtOutCoords() / correction2;
        vec4 result = corrected1 / (sqrt(corrected2) + epsilon) * negativeRate + getParamAtOutCoords();
        ${zeroLanesPastShape(shape)}
        setOutput(result);
      }
    `,
  };
}

let registered = false;

function registerKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: WEBGL_ADAM_MOMENT_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { moment, grad } = inputs as Record<'moment' | 'grad', tf.TensorInfo>;
      const { decay, keep, squared } = attrs as unknown as MomentAttrs;
      return (backend as unknown as WebGlRunner).runWebGLProgram(momentProgram(moment.shape, squared), [moment, grad], 'float32', [[decay], [keep]]);
    },
  });
  tf.registerKernel({
    kernelName: WEBGL_ADAM_STEP_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { param, m, v } = inputs as Record<'param' | 'm' | 'v', tf.TensorInfo>;
      const { learningRate, correction1, correction2, epsilon } = attrs as unknown as StepAttrs;
      return (backend as unknown as WebGlRunner).runWebGLProgram(stepProgram(param.shape), [param, m, v], 'float32', [[-learningRate], [correction1], [correction2], [epsilon]]);
    },
  });
}

function runMoment(moment: tf.Tensor, grad: tf.Tensor, attrs: MomentAttrs): tf.Tensor {
  return tf.engine().runKernel(WEBGL_ADAM_MOMENT_KERNEL, { moment, grad }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/**
 * Adam on the webgl backend with the fused passes. Only what the engine uses is implemented: `applyGradients`
 * and `dispose` (no serialisation: the app never saves optimiser state).
 */
export class WebGlFusedAdam extends tf.Optimizer {
  /** m and v per variable name, replaced by the new ones after each step. */
  private readonly moments = new Map<string, { m: tf.Tensor; v: tf.Tensor }>();
  private step = 0;

  constructor(private readonly constants: AdamConstants) {
    super();
    registerKernels();
  }

  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const named = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.step += 1;
    const { learningRate, beta1, beta2, epsilon } = this.constants;
    const stepAttrs: StepAttrs = { learningRate, correction1: 1 - beta1 ** this.step, correction2: 1 - beta2 ** this.step, epsilon };
    for (const { name, tensor: grad } of named) {
      const variable = tf.engine().registeredVariables[name];
      if (!variable || !variable.trainable) continue;
      let moments = this.moments.get(name);
      // Moments of another shape belonged to an earlier variable of the same name (a rebuilt model): start afresh.
      if (moments && !tf.util.arraysEqual(moments.m.shape, variable.shape)) {
        tf.dispose([moments.m, moments.v]);
        moments = undefined;
      }
      const previous = moments ?? { m: tf.zerosLike(variable), v: tf.zerosLike(variable) };
      const m = tf.keep(runMoment(previous.m, grad, { decay: beta1, keep: 1 - beta1, squared: false }));
      const v = tf.keep(runMoment(previous.v, grad, { decay: beta2, keep: 1 - beta2, squared: true }));
      const next = tf.engine().runKernel(WEBGL_ADAM_STEP_KERNEL, { param: variable, m, v }, stepAttrs as unknown as tf.NamedAttrMap) as tf.Tensor;
      variable.assign(next);
      tf.dispose([next, previous.m, previous.v]);
      this.moments.set(name, { m, v });
    }
    this.incrementIterations();
  }

  /** t and every variable's m, v (read back), for a checkpoint (optimizerState.ts). */
  async saveMoments(): Promise<MomentsState> {
    const moments: MomentsState['moments'] = new Map();
    for (const [name, { m, v }] of this.moments) moments.set(name, { m: (await m.data()) as Float32Array, v: (await v.data()) as Float32Array });
    return { step: this.step, moments };
  }

  /** Take up a checkpoint's t and moments (a fresh optimiser, before its first step). */
  loadMoments(state: MomentsState): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
    this.step = state.step;
    for (const [name, { m, v }] of state.moments) {
      const shape = tf.engine().registeredVariables[name]?.shape ?? [m.length];
      this.moments.set(name, { m: tf.keep(tf.tensor(m, shape)), v: tf.keep(tf.tensor(v, shape)) });
    }
  }

  override dispose(): void {
    super.dispose();
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.constants };
  }

  /** Name for tfjs's serialisation registry (never registered: the app does not save optimisers). */
  static className = 'RnnPlaygroundWebGlFusedAdam';
}
