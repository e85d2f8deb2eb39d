/**
 * Adam as ONE WebGPU dispatch per weight tensor, instead of tfjs's ten-odd element-wise ops per tensor.
 * Why: on a GPU each op is a dispatch costing tens of µs, and the optimiser was most of a names-LSTM step's
 * dispatches once the recurrence was fused.
 *
 * Kernel `RnnPlaygroundAdamUpdate`: inputs `param`, `grad` (same shape), `moments [2n]` (m then v, owned by
 * the optimiser), `hyper [6]` and `counts [2]` int32 (below) → the new param, same shape as `param`; m and v are updated IN
 * PLACE in `moments`. tfjs's WebGPU programs bind every input read-only and have one output, so this one
 * kernel has its own WGSL (binding `moments` read-write, ownShader.ts). The moments
 * buffer never leaves the optimiser, so updating it in place cannot change a tensor anyone else holds; the
 * weights are a fresh tensor every step (checkpoints share the old ones).
 *
 * The update is PyTorch's (and tfjs's): m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²;
 * param −= lr · (m / (1−β1ᵗ)) / (sqrt(v / (1−β2ᵗ)) + ε). The bias corrections are computed from the step
 * count in JavaScript and come in through `hyper` with the other constants, so no tensor keeps β powers.
 */
import * as tf from '@tensorflow/tfjs';
import { recordShader, type WebGpuBackendInternals } from './ownShader';

/** The update kernel's name in tfjs's registry (webgpu backend only). */
export const ADAM_UPDATE_KERNEL = 'RnnPlaygroundAdamUpdate';

/** Threads per workgroup of the Adam kernels. */
export const THREADS = 256;
/** WebGPU's guaranteed maximum of workgroups along one dispatch dimension. */
const MAX_WORKGROUPS_PER_DIMENSION = 65535;

/** A fused Adam's state for a checkpoint (optimizerState.ts): t, and m, v per tfjs variable name. */
export interface MomentsState {
  step: number;
  moments: Map<string, { m: Float32Array; v: Float32Array }>;
}

/** Adam's constants; `learningRate` may change between steps only by building a new optimiser. */
export interface AdamConstants {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * `hyper`: learning rate, β1, β2, ε, 1 − β1ᵗ, 1 − β2ᵗ. `counts`: the element count n and the workgroups
 * along x (the dispatch wraps into y past 65535 workgroups).
 */
const SHADER = `
@group(0) @binding(0) var<storage, read_write> result : array<f32>;
@group(0) @binding(1) var<storage, read> param : array<f32>;
@group(0) @binding(2) var<storage, read> grad : array<f32>;
@group(0) @binding(3) var<storage, read_write> moments : array<f32>;
@group(0) @binding(4) var<storage, read> hyper : array<f32>;
@group(0) @binding(5) var<storage, read> counts : array<u32>;
// tfjs's shape uniforms (NaN, Infinity, shapes): bound by recordAndSubmit, not needed here.
@group(0) @binding(6) var<uniform> tfjsUniforms : vec2<f32>;

@compute @workgroup_size(${THREADS}, 1, 1)
fn main(@builtin(workgroup_id) group : vec3<u32>, @builtin(local_invocation_index) local : u32) {
  _ = tfjsUniforms;
  let n = counts[0];
  let index = (group.y * counts[1] + group.x) * ${THREADS}u + local;
  if (index < n) {
    let g = grad[index];
    let m = hyper[1] * moments[index] + (1.0 - hyper[1]) * g;
    let v = hyper[2] * moments[n + index] + (1.0 - hyper[2]) * g * g;
    moments[index] = m;
    moments[n + index] = v;
    let mHat = m / hyper[4];
    let vHat = v / hyper[5];
    result[index] = param[index] - hyper[0] * mHat / (sqrt(vHat) + hyper[3]);
  }
}
`;

/** Workgroups along x and y covering `size` elements. */
export function workgroups(size: number): [number, number] {
  const total = Math.max(1, Math.ceil(size / THREADS));
  const x = Math.min(total, MAX_WORKGROUPS_PER_DIMENSION);
  return [x, Math.ceil(total / x)];
}

let registered = false;

function registerAdamKernel(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: ADAM_UPDATE_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { param, grad, moments, hyper, counts } = inputs as Record<'param' | 'grad' | 'moments' | 'hyper' | 'counts', tf.TensorInfo>;
      const output = (backend as unknown as WebGpuBackendInternals).makeTensorInfo(param.shape, 'float32');
      const [x, y] = workgroups(param.shape.reduce((product, dim) => product * dim, 1));
      recordShader(backend, SHADER, [x, y, 1], output, [param, grad, moments, hyper, counts]);
      return output;
    },
  });
}

/**
 * Adam on the webgpu backend with the fused update. Only what the engine uses is implemented:
 * `applyGradients` and `dispose`, and its moments for a checkpoint (`saveMoments` / `loadMoments`).
 */
export class FusedAdam extends tf.Optimizer {
  /** m and v `[2n]` per variable name, updated in place by the kernel. */
  private readonly moments = new Map<string, tf.Tensor1D>();
  /**
   * `counts` per variable name and the variable size it was made for, uploaded once: every upload is CPU work
   * per step, and on a real GPU through Dawn the uploads (a `hyper` and a `counts` per weight per step) were a
   * quarter of a names-LSTM step's CPU time.
   */
  private readonly counts = new Map<string, { size: number; tensor: tf.Tensor1D }>();
  private step = 0;

  constructor(private readonly constants: AdamConstants) {
    super();
    registerAdamKernel();
  }

  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const named = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.step += 1;
    const { learningRate, beta1, beta2, epsilon } = this.constants;
    const corrections = [1 - beta1 ** this.step, 1 - beta2 ** this.step];
    // One upload of the step's constants, read by every variable's update.
    const hyper = tf.tensor1d([learningRate, beta1, beta2, epsilon, ...corrections]);
    for (const { name, tensor: grad } of named) {
      const variable = tf.engine().registeredVariables[name];
      if (!variable || !variable.trainable) continue;
      const size = variable.size;
      // Moments of another size belonged to an earlier variable of the same name (a rebuilt model): start afresh.
      let moments = this.moments.get(name);
      if (moments && moments.size !== 2 * size) {
        moments.dispose();
        moments = undefined;
      }
      if (!moments) {
        // Uploaded zeros, not tf.zeros: a fill would be one more dispatch.
        moments = tf.keep(tf.tensor1d(new Float32Array(2 * size)));
        this.moments.set(name, moments);
      }
      const next = tf.engine().runKernel(ADAM_UPDATE_KERNEL, { param: variable, grad, moments, hyper, counts: this.countsFor(name, size) }) as tf.Tensor;
      variable.assign(next);
      next.dispose();
    }
    hyper.dispose();
    this.incrementIterations();
  }

  /** The shader's `counts` for a variable of `size` elements (n, the workgroups along x), kept per name. */
  private countsFor(name: string, size: number): tf.Tensor1D {
    const kept = this.counts.get(name);
    // Counts for another size belonged to an earlier variable of the same name (a rebuilt model).
    if (kept && !kept.tensor.isDisposed && kept.size === size) return kept.tensor;
    kept?.tensor.dispose();
    const tensor = tf.keep(tf.tensor1d([size, workgroups(size)[0]], 'int32'));
    this.counts.set(name, { size, tensor });
    return tensor;
  }

  /** t and every variable's m, v (read back from the device), for a checkpoint (optimizerState.ts). */
  async saveMoments(): Promise<MomentsState> {
    const moments: MomentsState['moments'] = new Map();
    for (const [name, both] of this.moments) {
      // Read a copy: the kernel updates the moments in place, and a tensor read once keeps its values cached.
      const copy = tf.mul(both, 1);
      const values = (await copy.data()) as Float32Array;
      copy.dispose();
      const size = values.length / 2;
      moments.set(name, { m: values.slice(0, size), v: values.slice(size) });
    }
    return { step: this.step, moments };
  }

  /** Take up a checkpoint's t and moments (a fresh optimiser, before its first step). */
  loadMoments(state: MomentsState): void {
    for (const moments of this.moments.values()) moments.dispose();
    this.moments.clear();
    this.step = state.step;
    for (const [name, { m, v }] of state.moments) {
      const both = new Float32Array(m.length + v.length);
      both.set(m);
      both.set(v, m.length);
      this.moments.set(name, tf.keep(tf.tensor1d(both)));
    }
  }

  override dispose(): void {
    super.dispose();
    for (const moments of this.moments.values()) moments.dispose();
    this.moments.clear();
    for (const counts of this.counts.values()) counts.tensor.dispose();
    this.counts.clear();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.constants };
  }

  /** Name for tfjs's serialisation registry (never registered: the app does not save optimisers). */
  static className = 'RnnPlaygroundFusedAdam';
}
