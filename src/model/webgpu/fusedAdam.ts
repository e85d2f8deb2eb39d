/**
 * Adam as one WebGPU dispatch per weight tensor (plus one slice), instead of tfjs's ten-odd element-wise ops
 * per tensor. Why: on a GPU each op is a dispatch costing tens of µs, and the optimiser was most of a names-LSTM
 * step's dispatches once the recurrence was fused.
 *
 * Kernel `RnnPlaygroundAdamUpdate`: inputs `param [n]`, `grad [n]`, `state [3n]` (the previous output, or zeros
 * at the first step) → output `[3n]` = new param, new m, new v. The output is kept whole as the next step's
 * state (so the moments need no slice), and the first third becomes the variable's value. The update is
 * PyTorch's (and tfjs's): m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²;
 * param −= lr · (m / (1−β1ᵗ)) / (sqrt(v / (1−β2ᵗ)) + ε). The bias corrections come in as uniforms, computed
 * from the step count in JavaScript, so no tensor keeps β powers.
 */
import * as tf from '@tensorflow/tfjs';

/** The update kernel's name in tfjs's registry (webgpu backend only). */
export const ADAM_UPDATE_KERNEL = 'RnnPlaygroundAdamUpdate';

const THREADS = 64;

/** Adam's constants; `learningRate` may change between steps only by building a new optimiser. */
export interface AdamConstants {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

interface UpdateAttrs extends AdamConstants {
  /** 1 − β1ᵗ and 1 − β2ᵗ for this step t (1-based). */
  correction1: number;
  correction2: number;
}

interface UpdateProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  uniforms: string;
  size: boolean;
  getUserCode: () => string;
}

interface ProgramRunner {
  runWebGPUProgram(program: UpdateProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType, uniforms: { type: string; data: number[] }[]): tf.TensorInfo;
}

function updateProgram(size: number): UpdateProgram {
  return {
    variableNames: ['param', 'grad', 'state'],
    outputShape: [3 * size],
    shaderKey: 'rnnPlaygroundAdamUpdate',
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(size / THREADS), 1, 1],
    workgroupSize: [THREADS, 1, 1],
    uniforms: 'count : i32, learningRate : f32, beta1 : f32, beta2 : f32, epsilon : f32, correction1 : f32, correction2 : f32,',
    size: false,
    getUserCode: () => `
  fn main(index : i32) {
    let n = uniforms.count;
    if (index < n) {
      let g = grad[index];
      let m = uniforms.beta1 * state[n + index] + (1.0 - uniforms.beta1) * g;
      let v = uniforms.beta2 * state[2 * n + index] + (1.0 - uniforms.beta2) * g * g;
      let mHat = m / uniforms.correction1;
      let vHat = v / uniforms.correction2;
      result[index] = param[index] - uniforms.learningRate * mHat / (sqrt(vHat) + uniforms.epsilon);
      result[n + index] = m;
      result[2 * n + index] = v;
    }
  }
`,
  };
}

let registered = false;

function registerAdamKernel(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: ADAM_UPDATE_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { param, grad, state } = inputs as { param: tf.TensorInfo; grad: tf.TensorInfo; state: tf.TensorInfo };
      const { learningRate, beta1, beta2, epsilon, correction1, correction2 } = attrs as unknown as UpdateAttrs;
      const size = param.shape.reduce((product, dim) => product * dim, 1);
      // One entry per scalar: tfjs aligns a multi-value entry as a vector, which would not match the struct.
      const uniforms = [
        { type: 'int32', data: [size] },
        ...[learningRate, beta1, beta2, epsilon, correction1, correction2].map((value) => ({ type: 'float32', data: [value] })),
      ];
      return (backend as unknown as ProgramRunner).runWebGPUProgram(updateProgram(size), [param, grad, state], 'float32', uniforms);
    },
  });
}

/**
 * Adam on the webgpu backend with the fused update. Only what the engine uses is implemented:
 * `applyGradients` and `dispose` (no serialisation: the app never saves optimiser state).
 */
export class FusedAdam extends tf.Optimizer {
  /** The previous update's output `[3n]` per variable name: its m and v are this step's state. */
  private readonly states = new Map<string, tf.Tensor1D>();
  private step = 0;

  constructor(private readonly constants: AdamConstants) {
    super();
    registerAdamKernel();
  }

  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const named = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.step += 1;
    const { beta1, beta2 } = this.constants;
    const attrs: UpdateAttrs = { ...this.constants, correction1: 1 - beta1 ** this.step, correction2: 1 - beta2 ** this.step };
    for (const { name, tensor: grad } of named) {
      const variable = tf.engine().registeredVariables[name];
      if (!variable || !variable.trainable) continue;
      const size = variable.size;
      // A state of another size belonged to an earlier variable of the same name (a rebuilt model): start afresh.
      const kept = this.states.get(name);
      const fits = kept !== undefined && kept.size === 3 * size;
      if (kept && !fits) kept.dispose();
      const previous = kept && fits ? kept : tf.zeros([3 * size]);
      const next = tf.engine().runKernel(ADAM_UPDATE_KERNEL, { param: variable, grad, state: previous }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor1D;
      tf.tidy(() => variable.assign(tf.reshape(tf.slice(next, 0, size), variable.shape)));
      previous.dispose();
      this.states.set(name, tf.keep(next));
    }
    this.incrementIterations();
  }

  override dispose(): void {
    super.dispose();
    for (const state of this.states.values()) state.dispose();
    this.states.clear();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.constants };
  }

  /** Name for tfjs's serialisation registry (never registered: the app does not save optimisers). */
  static className = 'RnnPlaygroundFusedAdam';
}
