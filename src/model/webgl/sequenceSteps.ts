/**
 * What the fused recurrent layers on WebGL (lstmSequence.ts, gruSequence.ts, rnnSequence.ts) share: a step's
 * texture shape, the activations, a call's own textures (inputs converted once to the packed layout their
 * shaders sample, zero states), the loop over timesteps with the draws that stack its steps into one
 * sequence, and kernel and gradient registration.
 */
import * as tf from '@tensorflow/tfjs';
import { packedProgram, type WebGlProgram, type WebGlRunner } from './program';
import { rowProductsWebGl } from './rowSums';

/**
 * The same activations as the WebGPU kernels and tfjs's WebGL ops (tanh without exp overflow for large |x|),
 * on a texel: every program of these layers is PACKED, a texel holding a 2×2 block (rows b, b+1 × columns c,
 * c+1) as tfjs's own matmul does, so a product's inner loop reads two entries of each row per texture fetch.
 * Gate blocks start at multiples of H, so H must be even for a texel never to straddle two of them.
 */
export const SEQUENCE_HEADER = (hiddenSize: number) => `
  const int UNITS = ${hiddenSize};
  vec4 safeSigmoid(vec4 x) { return 1.0 / (1.0 + exp(-x)); }
  vec4 safeTanh(vec4 x) {
    vec4 e = exp(-2.0 * abs(x));
    return sign(x) * (1.0 - e) / (1.0 + e);
  }
`;

/**
 * GLSL: add to `sum` a texel of h_{t−1} W_hhᵀ, rows b, b+1 of h times columns col, col+1 of W_hhᵀ, two k at a
 * time; `h(k)` reads the texel of h_{t−1} at column k.
 */
export function addHiddenTimesKernel(sum: string, h: (k: string) => string): string {
  return `for (int k = 0; k < UNITS; k += 2) {
      vec4 h = ${h('k')};
      vec4 w = getKernelHh(k, col);
      ${sum} += h.xxzz * w.xyxy + h.yyww * w.zwzw;
    }`;
}

/**
 * GLSL: add to `sum` a texel of ∂recurrent · W_hh over W_hhᵀ's columns `from` … `to` (relative to `from`): rows
 * b, b+1 of ∂recurrent times rows col, col+1 of W_hhᵀ (columns k, k+1 of W_hh), two k at a time; `d(k)` reads
 * the texel of ∂recurrent at column `from` + k.
 */
export function addGradientTimesKernel(sum: string, count: string, d: (k: string) => string, from = ''): string {
  return `for (int k = 0; k < ${count}; k += 2) {
      vec4 d = ${d('k')};
      vec4 w = getKernelHh(col, ${from ? `${from} + ` : ''}k);
      ${sum} += d.xxzz * w.xzxz + d.yyww * w.ywyw;
    }`;
}

/** Whether a hidden size suits these layers: even (a texel holds two columns), see SEQUENCE_HEADER. */
export function evenHiddenSize(hiddenSize: number): boolean {
  return hiddenSize >= 2 && hiddenSize % 2 === 0;
}

/** A step's texture, `[1, B, W]`: rank 3 like the sequences, so the stacking draw reads steps and stacks alike. */
export function stepShape(batch: number, width: number): number[] {
  return [1, batch, width];
}

/**
 * Stack `count` sequences of the same batch and width, `[n_i, B, W]` → `[Σn_i, B, W]`, in one draw; part i
 * starts at step `start<i>` (uniforms, so the shader depends only on `count`).
 */
function stackProgram(count: number, steps: number, batch: number, width: number): WebGlProgram {
  const names = Array.from({ length: count }, (_, index) => `part${index}`);
  const sampler = (name: string) => `get${name[0].toUpperCase()}${name.slice(1)}`;
  const branches = names.map((name, index) => {
    const read = `value = ${sampler(name)}(t${index === 0 ? '' : ` - start${index}`}, coords.y, coords.z);`;
    if (index === count - 1) return index === 0 ? read : `else { ${read} }`;
    return `${index === 0 ? '' : 'else '}if (t < start${index + 1}) { ${read} }`;
  });
  return packedProgram(
    names,
    [steps, batch, width],
    `
  void main() {
    ivec3 coords = getOutputCoords();
    int t = coords.x;
    vec4 value;
    ${branches.join('\n    ')}
    setOutput(value);
  }
`,
    names.slice(1).map((_, index) => ({ name: `start${index + 1}`, type: 'int' as const })),
  );
}

/**
 * A packed copy of a rank-2 or rank-3 input (a weight or b_hh as a row; a sequence), for inputs whose texture is
 * laid out for another shape (see `packedInput`).
 */
function copyProgram(shape: number[]): WebGlProgram {
  if (shape.length !== 2 && shape.length !== 3) throw new RangeError(`The fused WebGL layers copy rank-2 or rank-3 inputs, got shape [${shape.join(', ')}].`);
  const read = shape.length === 2 ? 'ivec2 coords = getOutputCoords();\n    setOutput(getX(coords.x, coords.y));' : 'ivec3 coords = getOutputCoords();\n    setOutput(getX(coords.x, coords.y, coords.z));';
  return packedProgram(
    ['x'],
    shape,
    `
  void main() {
    ${read}
  }
`,
  );
}

/** Textures a shader may sample at once: the bound of one stacking draw. */
function maxPartsPerDraw(): number {
  return Math.max(2, Math.min(16, tf.env().getNumber('WEBGL_MAX_TEXTURES_IN_SHADER')));
}

/** A start beyond any sequence: the stacking shader never reaches the parts that only fill its unused slots. */
const UNUSED_START = 1 << 30;

/**
 * `parts` (each `[n_i, B, W]`) stacked into one `[Σn_i, B, W]` texture: one draw for up to maxPartsPerDraw()
 * parts, a tree beyond. Every draw has the full number of inputs (unused slots repeat the first part), so one
 * shader serves every sequence length: compiling a variant per part count cost tens of ms each on SwiftShader.
 * Disposes the parts (and the tree's intermediates).
 */
function stackSteps(backend: WebGlRunner, parts: tf.TensorInfo[]): tf.TensorInfo {
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
      let steps = group[0].shape[0];
      for (const part of group.slice(1)) {
        starts.push([steps]);
        steps += part.shape[0];
      }
      while (starts.length < perDraw - 1) starts.push([UNUSED_START]);
      const inputs = [...group, ...new Array<tf.TensorInfo>(perDraw - group.length).fill(group[0])];
      const [, batch, width] = group[0].shape;
      next.push(backend.runWebGLProgram(stackProgram(perDraw, steps, batch, width), inputs, 'float32', starts));
      for (const part of group) backend.disposeIntermediateTensorInfo(part);
    }
    level = next;
  }
  return level[0];
}

/** Whether a packed texture made for `stored` can be read as `shape` as it is (tfjs's isReshapeFree, for these ranks). */
function sameLayout(stored: number[], shape: number[]): boolean {
  const [rowsA, colsA] = stored.slice(-2);
  const [rowsB, colsB] = shape.slice(-2);
  return colsA === colsB && (rowsA === rowsB || (rowsA % 2 === 0 && rowsB % 2 === 0));
}

/**
 * `x` as a packed texture laid out for its own shape, the form these shaders sample: converted once here,
 * where tfjs would convert it again for every draw that reads it (a matmul's packed `[T·B, 4H]` read as
 * `[T, B, 4H]` with B odd, or an unpacked gradient). A conversion joins `owned`.
 */
function packedInput(backend: WebGlRunner, x: tf.TensorInfo, owned: tf.TensorInfo[]): tf.TensorInfo {
  const data = backend.texData.get(x.dataId);
  // Not on the GPU yet: the first packed draw uploads it packed for this shape.
  if (data.texture == null) return x;
  let converted: tf.TensorInfo;
  if (!data.isPacked) converted = backend.packTensor(x);
  else if (data.shape !== undefined && !sameLayout(data.shape, x.shape)) converted = backend.runWebGLProgram(copyProgram(x.shape), [x], 'float32');
  else return x;
  owned.push(converted);
  return converted;
}

/** The textures one kernel call makes besides its steps (inputs re-laid, zero states), freed together at its end. */
export class CallTextures {
  private readonly owned: tf.TensorInfo[] = [];

  constructor(private readonly backend: WebGlRunner) {}

  /** `x` as these shaders sample it (see `packedInput`). */
  packed(x: tf.TensorInfo): tf.TensorInfo {
    return packedInput(this.backend, x, this.owned);
  }

  /** A zero texture of `shape`, e.g. the state before the first step. */
  zeros(shape: number[]): tf.TensorInfo {
    const info = this.backend.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((size, dim) => size * dim, 1)));
    this.owned.push(info);
    return info;
  }

  dispose(): void {
    for (const info of this.owned) this.backend.disposeIntermediateTensorInfo(info);
  }
}

/**
 * What one step leaves: `output`, its texture of the stacked result, which the next step may read too, and
 * optionally a `carry` only the next step reads (freed once it has run).
 */
export interface StepTextures {
  output: tf.TensorInfo;
  carry?: tf.TensorInfo;
}

/**
 * Run `step` at each timestep of `order` (0 … T−1 forward, T−1 … 0 backward), each from what the step before
 * left (`start` first: zeros from the call's `CallTextures`, which frees them), and stack the outputs into one
 * `[T, B, W]` texture in time order.
 */
export function runSteps(backend: WebGlRunner, order: number[], start: StepTextures, step: (t: number, previous: StepTextures) => StepTextures): tf.TensorInfo {
  const outputs = new Array<tf.TensorInfo>(order.length);
  let previous = start;
  for (const t of order) {
    const next = step(t, previous);
    if (previous !== start && previous.carry) backend.disposeIntermediateTensorInfo(previous.carry);
    outputs[t] = next.output;
    previous = next;
  }
  if (previous !== start && previous.carry) backend.disposeIntermediateTensorInfo(previous.carry);
  return stackSteps(backend, outputs);
}

/** What every cell's backward kernel starts from: its sizes and its inputs as packed textures of this call. */
export interface BackwardInputs {
  seqLength: number;
  batch: number;
  hiddenSize: number;
  /** Owns any repacked input; dispose after the steps. */
  textures: CallTextures;
  packed: tf.TensorInfo;
  dy: tf.TensorInfo;
  kernelHh: tf.TensorInfo;
}

/** A backward kernel's inputs `packed [T, B, P]`, `dy` (same shape), `kernelHh [H, G·H]`, ready for its draws. */
export function backwardInputs(backend: WebGlRunner, inputs: Record<string, tf.TensorInfo>): BackwardInputs {
  const [seqLength, batch] = inputs.packed.shape;
  const textures = new CallTextures(backend);
  return {
    seqLength,
    batch,
    hiddenSize: inputs.kernelHh.shape[0],
    textures,
    packed: textures.packed(inputs.packed),
    dy: textures.packed(inputs.dy),
    kernelHh: textures.packed(inputs.kernelHh),
  };
}

/** The two draws of a backward step (LSTM, GRU), for one call's batch and hidden size. */
export interface CarryDraws {
  /**
   * Step t's carry `[1, B, carryWidth]` (∂L/∂h_t and what else the cell passes back) from `packed`, `dy`, step
   * t+1's carry and gradient (`nextCarry`, `nextGradient`; zeros past the last step) and `kernelHh`; uniforms
   * `timeStep`, `nextStep` (t + 1, or t itself at the last step: a finite row times zero) and the batch rows.
   */
  carry: WebGlProgram;
  carryWidth: number;
  /** Step t's ∂L/∂projected `[1, B, gradientWidth]` from `packed` and step t's carry; uniforms `timeStep`, batch rows. */
  gradient: WebGlProgram;
  gradientWidth: number;
}

/** A backward kernel of two draws a step: walk the steps from the last, stacking each step's ∂L/∂projected. */
export function runCarryBackward(backend: WebGlRunner, inputs: Record<string, tf.TensorInfo>, draws: (batch: number, hiddenSize: number) => CarryDraws): tf.TensorInfo {
  const { seqLength, batch, hiddenSize, textures, packed, dy, kernelHh } = backwardInputs(backend, inputs);
  const { carry, carryWidth, gradient, gradientWidth } = draws(batch, hiddenSize);
  // Past the last step: no gradient and no carry.
  const start = { output: textures.zeros(stepShape(batch, gradientWidth)), carry: textures.zeros(stepShape(batch, carryWidth)) };
  const result = runSteps(backend, timesteps(seqLength, true), start, (t, next) => {
    const stepCarry = backend.runWebGLProgram(carry, [packed, dy, next.carry!, next.output, kernelHh], 'float32', [[t], [Math.min(t + 1, seqLength - 1)], [batch]]);
    return { output: backend.runWebGLProgram(gradient, [packed, stepCarry], 'float32', [[t], [batch]]), carry: stepCarry };
  });
  textures.dispose();
  return result;
}

/** Timesteps 0 … T−1, or T−1 … 0 `backward`. */
export function timesteps(seqLength: number, backward = false): number[] {
  const order = Array.from({ length: seqLength }, (_, t) => t);
  return backward ? order.reverse() : order;
}

/** Register `kernelName` on the webgl backend as `run` over its named inputs. */
export function registerWebGlKernel(kernelName: string, run: (backend: WebGlRunner, inputs: Record<string, tf.TensorInfo>) => tf.TensorInfo): void {
  tf.registerKernel({
    kernelName,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend }) => run(backend as unknown as WebGlRunner, inputs as Record<string, tf.TensorInfo>),
  });
}

/** Register a cell's kernels (and gradient) once, on the first call of the returned function. */
export function registerOnce(register: () => void): () => void {
  let registered = false;
  return () => {
    if (registered) return;
    registered = true;
    register();
  };
}

/**
 * A fused layer whose ∂L/∂(h_{t−1} W_hhᵀ) is ∂L/∂projected (LSTM, RNN: b_hh is folded into the projection), as a
 * function of `projected [T, B, G·H]` and `kernelHh [H, G·H]` → packed `[T, B, W·H]`, differentiable through
 * tfjs's autodiff: its forward and backward kernels are registered on the first call.
 */
export function sequenceLayer(kernels: {
  kernelName: string;
  gradKernelName: string;
  forward: (backend: WebGlRunner, inputs: Record<string, tf.TensorInfo>) => tf.TensorInfo;
  backward: (backend: WebGlRunner, inputs: Record<string, tf.TensorInfo>) => tf.TensorInfo;
  packedLayout: { width: number; previousHidden: number };
}): (projected: tf.Tensor3D, kernelHh: tf.Tensor2D) => tf.Tensor3D {
  const register = registerOnce(() => {
    registerWebGlKernel(kernels.kernelName, kernels.forward);
    registerWebGlKernel(kernels.gradKernelName, kernels.backward);
    registerSequenceGradient(kernels.kernelName, kernels.gradKernelName, kernels.packedLayout);
  });
  return (projected, kernelHh) => {
    register();
    return tf.engine().runKernel(kernels.kernelName, { projected, kernelHh }) as tf.Tensor3D;
  };
}

/**
 * The gradient of a `sequenceLayer`: `gradKernelName` walks the steps back to ∂L/∂projected, and ∂W_hhᵀ is one
 * row-product draw with h_{t−1} read in place from the packed result (`packedLayout`, in units of H).
 */
function registerSequenceGradient(kernelName: string, gradKernelName: string, packedLayout: { width: number; previousHidden: number }): void {
  tf.registerGradient({
    kernelName,
    inputsToSave: ['kernelHh'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [kernelHh, packed] = saved as [tf.Tensor2D, tf.Tensor3D];
      const hiddenSize = packed.shape[2] / packedLayout.width;
      // Computed here, once, for both inputs' gradients (each gradient thunk runs in its own tidy).
      const gradient = tf.engine().runKernel(gradKernelName, { packed, dy: dy as tf.Tensor, kernelHh }) as tf.Tensor3D;
      return {
        projected: () => gradient.clone(),
        // The row count is a uniform (rowSums.ts says why).
        kernelHh: () => rowProductsWebGl(packed, gradient, { offset: packedLayout.previousHidden * hiddenSize, width: hiddenSize }),
      };
    },
  });
}
